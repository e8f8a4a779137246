import { api, type Input, type MethodName, type ParsedInput } from '../../shared/api/contract';
import { CallError } from '../api/client';

/** A field of a method's input, or 'form' for what belongs to no one field. */
export type FieldName<M extends MethodName> = Extract<keyof Input<M>, string> | 'form';

/** The first Russian message for each field that is wrong; a field that is right is absent. */
export type FieldErrors<M extends MethodName> = Partial<Record<FieldName<M>, string>>;

const EMPTY = 'Заполните это поле';
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

export type FormCheck<M extends MethodName> =
  | { ok: true; input: ParsedInput<M>; errors: FieldErrors<M> }
  | { ok: false; errors: FieldErrors<M> };

/**
 * Checks a form's values with the input schema of the method they will be sent to, so the form and
 * the server refuse the same things with the same words (no limit is copied into a screen). The
 * values are what the form holds, not yet typed right (an empty date picker gives null).
 */
export function checkInput<M extends MethodName>(
  method: M,
  values: { [K in keyof Input<M>]?: unknown },
): FormCheck<M> {
  const result = api[method].input.safeParse(values);
  if (result.success) return { ok: true, input: result.data as ParsedInput<M>, errors: {} };
  const errors: FieldErrors<M> = {};
  for (const issue of result.error.issues) {
    const top = issue.path[0];
    const field = (typeof top === 'string' && top in values ? top : 'form') as FieldName<M>;
    // A field left empty is not «a value of the wrong type» (zod: «ожидалось число, получено undefined»).
    const empty =
      field !== 'form' && issue.code === 'invalid_type' && isEmpty(values[field as keyof Input<M>]);
    // The first issue of a field says the most basic thing wrong with it (type before length).
    errors[field] ??= empty ? EMPTY : issue.message;
  }
  return { ok: false, errors };
}

/**
 * A refused call as field errors: the router names the field its check failed on, and a field the
 * form shows gets the message under it; anything else goes to the form as a whole.
 */
export function callErrors<M extends MethodName>(
  error: unknown,
  fields: readonly FieldName<M>[],
  fallback: string,
): FieldErrors<M> {
  if (!(error instanceof CallError)) return { form: fallback } as FieldErrors<M>;
  const field = fields.find((f) => f === error.field);
  return { [field ?? 'form']: error.message } as FieldErrors<M>;
}

/**
 * Whether focus leaves a field for a button (Save, Cancel): the field's check then waits for the
 * click, since a message appearing under the field would move the button from under the pointer
 * between press and release, and the click would land beside it (outside a dialog: closing it).
 */
export function leavesForButton(e: { relatedTarget: EventTarget | null }): boolean {
  return e.relatedTarget instanceof Element && e.relatedTarget.closest('button') !== null;
}
