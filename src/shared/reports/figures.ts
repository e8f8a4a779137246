/**
 * The standard figures of a school report (domain-defaults §5, [S53]): % успеваемости, % качества
 * знаний, СОУ (степень обученности, Симонов) and the средний балл, computed from a set of period (or
 * year) marks — one per student of a class in a subject, or every mark of a parallel or the school.
 *
 * N, the denominator, counts the students who have a mark: «осв» (exempt) and no mark at all are left
 * out, «н/а» stays in (it lowers every figure). «зач» counts as passed and as neither quality nor
 * СОУ points; «незач» as failed. The ledgers, the results report and the class teacher's report all
 * count here, so their totals agree.
 */

/** СОУ weights per mark (domain-defaults §5: 100/64/36/16/8, «н/а» 7). */
export const SOU_WEIGHTS: Readonly<Record<string, number>> = {
  '5': 100,
  '4': 64,
  '3': 36,
  '2': 16,
  '1': 8,
  'н/а': 7,
};

export interface MarkCounts {
  /** How many of each value: «5», «4», «3», «2», «1», «н/а», «зач», «незач». «осв» is not counted. */
  byValue: Record<string, number>;
  /** N: the students with a mark other than «осв». */
  total: number;
}

export function countMarks(values: readonly (string | null | undefined)[]): MarkCounts {
  const byValue: Record<string, number> = {};
  let total = 0;
  for (const v of values) {
    if (!v || v === 'осв') continue;
    byValue[v] = (byValue[v] ?? 0) + 1;
    total += 1;
  }
  return { byValue, total };
}

const n = (c: MarkCounts, value: string): number => c.byValue[value] ?? 0;

/** Rounded to one decimal, as reports print percentages. */
const oneDecimal = (x: number): number => Math.round(x * 10) / 10;

export interface Figures {
  /** N. */
  counted: number;
  /** % успеваемости: «5», «4», «3» and «зач» of N; null when N is 0. */
  successPct: number | null;
  /** % качества знаний: «5» and «4» of N. */
  qualityPct: number | null;
  /** СОУ, %: the weighted sum of point marks and «н/а» over N. */
  sou: number | null;
  /** Средний балл: the mean of the point marks (1–5), two decimals; null without any. */
  average: number | null;
}

export function figuresOf(c: MarkCounts): Figures {
  const N = c.total;
  let points = 0;
  let pointCount = 0;
  let souSum = 0;
  for (const [value, count] of Object.entries(c.byValue)) {
    const p = Number(value);
    if (Number.isInteger(p) && p >= 1 && p <= 5) {
      points += p * count;
      pointCount += count;
    }
    souSum += (SOU_WEIGHTS[value] ?? 0) * count;
  }
  if (N === 0) return { counted: 0, successPct: null, qualityPct: null, sou: null, average: null };
  return {
    counted: N,
    successPct: oneDecimal(((n(c, '5') + n(c, '4') + n(c, '3') + n(c, 'зач')) * 100) / N),
    qualityPct: oneDecimal(((n(c, '5') + n(c, '4')) * 100) / N),
    sou: oneDecimal(souSum / N),
    average: pointCount === 0 ? null : Math.round((points / pointCount) * 100) / 100,
  };
}

/**
 * A student's standing over their subjects' marks for a period (итоги успеваемости): отличник (all
 * «5»), хорошист (only «4» and «5», at least one «4»), с одной «3» (exactly one «3», the rest «4»/«5»),
 * неуспевающий (any «2», «1», «незач» or «н/а»). «зач» and «осв» do not change the standing. null
 * when the student has no point mark at all, or has a «3» among others (none of the named groups).
 */
export type Standing = 'excellent' | 'good' | 'oneThree' | 'failing' | 'other' | null;

export function standingOf(values: readonly (string | null | undefined)[]): Standing {
  let fives = 0;
  let fours = 0;
  let threes = 0;
  let failing = false;
  for (const v of values) {
    if (v === '5') fives += 1;
    else if (v === '4') fours += 1;
    else if (v === '3') threes += 1;
    else if (v === '2' || v === '1' || v === 'незач' || v === 'н/а') failing = true;
  }
  if (failing) return 'failing';
  if (fives + fours + threes === 0) return null;
  if (threes === 0) return fours === 0 ? 'excellent' : 'good';
  return threes === 1 ? 'oneThree' : 'other';
}
