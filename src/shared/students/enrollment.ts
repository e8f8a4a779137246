import { addDays, formatDayMonth, type IsoDate } from '../i18n/dates';

/**
 * A student's time in one class (class_enrollment): from the first day to the last (null: still
 * there), how it began and how it ended. The journal shows a student only on these days, as a paper
 * journal does: the row stays, with «выбыл 12.01», and the cells outside are closed.
 */
export interface EnrollmentSpan {
  from: IsoDate;
  /** The last day in the class (inclusive); null while the student is in it. */
  to: IsoDate | null;
  enrolledKind: EnrolledKind;
  leftKind: LeftKind | null;
}

export const ENROLLED_KINDS = ['listed', 'arrived', 'transferred'] as const;
export type EnrolledKind = (typeof ENROLLED_KINDS)[number];
export const LEFT_KINDS = ['left', 'transferred'] as const;
export type LeftKind = (typeof LEFT_KINDS)[number];

/** Whether the student sits in the class on that day. */
export function enrolledOn(spans: readonly Pick<EnrollmentSpan, 'from' | 'to'>[], date: IsoDate): boolean {
  return spans.some((s) => s.from <= date && (s.to === null || date <= s.to));
}

/**
 * The day a student's move out of a class is known by: the day they left (выбыл: the last day in the
 * class), or for a transfer the first day in the new class (the old enrollment ends the day before).
 */
export function leftDate(span: Pick<EnrollmentSpan, 'to' | 'leftKind'>): IsoDate | null {
  if (span.to === null) return null;
  return span.leftKind === 'transferred' ? addDays(span.to, 1) : span.to;
}

/**
 * The note a paper journal writes beside the name on a page covering `range`: «прибыл 15.01» when the
 * student came in during it, «выбыл 12.01» / «переведён 12.01» when they left during it.
 */
export function movementNote(
  spans: readonly EnrollmentSpan[],
  range: { from: IsoDate; to: IsoDate },
): string {
  const notes: string[] = [];
  for (const s of spans) {
    if (s.from > range.from && s.from <= range.to && s.enrolledKind !== 'listed')
      notes.push(`прибыл ${formatDayMonth(s.from)}`);
    if (s.to !== null && s.to >= range.from && s.to < range.to) {
      const day = formatDayMonth(leftDate(s) ?? s.to);
      notes.push(s.leftKind === 'transferred' ? `переведён ${day}` : `выбыл ${day}`);
    }
  }
  return notes.join(', ');
}
