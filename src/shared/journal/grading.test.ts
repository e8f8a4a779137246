import { describe, expect, it } from 'vitest';
import {
  type CurrentMark,
  countedMarks,
  DEFAULT_GRADING_RULES,
  forecastPeriodMark,
  type GradingRules,
  markPoints,
  mayGetPeriodMark,
  periodMarkRefusal,
  type RoundingRule,
  roundMark,
  suggestFinalMark,
  suggestPeriodMark,
  suggestYearMark,
  weightedAverage,
} from './grading';

/**
 * Golden fixtures of the one averaging module (issue 9): each case is what a teacher would work out
 * on paper from the marks in the journal, written out by hand, not computed by the code under test.
 */
const rules = (rounding: RoundingRule, more: Partial<GradingRules> = {}): GradingRules => ({
  ...DEFAULT_GRADING_RULES,
  rounding,
  ...more,
});
const m = (value: string, weight = 1, owed?: boolean): CurrentMark =>
  owed ? { value, weight, owed } : { value, weight };

describe('weighted average of current marks', () => {
  it('weighs each mark by the weight copied on it: Σ(mark × weight) / Σ(weight)', () => {
    // контрольная 5 (вес 4), ответ 3 (вес 1): (20 + 3) / 5 = 4.6
    expect(weightedAverage([m('5', 4), m('3', 1)])).toBe(4.6);
    // самостоятельная 4 (2), домашняя 5 (1), диктант 3 (3): (8 + 5 + 9) / 6 = 3.666… → 3.67
    expect(weightedAverage([m('4', 2), m('5', 1), m('3', 3)])).toBe(3.67);
    // the same marks with the weights the school had before it changed «Диктант» to 1: the copied weight holds
    expect(weightedAverage([m('4', 2), m('5', 1), m('3', 1)])).toBe(4);
    // fractional weights (a school may set 1.5)
    expect(weightedAverage([m('5', 1.5), m('2', 0.5)])).toBe(4.25);
  });

  it('never counts зачёт or незачёт', () => {
    expect(weightedAverage([m('5', 4), m('3', 1), m('зач', 3), m('незач', 3)])).toBe(4.6);
    expect(weightedAverage([m('зач'), m('незач')])).toBeNull();
    expect(countedMarks([m('5'), m('зач'), m('незач')])).toBe(1);
    expect(countedMarks([m('5'), m('зач'), m('незач')], false)).toBe(3);
  });

  it('never counts an owed work («точка», долг) until it becomes a mark', () => {
    expect(weightedAverage([m('5'), m('4'), m('2', 4, true)])).toBe(4.5);
    expect(countedMarks([m('5'), m('4'), m('2', 4, true)])).toBe(2);
    // an excused or missed lesson is an absence, not a mark: it simply is not in the list
    expect(weightedAverage([m('5'), m('4')])).toBe(4.5);
  });

  it('counts each of several marks in one lesson', () => {
    // one lesson: answer 5 and a test 3 (вес 2); another lesson: 4
    expect(weightedAverage([m('5', 1), m('3', 2), m('4', 1)])).toBe(3.75);
    expect(countedMarks([m('5', 1), m('3', 2), m('4', 1)])).toBe(3);
  });

  it('has no average without marks, and reads only «1»–«5» as points', () => {
    expect(weightedAverage([])).toBeNull();
    expect(['1', '2', '3', '4', '5', '0', '6', '4.5', '', 'н/а', 'осв', '•'].map(markPoints)).toEqual([
      1,
      2,
      3,
      4,
      5,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('rounding by the school’s preset (domain-defaults §4.4)', () => {
  // [mean, x.5, x.6, x.65]
  const table: [number, string, string, string][] = [
    [3.49, '3', '3', '3'],
    [3.5, '4', '3', '3'],
    [3.59, '4', '3', '3'],
    [3.6, '4', '4', '3'],
    [3.64, '4', '4', '3'],
    [3.65, '4', '4', '4'],
    [4.5, '5', '4', '4'],
    [4.6, '5', '5', '4'],
    [4.65, '5', '5', '5'],
    [2.49, '2', '2', '2'],
    [2.5, '3', '2', '2'],
    [5, '5', '5', '5'],
    [2, '2', '2', '2'],
  ];
  it.each(table)('%s → x.5: %s, x.6: %s, x.65: %s', (mean, half, six, sixtyFive) => {
    expect(roundMark(mean, rules('x.5'))).toBe(half);
    expect(roundMark(mean, rules('x.6'))).toBe(six);
    expect(roundMark(mean, rules('x.65'))).toBe(sixtyFive);
  });

  it('rounds the mean to 2 decimals before comparing', () => {
    // 3.645 → 3.65 → «4» under x.65; 3.4951 → 3.50 → «4» under x.5; 3.594 → 3.59 → «3» under x.6
    expect(roundMark(3.645, rules('x.65'))).toBe('4');
    expect(roundMark(3.4951, rules('x.5'))).toBe('4');
    expect(roundMark(3.594, rules('x.6'))).toBe('3');
    // a sum in binary fractions a hair below the boundary (4.35 + 0.3 = 4.6499999…) still lands on it
    expect(4.35 + 0.3).toBeLessThan(4.65);
    expect(roundMark(4.35 + 0.3, rules('x.65'))).toBe('5');
  });

  it('never goes below the scale: «2» unless the school uses «1»', () => {
    expect(roundMark(1.2, rules('x.5'))).toBe('2');
    expect(roundMark(1.2, rules('x.5', { allowOne: true }))).toBe('1');
  });

  it('reaches the boundary exactly from real marks', () => {
    // 5, 4 → 4.5: «5» in the student's favour, «4» under x.6 and x.65
    const marks = [m('5'), m('4'), m('5'), m('4')];
    expect(suggestPeriodMark(marks, rules('x.5'))).toEqual({ value: '5', average: 4.5, count: 4 });
    expect(suggestPeriodMark(marks, rules('x.6')).value).toBe('4');
    // 5×3 + 4×2 = 23 / 5 = 4.6: «5» under x.6, «4» under x.65
    const six = [m('5', 3), m('4', 2)];
    expect(weightedAverage(six)).toBe(4.6);
    expect(suggestPeriodMark(six, rules('x.6', { minMarks: 2 })).value).toBe('5');
    expect(suggestPeriodMark(six, rules('x.65', { minMarks: 2 })).value).toBe('4');
    // 3×7 + 4×13 = 73 / 20 = 3.65: «4» under x.65
    const sixtyFive = [...Array(7).fill(m('3')), ...Array(13).fill(m('4'))];
    expect(suggestPeriodMark(sixtyFive, rules('x.65'))).toEqual({ value: '4', average: 3.65, count: 20 });
  });
});

describe('the suggested period mark and the minimum of marks (domain-defaults §4.5)', () => {
  const r = rules('x.5');

  it('with no marks at all suggests «н/а» and allows nothing else', () => {
    expect(suggestPeriodMark([], r)).toEqual({ value: 'н/а', average: null, count: 0 });
    expect(mayGetPeriodMark([], r)).toBe(false);
    expect(periodMarkRefusal('4', [], r)).toBe(
      'Отметку за период можно поставить, когда у ученика не меньше 3 отметок (сейчас 0); иначе ставится «н/а»',
    );
    expect(periodMarkRefusal('н/а', [], r)).toBeNull();
    expect(periodMarkRefusal('осв', [], r)).toBeNull();
    expect(forecastPeriodMark([], r)).toBeNull();
  });

  it('below the minimum shows the average but suggests only «н/а»', () => {
    const two = [m('5'), m('4')];
    expect(suggestPeriodMark(two, r)).toEqual({ value: 'н/а', average: 4.5, count: 2 });
    expect(periodMarkRefusal('5', two, r)).toMatch(/не меньше 3 отметок \(сейчас 2\)/);
    // зачёт and owed works do not make up the minimum of point marks
    expect(periodMarkRefusal('5', [...two, m('зач'), m('3', 1, true)], r)).toMatch(/сейчас 2/);
    expect(periodMarkRefusal('5', [...two, m('3')], r)).toBeNull();
    expect(periodMarkRefusal('5', two, { ...r, minMarks: 2 })).toBeNull();
    expect(periodMarkRefusal('5', [m('5')], { ...r, minMarks: 1 })).toBeNull();
    expect(periodMarkRefusal('5', [], { ...r, minMarks: 1 })).toBe(
      'Отметку за период можно поставить, когда у ученика не меньше 1 отметки (сейчас 0); иначе ставится «н/а»',
    );
  });

  it('refuses a period «1» where the school does not use it', () => {
    const marks = [m('2'), m('2'), m('2')];
    expect(periodMarkRefusal('1', marks, r)).toBe('Отметка «1» в школе не используется');
    expect(periodMarkRefusal('1', marks, { ...r, allowOne: true })).toBeNull();
  });

  it('for a pass/fail subject counts зачёт marks and leaves the choice to the teacher', () => {
    const passFail = [m('зач'), m('зач'), m('незач')];
    expect(suggestPeriodMark(passFail, r)).toEqual({ value: null, average: null, count: 0 });
    expect(mayGetPeriodMark(passFail, r, true)).toBe(true);
    expect(mayGetPeriodMark(passFail, r)).toBe(false);
    expect(mayGetPeriodMark([m('5'), m('4'), m('зач')], r)).toBe(false);
    expect(mayGetPeriodMark([m('5'), m('4'), m('3')], r)).toBe(true);
    expect(periodMarkRefusal('зач', passFail, r)).toBeNull();
    expect(periodMarkRefusal('зач', passFail.slice(0, 2), r)).toMatch(/сейчас 2/);
  });

  it('for a student who arrived mid-period uses only the marks given while enrolled', () => {
    // Arrived in the fifth week: the page has no cells before the arrival, so three marks exist.
    const sinceArrival = [m('4', 1), m('5', 4), m('3', 2)];
    expect(suggestPeriodMark(sinceArrival, r)).toEqual({ value: '4', average: 4.29, count: 3 });
    // Arrived in the last week with one mark: the minimum is not scaled down.
    expect(suggestPeriodMark([m('5')], r)).toEqual({ value: 'н/а', average: 5, count: 1 });
  });

  it('forecasts the period mark for the diary from the marks so far', () => {
    expect(forecastPeriodMark([m('5'), m('4')], r)).toEqual({
      average: 4.5,
      mark: '5',
      count: 2,
      missing: 1,
    });
    expect(forecastPeriodMark([m('5'), m('4'), m('4')], rules('x.65'))).toEqual({
      average: 4.33,
      mark: '4',
      count: 3,
      missing: 0,
    });
    expect(forecastPeriodMark([m('зач')], r)).toBeNull();
  });
});

describe('year and final marks', () => {
  const r = rules('x.5');

  it('the year mark is the mean of the period marks by the same rule', () => {
    expect(suggestYearMark(['4', '4', '5', '5'], r)).toEqual({ value: '5', average: 4.5 });
    expect(suggestYearMark(['4', '4', '5', '5'], rules('x.6'))).toEqual({ value: '4', average: 4.5 });
    expect(suggestYearMark(['3', '4', '4', '4'], r)).toEqual({ value: '4', average: 3.75 });
    expect(suggestYearMark(['5', '4', '4'], rules('x.65'))).toEqual({ value: '4', average: 4.33 });
    // a period not marked yet is simply not there
    expect(suggestYearMark(['5', null, null, null], r)).toEqual({ value: '5', average: 5 });
    expect(suggestYearMark([], r)).toEqual({ value: null, average: null });
    expect(suggestYearMark([null, null], r)).toEqual({ value: null, average: null });
  });

  it('leaves «осв» out and keeps «н/а» as a debt', () => {
    expect(suggestYearMark(['осв', '3', '4', '4'], r)).toEqual({ value: '4', average: 3.67 });
    expect(suggestYearMark(['осв', 'осв'], r)).toEqual({ value: 'осв', average: null });
    expect(suggestYearMark(['5', 'н/а', '5', '5'], r)).toEqual({ value: 'н/а', average: 5 });
    expect(suggestYearMark(['н/а', 'н/а'], r)).toEqual({ value: 'н/а', average: null });
  });

  it('for a pass/fail subject: «зач» unless a period is «незач»', () => {
    expect(suggestYearMark(['зач', 'зач'], r)).toEqual({ value: 'зач', average: null });
    expect(suggestYearMark(['зач', 'незач'], r)).toEqual({ value: 'незач', average: null });
  });

  it('the final mark is the mean of the year and exam marks by the same rule', () => {
    expect(suggestFinalMark('4', '5', r)).toBe('5');
    expect(suggestFinalMark('4', '5', rules('x.6'))).toBe('4');
    expect(suggestFinalMark('3', '5', r)).toBe('4');
    expect(suggestFinalMark('5', '3', r)).toBe('4');
    expect(suggestFinalMark('4', null, r)).toBe('4');
    expect(suggestFinalMark('4', 'осв', r)).toBe('4');
    expect(suggestFinalMark('осв', '5', r)).toBe('5');
    expect(suggestFinalMark('н/а', '5', r)).toBe('н/а');
    expect(suggestFinalMark('4', 'н/а', r)).toBe('н/а');
    expect(suggestFinalMark(null, '5', r)).toBeNull();
    expect(suggestFinalMark('зач', null, r)).toBe('зач');
  });
});
