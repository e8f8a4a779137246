import { describe, expect, it } from 'vitest';
import type { JournalPage } from '../../shared/journal/schemas';
import type { FinalMark } from '../../shared/periods/schemas';
import {
  absenceTotals,
  finalValueForAction,
  type PinnedColumn,
  pinnedCell,
  pinnedColumns,
  rightOffsets,
  suggestedValue,
} from './pinned';

const rules = { allowOne: false, rounding: 'x.5', minMarks: 3 } as const;
const periods = [
  { id: 11, name: 'I четверть', startsOn: '2026-09-01', endsOn: '2026-10-25', closed: true },
  { id: 12, name: 'II четверть', startsOn: '2026-11-05', endsOn: '2026-12-28', closed: false },
];

function page(over: {
  periodId: number | null;
  grade?: number;
  markingMode?: 'points' | 'pass_fail' | 'none';
}) {
  return {
    load: { grade: over.grade ?? 5, markingMode: over.markingMode ?? 'points' },
    periods,
    periodId: over.periodId,
  } as unknown as JournalPage;
}

let nextId = 1;
const final = (
  kind: FinalMark['kind'],
  value: FinalMark['value'],
  periodId: number | null = null,
): FinalMark => ({
  id: nextId++,
  studentId: 1,
  kind,
  periodId,
  value,
  version: 1,
  updatedAt: '2026-11-20T10:00:00Z',
});
const mark = (value: string, weight = 1) => ({ value, weight });
const input = (over: Partial<Parameters<typeof pinnedCell>[1]> = {}) => ({
  marks: [],
  absences: [],
  finals: [],
  rules,
  passFail: false,
  periods,
  ...over,
});
const column = (columns: PinnedColumn[], short: string) => columns.find((c) => c.short === short)!;

describe('the columns pinned at the right of a journal page', () => {
  it("a period's page: absences, average, suggestion and that period's mark", () => {
    expect(pinnedColumns(page({ periodId: 12 }), undefined).map((c) => c.short)).toEqual([
      'Проп.',
      'Ср.',
      'Пред.',
      'II ч',
    ]);
  });

  it('the whole year: every period and the year; exam and final only in the 9th and 11th grades', () => {
    expect(pinnedColumns(page({ periodId: null }), undefined).map((c) => c.short)).toEqual([
      'Проп.',
      'Ср.',
      'I ч',
      'II ч',
      'Год',
    ]);
    expect(
      pinnedColumns(page({ periodId: null, grade: 9 }), undefined)
        .map((c) => c.short)
        .slice(-3),
    ).toEqual(['Год', 'Экз.', 'Итог']);
  });

  it('a subject without marks keeps only the absences', () => {
    expect(pinnedColumns(page({ periodId: 12, markingMode: 'none' }), undefined)).toHaveLength(1);
  });

  it('each column sticks after the ones to its right', () => {
    const columns = pinnedColumns(page({ periodId: 12 }), undefined);
    expect(rightOffsets(columns)).toEqual([52 + 52 + 56, 52 + 56, 56, 0]);
  });
});

describe('what a pinned cell shows', () => {
  const columns = pinnedColumns(page({ periodId: 12 }), undefined);

  it('missed lessons by reason, a late arrival not among them', () => {
    const absences = [{ code: 'absent' }, { code: 'ill' }, { code: 'ill' }, { code: 'late' }] as const;
    expect(absenceTotals(absences)).toEqual({ missed: 3, late: 1, parts: ['Н — 1', 'Б — 2'] });
    const shown = pinnedCell(column(columns, 'Проп.'), input({ absences: [...absences] }));
    expect(shown.text).toBe('3');
    expect(shown.spoken).toBe('пропущено 3: Н — 1, Б — 2; опозданий 1');
  });

  it('the weighted average and the suggestion by the school rule (x.5 in favour of the student)', () => {
    const marks = [mark('5', 2), mark('4'), mark('3')]; // (10 + 4 + 3) / 4 = 4.25
    expect(pinnedCell(column(columns, 'Ср.'), input({ marks })).text).toBe('4,25');
    expect(pinnedCell(column(columns, 'Пред.'), input({ marks })).text).toBe('4');
    const half = [mark('5'), mark('4'), mark('5'), mark('4')]; // 4.5
    expect(pinnedCell(column(columns, 'Пред.'), input({ marks: half })).text).toBe('5');
    expect(
      pinnedCell(column(columns, 'Пред.'), input({ marks: half, rules: { ...rules, rounding: 'x.6' } })).text,
    ).toBe('4');
  });

  it('«н/а» suggested below the minimum of current marks', () => {
    const shown = pinnedCell(column(columns, 'Пред.'), input({ marks: [mark('5'), mark('5')] }));
    expect(shown).toMatchObject({ text: 'н/а', suggestion: true });
    expect(shown.spoken).toContain('нужно не меньше 3');
  });

  it('a set period mark; none set is empty (its suggestion has a column of its own)', () => {
    const periodColumn = column(columns, 'II ч');
    expect(pinnedCell(periodColumn, input({ finals: [final('period', '4', 12)] })).text).toBe('4');
    expect(pinnedCell(periodColumn, input({ finals: [final('period', '4', 11)] })).text).toBe('');
  });

  it('the year suggested from all the period marks, the final from year and exam', () => {
    const year = pinnedColumns(page({ periodId: null, grade: 9 }), undefined);
    const both = [final('period', '4', 11), final('period', '5', 12)];
    expect(pinnedCell(column(year, 'Год'), input({ finals: both }))).toMatchObject({
      text: '5',
      suggestion: true,
    });
    // Half the year is not a year.
    expect(pinnedCell(column(year, 'Год'), input({ finals: [both[0]!] })).text).toBe('');
    const withYear = [...both, final('year', '4'), final('exam', '5')];
    expect(pinnedCell(column(year, 'Итог'), input({ finals: withYear }))).toMatchObject({
      text: '5',
      suggestion: true,
    });
    expect(
      pinnedCell(column(year, 'Итог'), input({ finals: [...withYear, final('final', '4')] })),
    ).toMatchObject({
      text: '4',
      suggestion: false,
    });
  });
});

describe('keys in a mark column', () => {
  it('a digit is the mark, Н is «н/а», О is «осв», Delete clears, other keys mean nothing', () => {
    expect(finalValueForAction({ type: 'mark', value: '4' })).toBe('4');
    expect(finalValueForAction({ type: 'absence', code: 'absent' })).toBe('н/а');
    expect(finalValueForAction({ type: 'absence', code: 'late' })).toBe('осв');
    expect(finalValueForAction({ type: 'clear' })).toBeNull();
    expect(finalValueForAction({ type: 'absence', code: 'ill' })).toBeUndefined();
    expect(finalValueForAction({ type: 'move', rows: 1, cols: 0 })).toBeUndefined();
  });

  it("the space bar's suggestion: the period's only on its own page", () => {
    const marks = [mark('5'), mark('5'), mark('4')];
    const periodColumn = column(pinnedColumns(page({ periodId: 12 }), undefined), 'II ч');
    const base = { marks, finals: [], rules, periods };
    expect(suggestedValue(periodColumn, { ...base, pagePeriodId: 12 })).toBe('5');
    expect(suggestedValue(periodColumn, { ...base, pagePeriodId: null })).toBeNull();
  });
});
