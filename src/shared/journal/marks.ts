/**
 * Marks (отметки). A current mark is stored as text so that the five-point values and the
 * pass/fail entries (зачёт / незачёт) share one column and one history.
 */
export const POINT_MARKS = ['1', '2', '3', '4', '5'] as const;
export const PASS_FAIL_MARKS = ['зач', 'незач'] as const;
export const MARK_VALUES = [...POINT_MARKS, ...PASS_FAIL_MARKS] as const;
export type MarkValue = (typeof MARK_VALUES)[number];

/** How a subject is assessed in a given grade (ОРКСЭ is often pass/fail, grade 1 has no marks: 004 §3.10). */
export const MARKING_MODES = ['points', 'pass_fail', 'none'] as const;
export type MarkingMode = (typeof MARKING_MODES)[number];

/** School settings that decide which marks a teacher may enter. */
export interface MarkScale {
  /** «1» exists in practice but is off by default (domain-defaults §4.1). */
  allowOne: boolean;
}

export const DEFAULT_MARK_SCALE: MarkScale = { allowOne: false };

/** Why a mark value is refused, or null when it may be entered under this marking mode. */
export function markRefusal(value: MarkValue, mode: MarkingMode, scale: MarkScale): string | null {
  if (mode === 'none') return 'По этому предмету в этом классе отметки не ставятся';
  const isPoint = (POINT_MARKS as readonly string[]).includes(value);
  if (mode === 'pass_fail' && isPoint) return 'По этому предмету ставится только «зачёт» или «незачёт»';
  if (mode === 'points' && !isPoint) return 'По этому предмету ставятся отметки от 2 до 5';
  if (value === '1' && !scale.allowOne) return 'Отметка «1» в школе не используется';
  return null;
}

export const MARK_LABELS: Record<MarkValue, string> = {
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  зач: 'зач',
  незач: 'нз',
};
