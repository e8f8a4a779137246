import { type GradingRules, markPoints, roundMark, suggestPeriodMark } from '../journal/grading';
import type { MarkingMode, MarkScale } from '../journal/marks';

/**
 * Period, year, exam and final marks (итоговые отметки, 002 §5.2, 004 §4.5): what may be entered and
 * what the journal suggests. Stored in final_mark.value.
 */
export const FINAL_MARK_KINDS = ['period', 'year', 'exam', 'final'] as const;
export type FinalMarkKind = (typeof FINAL_MARK_KINDS)[number];

export const FINAL_MARK_VALUES = ['1', '2', '3', '4', '5', 'зач', 'незач', 'н/а', 'осв'] as const;
export type FinalMarkValue = (typeof FINAL_MARK_VALUES)[number];

export const FINAL_KIND_TITLES: Record<FinalMarkKind, string> = {
  period: 'отметка за период',
  year: 'годовая отметка',
  exam: 'экзаменационная отметка',
  final: 'итоговая отметка',
};

/** «не аттестован» and «освобождён» (domain-defaults §4.2): entered under any marking mode. */
export const NOT_ASSESSED = 'н/а';
export const EXEMPT = 'осв';

/** The values a teacher may enter on a page of this marking mode, in the order a menu lists them. */
export function finalValuesFor(mode: MarkingMode, scale: MarkScale): FinalMarkValue[] {
  if (mode === 'none') return [];
  const own: FinalMarkValue[] =
    mode === 'pass_fail'
      ? ['зач', 'незач']
      : [...(scale.allowOne ? (['1'] as const) : []), '2', '3', '4', '5'];
  return [...own, NOT_ASSESSED, EXEMPT];
}

/** Why this value is refused on this page, or null. */
export function finalValueRefusal(value: FinalMarkValue, mode: MarkingMode, scale: MarkScale): string | null {
  if (mode === 'none') return 'По этому предмету в этом классе отметки не ставятся';
  if (finalValuesFor(mode, scale).includes(value)) return null;
  if (value === '1') return 'Отметка «1» в школе не используется';
  return mode === 'pass_fail'
    ? 'По этому предмету ставится «зач», «незач», «н/а» или «осв»'
    : 'По этому предмету ставятся отметки от 2 до 5, «н/а» или «осв»';
}

/**
 * The weighted average of a student's current marks in a period and the period mark it suggests,
 * by the school's rules (the one averaging module, src/shared/journal/grading.ts).
 */
export function periodSuggestion(
  marks: readonly { value: string; weight: number }[],
  rules: GradingRules,
): { average: number | null; suggested: string | null } {
  const s = suggestPeriodMark(marks, rules);
  return { average: s.average, suggested: s.value };
}

/**
 * The mean of point marks (period marks → year; year and exam → final), rounded by the school's
 * rule; null when there is none. «н/а», «осв», «зач» are not points and do not count.
 */
export function meanSuggestion(values: readonly string[], rules: GradingRules): string | null {
  const points = values.map(markPoints).filter((p): p is number => p !== null);
  if (points.length === 0) return null;
  return roundMark(points.reduce((a, b) => a + b, 0) / points.length, rules);
}
