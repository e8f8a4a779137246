import { z } from 'zod';
import { plural } from '../i18n/plural';

/** Type names as a user reads them (zod's Russian locale leaves «object», «string» in English). */
const TYPE_NAMES: Record<string, string> = {
  string: 'текст',
  number: 'число',
  int: 'целое число',
  bigint: 'целое число',
  nan: 'не число',
  boolean: 'да/нет',
  object: 'объект',
  record: 'объект',
  array: 'список',
  tuple: 'список',
  set: 'набор',
  map: 'объект',
  date: 'дата',
  null: 'пустое значение',
  undefined: 'ничего',
  file: 'файл',
};

function typeName(name: string): string {
  return TYPE_NAMES[name] ?? 'значение другого вида';
}

/** What a value is, in the words of TYPE_NAMES. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  if (value instanceof Date) return 'date';
  return typeof value;
}

const FORMAT_NAMES: Record<string, string> = {
  date: 'дата в формате ГГГГ-ММ-ДД',
  datetime: 'дата и время',
  time: 'время в формате ЧЧ:ММ',
  email: 'адрес электронной почты',
  url: 'адрес в интернете',
  uuid: 'идентификатор',
  regex: 'значение по образцу',
};

const SIZE_UNITS: Record<string, [string, string, string]> = {
  string: ['символа', 'символов', 'символов'],
  array: ['элемента', 'элементов', 'элементов'],
  set: ['элемента', 'элементов', 'элементов'],
  file: ['байта', 'байт', 'байт'],
};

function size(n: number | bigint, origin: string): string {
  const units = SIZE_UNITS[origin];
  if (!units) return String(n);
  // «не короче 1 символа», «не короче 8 символов»: genitive after «не короче / не длиннее».
  return `${n} ${plural(Number(n), ...units)}`;
}

function listOf(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `«${v}»` : String(v))).join(', ');
}

/**
 * Every validation message in Russian, with Russian type names. Messages a schema words itself
 * ({ error: '…' }) take precedence; this map words everything else.
 */
export const russianErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Не заполнено обязательное поле';
      return `Ожидается ${typeName(issue.expected)}, а не ${typeName(typeOf(issue.input))}`;
    case 'too_small': {
      const exact = issue.exact;
      if (issue.origin === 'string') {
        if (Number(issue.minimum) === 1 && !exact) return 'Поле не должно быть пустым';
        return exact
          ? `Должно быть ровно ${size(issue.minimum, 'string')}`
          : `Не короче ${size(issue.minimum, 'string')}`;
      }
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Нужно не меньше ${size(issue.minimum, issue.origin)}`;
      return issue.inclusive
        ? `Число должно быть не меньше ${issue.minimum}`
        : `Число должно быть больше ${issue.minimum}`;
    }
    case 'too_big':
      if (issue.origin === 'string') return `Не длиннее ${size(issue.maximum, 'string')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Не больше ${size(issue.maximum, issue.origin)}`;
      return issue.inclusive
        ? `Число должно быть не больше ${issue.maximum}`
        : `Число должно быть меньше ${issue.maximum}`;
    case 'invalid_format':
      return `Неверный формат: ожидается ${FORMAT_NAMES[issue.format] ?? 'значение по образцу'}`;
    case 'not_multiple_of':
      return `Число должно делиться на ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Лишние поля в запросе: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Ожидается значение ${listOf(issue.values)}`
        : `Ожидается одно из значений: ${listOf(issue.values)}`;
    case 'invalid_union':
      return 'Неверное значение';
    case 'invalid_key':
      return 'Неверное имя поля';
    case 'invalid_element':
      return 'Неверный элемент списка';
    default:
      return 'Неверное значение';
  }
};

// Installed wherever the contract is loaded (main process, worker, renderer): no English in messages.
z.config({ customError: russianErrors });

/**
 * Direction controls (embeddings, overrides, isolates, marks) and invisible zero-width characters.
 * A Russian journal has no use for them, and they can make text display in another order than it is
 * stored («Trojan Source»), leak their direction into the page around a name, or make two equal-looking
 * names differ. They are removed, not refused: they arrive unseen with text pasted from elsewhere.
 * The zero-width joiner (U+200D), part of emoji sequences, is kept.
 */
const INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** Control characters (C0, DEL, C1): refused; a multi-line text keeps line feeds and tabs. */
const CONTROL = /\p{Cc}/u;
const CONTROL_MULTILINE = /[^\P{Cc}\n\t]/u;

/** The same cleaning the schema does, for code that takes text from elsewhere (imports). */
export function cleanText(value: string, multiline = false): string {
  let s = value.replace(INVISIBLE, '');
  if (multiline) s = s.replace(/\r\n?/g, '\n');
  return s.normalize('NFC').trim();
}

/**
 * Free text a person types: a topic, homework, a name. Trimmed, NFC, direction and zero-width
 * characters removed; control characters refused («Тема урока: недопустимый символ»); `multiline`
 * allows line feeds and tabs (homework). `what` names the field in messages.
 */
export function textField(what: string, max: number, options: { multiline?: boolean; min?: number } = {}) {
  const control = options.multiline ? CONTROL_MULTILINE : CONTROL;
  return z
    .string({ error: `${what}: ожидается текст` })
    .max(max, { error: `${what}: не длиннее ${max} ${plural(max, 'символа', 'символов', 'символов')}` })
    .transform((raw, ctx) => {
      const value = cleanText(raw, options.multiline);
      if (control.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `${what}: недопустимый невидимый символ. Наберите текст заново или вставьте его без оформления.`,
        });
        return z.NEVER;
      }
      if (options.min && value.length < options.min) {
        ctx.addIssue({ code: 'custom', message: `${what}: поле не должно быть пустым` });
        return z.NEVER;
      }
      return value;
    });
}

export const Id = z
  .number({ error: 'Ожидается числовой идентификатор' })
  .int({ error: 'Идентификатор должен быть целым числом' })
  .positive({ error: 'Идентификатор должен быть положительным' });

export const IsoDate = z.iso.date({ error: 'Дата должна быть в формате ГГГГ-ММ-ДД' });

/** The version the client last saw; null when it saw no row ("expect the cell to be empty"). */
export const ExpectedVersion = z
  .number()
  .int()
  .nonnegative()
  .nullable()
  .describe('версия записи, которую видел пользователь');

export const Empty = z.object({}).strict();

export const PersonNameSchema = z.object({
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
});
