import { plural } from '../i18n/plural';
import type { MarkScale } from './marks';

/**
 * The one place where the journal computes with marks: the weighted average of current marks, the
 * suggested period mark by the school's rounding rule, the year mark from the period marks, the
 * final mark from year and exam, whether a period mark may be set, and the diary's forecast
 * (issue 9; domain-defaults §4.2–4.5). Pure: the grid, the diary and the reports call it with what
 * they read, so all of them show the same numbers.
 *
 * Decisions (domain-defaults leaves them to the school or does not say):
 * - Only point marks «1»–«5» count in averages; «зач»/«незач» never do (§4.2). Absences are not
 *   marks and are never passed here; an owed work (долг, «точка») is passed with `owed: true` and
 *   counts neither in the average nor towards the minimum until it becomes a mark.
 * - Each mark carries the weight copied when it was given; a mark with a weight of zero or less
 *   (impossible in the database) is ignored rather than dividing by it.
 * - The minimum of marks (§4.5) counts the marks that decide the period mark: point marks for a
 *   point mark, every current mark (point or pass/fail) for «зач»/«незач». It is not scaled down
 *   for a student who arrived mid-period: only the marks given while enrolled exist, and the
 *   teacher sets «н/а» or gathers more marks.
 * - Year mark: the arithmetic mean of the period point marks by the same rounding rule (§4.4).
 *   «осв» periods are left out (§4.2: out of the denominator). A period «н/а» is an academic debt:
 *   while any period of the year stands at «н/а», the suggested year mark is «н/а»; once the
 *   teacher replaces it with the mark of the cleared debt, the suggestion follows the marks.
 * - Final mark: the mean of the year and exam marks by the same rule (in the student's favour at
 *   x.5: 4 and 5 give 5); no exam → the year mark; an exam «осв» is left out; «н/а» in either → «н/а».
 */

