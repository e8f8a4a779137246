import { ABSENCE_LABELS, type AbsenceCode, isMissedLesson } from '../../shared/journal/attendance';
import {
  type CurrentMark,
  type GradingRules,
  suggestFinalMark,
  suggestPeriodMark,
  suggestYearMark,
  weightedAverage,
} from '../../shared/journal/grading';
import type { JournalPage } from '../../shared/journal/schemas';
import {
  EXEMPT,
  FINAL_KIND_TITLES,
  type FinalMarkKind,
  type FinalMarkValue,
  NOT_ASSESSED,
} from '../../shared/periods/final-marks';
import type { FinalMark, LoadFinalMarks } from '../../shared/periods/schemas';
import type { GridAction } from './keys';

/**
 * The columns pinned at the right of a journal page (002 §5.2, 004 §4.5): absences, the weighted
 * average, the suggested mark and the period mark on a period's page; on the whole year's page the
 * period marks, year, exam and final marks. Pure, so what they show is tested without a browser.
 */
export type PinnedColumn =
  | { kind: 'absences'; width: number; title: string; short: string }
  | { kind: 'average'; width: number; title: string; short: string }
  | { kind: 'suggested'; width: number; title: string; short: string }
  | {
      kind: 'final';
      markKind: FinalMarkKind;
      periodId: number | null;
      width: number;
      title: string;
      short: string;
    };

/** Grades whose results include an exam and a final mark (ОГЭ in the 9th, ЕГЭ in the 11th). */
const EXAM_GRADES = new Set([9, 11]);

export function pinnedColumns(page: JournalPage, finals: LoadFinalMarks | undefined): PinnedColumn[] {
  const marked = page.load.markingMode !== 'none';
  const columns: PinnedColumn[] = [
    { kind: 'absences', width: 52, title: 'Пропущено уроков', short: 'Проп.' },
  ];
  if (!marked) return columns;
  const period = page.periods.find((p) => p.id === page.periodId);
  if (period) {
    columns.push(
      { kind: 'average', width: 52, title: 'Средний взвешенный балл', short: 'Ср.' },
      { kind: 'suggested', width: 52, title: 'Предлагаемая отметка за период', short: 'Пред.' },
      {
        kind: 'final',
        markKind: 'period',
        periodId: period.id,
        width: 56,
        title: `Отметка за период «${period.name}»`,
        short: shortPeriod(period.name),
      },
    );
    return columns;
  }
  columns.push({ kind: 'average', width: 52, title: 'Средний взвешенный балл за год', short: 'Ср.' });
  for (const p of page.periods) {
    columns.push({
      kind: 'final',
      markKind: 'period',
      periodId: p.id,
      width: 44,
      title: `Отметка за период «${p.name}»`,
      short: shortPeriod(p.name),
    });
  }
  columns.push({
    kind: 'final',
    markKind: 'year',
    periodId: null,
    width: 52,
    title: 'Годовая отметка',
    short: 'Год',
  });
  const exams = finals?.marks.some((m) => m.kind === 'exam') ?? false;
  if (EXAM_GRADES.has(page.load.grade) || exams)
    columns.push({
      kind: 'final',
      markKind: 'exam',
      periodId: null,
      width: 44,
      title: 'Экзаменационная отметка',
      short: 'Экз.',
    });
  // The final mark closes a level of schooling (the 9th, the 11th): elsewhere the year mark is the result.
  const anyFinal = finals?.marks.some((m) => m.kind === 'final') ?? false;
  if (EXAM_GRADES.has(page.load.grade) || anyFinal)
    columns.push({
      kind: 'final',
      markKind: 'final',
      periodId: null,
      width: 52,
      title: 'Итоговая отметка',
      short: 'Итог',
    });
  return columns;
}

/** «II четверть» → «II ч», «1 полугодие» → «1 п»: the header of a narrow column. */
function shortPeriod(name: string): string {
  const m = /^([IVX\d]+)\s*(\S)/.exec(name);
  return m ? `${m[1]} ${m[2]}` : name.slice(0, 5);
}

/** Distances from the right edge: each pinned column sticks after the ones to its right. */
export function rightOffsets(columns: readonly PinnedColumn[]): number[] {
  let right = 0;
  const offsets: number[] = new Array(columns.length);
  for (let i = columns.length - 1; i >= 0; i--) {
    offsets[i] = right;
    right += columns[i]!.width;
  }
  return offsets;
}

export const pinnedWidth = (columns: readonly PinnedColumn[]) => columns.reduce((s, c) => s + c.width, 0);

/** A student's missed lessons on the page by reason; ОП (опоздание) is not a missed lesson. */
export function absenceTotals(absences: readonly { code: AbsenceCode }[]) {
  const byCode = new Map<AbsenceCode, number>();
  for (const a of absences) byCode.set(a.code, (byCode.get(a.code) ?? 0) + 1);
  const missed = absences.filter((a) => isMissedLesson(a.code)).length;
  const late = absences.length - missed;
  const parts = [...byCode.entries()]
    .filter(([code]) => isMissedLesson(code))
    .map(([code, n]) => `${ABSENCE_LABELS[code]} — ${n}`);
  return { missed, late, parts };
}

