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

/** The numeric value of a mark for averages; pass/fail marks do not count (domain-defaults §4.2). */
export function markPoints(value: string): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

/** Weighted average Σ(mark × weight) / Σ(weight), rounded to 2 decimals, or null with no point marks. */
export function weightedAverage(marks: readonly { value: string; weight: number }[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const m of marks) {
    const points = markPoints(m.value);
    if (points === null || m.weight <= 0) continue;
    sum += points * m.weight;
    weights += m.weight;
  }
  return weights === 0 ? null : Math.round((sum / weights) * 100) / 100;
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