/** The rounding presets of domain-defaults §4.4: the fraction from which the mean goes up. */
export const ROUNDING_RULES = ['x.5', 'x.6', 'x.65'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

/** Hundredths of the fraction at or above which the mean rounds up. */
const THRESHOLD: Record<RoundingRule, number> = { 'x.5': 50, 'x.6': 60, 'x.65': 65 };

export const ROUNDING_TITLES: Record<RoundingRule, string> = {
  'x.5': 'С 0,5 — в пользу ученика (3,50 → 4)',
  'x.6': 'С 0,6 (3,59 → 3, 3,60 → 4)',
  'x.65': 'С 0,65 (3,64 → 3, 3,65 → 4)',
};

/** The school's grading rules: the mark scale, the rounding preset and the minimum of current marks. */
export interface GradingRules extends MarkScale {
  rounding: RoundingRule;
  /** Fewer current marks than this in a period → only «н/а» (domain-defaults §4.5). */
  minMarks: number;
}

export const DEFAULT_GRADING_RULES: GradingRules = { allowOne: false, rounding: 'x.5', minMarks: 3 };
export const MIN_MARKS_LIMIT = 20;

/** What a period, year, exam or final mark may be (the final_mark table's values). */
export const RESULT_VALUES = ['1', '2', '3', '4', '5', 'зач', 'незач', 'н/а', 'осв'] as const;
export type ResultValue = (typeof RESULT_VALUES)[number];
export type PointValue = '1' | '2' | '3' | '4' | '5';

/** A current mark as averages read it: its value and the weight copied on it when it was given. */
export interface CurrentMark {
  value: string;
  weight: number;
  /** Owed work (долг, «точка») waiting for a result: not a mark yet. */
  owed?: boolean;
}

/** The numeric value of a mark for averages; pass/fail marks and anything else do not count. */
export function markPoints(value: string): number | null {
  const n = Number(value);
  return value.length === 1 && Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Weighted average Σ(mark × weight) / Σ(weight), rounded to 2 decimals, or null with no point marks. */
export function weightedAverage(marks: readonly CurrentMark[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const m of marks) {
    const points = m.owed ? null : markPoints(m.value);
    if (points === null || !(m.weight > 0)) continue;
    sum += points * m.weight;
    weights += m.weight;
  }
  return weights === 0 ? null : round2(sum / weights);
}

/** How many current marks count: point marks only, or (pointsOnly = false) pass/fail ones too. */
export function countedMarks(marks: readonly CurrentMark[], pointsOnly = true): number {
  let n = 0;
  for (const m of marks) {
    if (m.owed || !(m.weight > 0)) continue;
    if (markPoints(m.value) !== null || (!pointsOnly && (m.value === 'зач' || m.value === 'незач'))) n++;
  }
  return n;
}

/**
 * A mean rounded to a whole mark by the school's rule: first to 2 decimals (4.645 → 4.65), then up
 * from the preset's fraction. Never below the scale («2» while «1» is not used) nor above «5».
 */
export function roundMark(mean: number, rules: Pick<GradingRules, 'rounding' | 'allowOne'>): PointValue {
  const hundredths = Math.round(mean * 100);
  const whole = Math.floor(hundredths / 100);
  const mark = hundredths - whole * 100 >= THRESHOLD[rules.rounding] ? whole + 1 : whole;
  const lowest = rules.allowOne ? 1 : 2;
  return String(Math.min(5, Math.max(lowest, mark))) as PointValue;
}

/** The suggested period mark: a point mark, «н/а» (below the minimum), or null (pass/fail only: the teacher decides). */
export interface PeriodSuggestion {
  value: PointValue | 'н/а' | null;
  /** The weighted average (null without point marks). */
  average: number | null;
  /** Point marks that count. */
  count: number;
}

export function suggestPeriodMark(marks: readonly CurrentMark[], rules: GradingRules): PeriodSuggestion {
  const average = weightedAverage(marks);
  const count = countedMarks(marks);
  if (average === null) {
    const any = countedMarks(marks, false);
    return { value: any >= rules.minMarks ? null : 'н/а', average, count };
  }
  return { value: count >= rules.minMarks ? roundMark(average, rules) : 'н/а', average, count };
}

/**
 * Why this period mark may not be set, in Russian, or null when it may: fewer current marks than
 * the school's minimum leave only «н/а» (and «осв», which is not earned by marks).
 */
export function periodMarkRefusal(
  value: ResultValue,
  marks: readonly CurrentMark[],
  rules: GradingRules,
): string | null {
  if (value === 'н/а' || value === 'осв') return null;
  if (value === '1' && !rules.allowOne) return 'Отметка «1» в школе не используется';
  const passFail = value === 'зач' || value === 'незач';
  const count = countedMarks(marks, !passFail);
  if (count >= rules.minMarks) return null;
  return (
    `Отметку за период можно поставить, когда у ученика не меньше ${marksText(rules.minMarks)} ` +
    `(сейчас ${count}); иначе ставится «н/а»`
  );
}

/**
 * Whether a period mark other than «н/а»/«осв» may be set with these marks: a point mark (point
 * marks count), or with passFail a «зач»/«незач» (every current mark counts). As periodMarkRefusal.
 */
export function mayGetPeriodMark(
  marks: readonly CurrentMark[],
  rules: GradingRules,
  passFail = false,
): boolean {
  return countedMarks(marks, !passFail) >= rules.minMarks;
}

/** The year mark from the period marks (null: nothing to suggest yet). */
export interface YearSuggestion {
  value: ResultValue | null;
  /** The arithmetic mean of the period point marks, to 2 decimals (null without any). */
  average: number | null;
}

export function suggestYearMark(
  periodMarks: readonly (string | null)[],
  rules: GradingRules,
): YearSuggestion {
  const given = periodMarks.filter((v): v is string => v !== null && v !== 'осв');
  if (given.length === 0)
    return { value: periodMarks.some((v) => v === 'осв') ? 'осв' : null, average: null };
  const points = given.map(markPoints).filter((p): p is number => p !== null);
  const average = points.length ? round2(points.reduce((a, b) => a + b, 0) / points.length) : null;
  if (given.includes('н/а')) return { value: 'н/а', average };
  if (average !== null) return { value: roundMark(average, rules), average };
  // Pass/fail only: «незач» in any period leaves the year «незач».
  return { value: given.includes('незач') ? 'незач' : 'зач', average: null };
}

/** The final mark from the year and exam marks (null: no year mark yet). */
export function suggestFinalMark(
  year: string | null,
  exam: string | null,
  rules: GradingRules,
): ResultValue | null {
  if (year === null) return null;
  if (year === 'н/а' || exam === 'н/а') return 'н/а';
  if (exam === null || exam === 'осв') return year as ResultValue;
  if (year === 'осв') return exam as ResultValue;
  const y = markPoints(year);
  const e = markPoints(exam);
  if (y === null || e === null) return year === 'незач' || exam === 'незач' ? 'незач' : 'зач';
  return roundMark((y + e) / 2, rules);
}

/** The diary's forecast of the period mark from the current marks (001 ЭД §2), or null without point marks. */
export interface Forecast {
  average: number;
  mark: PointValue;
  /** Point marks so far. */
  count: number;
  /** Marks still needed to reach the school's minimum (0 when enough). */
  missing: number;
}

export function forecastPeriodMark(marks: readonly CurrentMark[], rules: GradingRules): Forecast | null {
  const average = weightedAverage(marks);
  if (average === null) return null;
  const count = countedMarks(marks);
  return { average, mark: roundMark(average, rules), count, missing: Math.max(0, rules.minMarks - count) };
}

/** «3 отметок» after «не меньше» (genitive). */
function marksText(n: number): string {
  return `${n} ${plural(n, 'отметки', 'отметок', 'отметок')}`;
}