/** The final mark of one kind (and period) among a student's final marks. */
export function finalOf(marks: readonly FinalMark[], kind: FinalMarkKind, periodId: number | null) {
  return marks.find((m) => m.kind === kind && m.periodId === periodId);
}

export interface Shown {
  /** What the cell says. */
  text: string;
  /** A suggestion rather than a set mark (drawn grey). */
  suggestion: boolean;
  /** For the title and the screen reader. */
  spoken: string;
}

const decimal = (n: number) => n.toFixed(2).replace('.', ',');

/** What one pinned cell shows for one student. */
export function pinnedCell(
  column: PinnedColumn,
  input: {
    marks: readonly CurrentMark[];
    absences: readonly { code: AbsenceCode }[];
    finals: readonly FinalMark[];
    rules: GradingRules;
    passFail: boolean;
    periods: JournalPage['periods'];
  },
): Shown {
  switch (column.kind) {
    case 'absences': {
      const t = absenceTotals(input.absences);
      const spoken =
        t.missed === 0 && t.late === 0
          ? 'пропусков нет'
          : [
              t.missed > 0 && `пропущено ${t.missed}: ${t.parts.join(', ')}`,
              t.late > 0 && `опозданий ${t.late}`,
            ]
              .filter(Boolean)
              .join('; ');
      return { text: t.missed > 0 ? String(t.missed) : '', suggestion: false, spoken };
    }
    case 'average': {
      const average = weightedAverage(input.marks);
      return {
        text: average === null ? '' : decimal(average),
        suggestion: false,
        spoken: average === null ? 'отметок нет' : `средний балл ${decimal(average)}`,
      };
    }
    case 'suggested': {
      const s = suggestPeriodMark(input.marks, input.rules);
      if (input.passFail && s.value !== NOT_ASSESSED)
        return { text: '', suggestion: true, spoken: 'зачёт ставит учитель' };
      if (s.value === null) return { text: '', suggestion: true, spoken: 'предложить нечего' };
      const why =
        s.value === NOT_ASSESSED
          ? `текущих отметок ${s.count}, нужно не меньше ${input.rules.minMarks}`
          : `средний балл ${decimal(s.average!)}`;
      return { text: s.value, suggestion: true, spoken: `предлагается ${s.value} (${why})` };
    }
    case 'final': {
      const set = finalOf(input.finals, column.markKind, column.periodId);
      if (set) return { text: set.value, suggestion: false, spoken: `${set.value}` };
      const suggested = suggestionFor(column.markKind, input);
      return suggested
        ? { text: suggested, suggestion: true, spoken: `не выставлена, предлагается ${suggested}` }
        : { text: '', suggestion: false, spoken: 'не выставлена' };
    }
  }
}

/**
 * The year mark from the period marks, the final from year and exam (domain-defaults §4.4–4.5). A
 * period's own suggestion is its column «Пред.» on a period's page, so none is drawn in the cell.
 */
function suggestionFor(
  kind: FinalMarkKind,
  input: { finals: readonly FinalMark[]; rules: GradingRules; periods: JournalPage['periods'] },
): FinalMarkValue | null {
  if (kind === 'year') {
    const values = input.periods.map((p) => finalOf(input.finals, 'period', p.id)?.value ?? null);
    // Not before every period has its mark: a year mark from half the year would mislead.
    if (values.some((v) => v === null)) return null;
    return suggestYearMark(values, input.rules).value;
  }
  if (kind === 'final') {
    const year = finalOf(input.finals, 'year', null)?.value ?? null;
    const exam = finalOf(input.finals, 'exam', null)?.value ?? null;
    return suggestFinalMark(year, exam, input.rules);
  }
  return null;
}

/**
 * What a key means in a period, year, exam or final mark's cell: a digit (or «+»/«−» for зачёт) is
 * the mark, Н is «н/а», О is «осв», Delete clears; undefined for a key that means nothing here.
 */
export function finalValueForAction(action: GridAction): FinalMarkValue | null | undefined {
  if (action.type === 'mark' || action.type === 'addMark') return action.value;
  if (action.type === 'clear') return null;
  if (action.type === 'absence' && action.code === 'absent') return NOT_ASSESSED;
  if (action.type === 'absence' && action.code === 'late') return EXEMPT;
  return undefined;
}

export const finalTitle = (column: Extract<PinnedColumn, { kind: 'final' }>) =>
  column.periodId === null ? FINAL_KIND_TITLES[column.markKind] : column.title;

/**
 * The mark the journal suggests for a mark column (what the space bar puts in): the period's from
 * its current marks (only on that period's own page, whose marks are exactly the period's), the
 * year's from the period marks, the final from year and exam.
 */
export function suggestedValue(
  column: PinnedColumn,
  input: {
    marks: readonly CurrentMark[];
    finals: readonly FinalMark[];
    rules: GradingRules;
    periods: JournalPage['periods'];
    pagePeriodId: number | null;
  },
): FinalMarkValue | null {
  if (column.kind !== 'final') return null;
  if (column.markKind === 'period')
    return column.periodId === input.pagePeriodId ? suggestPeriodMark(input.marks, input.rules).value : null;
  return suggestionFor(column.markKind, input);
}

/** A pinned column's stable name (React's key). */
export const pinnedKey = (c: PinnedColumn) =>
  c.kind === 'final' ? `${c.markKind}-${c.periodId ?? 0}` : c.kind;
