import { useMemo, useRef } from 'react';
import { formatDayMonth, type IsoDate } from '../../shared/i18n/dates';
import { ABSENCE_TITLES, type AbsenceCode } from '../../shared/journal/attendance';
import { isOverdue, lateText, OWED_SIGN, owedText, retakeText } from '../../shared/journal/cell-states';
import type { Absence, JournalPage, Lesson, Mark, OwedWork } from '../../shared/journal/schemas';
import { groupByStudent } from './cells';

/**
 * How a grid cell says what it holds besides plain marks and absences: a retake (the mark on a
 * missed lesson, the absence beside it), an owed work («•» until its due date, red once overdue) and
 * the minutes of a late arrival. JournalRow adds these to the cell's text, title and accessible name.
 */

/** «опоздал на 10 минут» for an ОП with minutes, otherwise the code's usual words. */
export function absenceTitle(
  code: AbsenceCode,
  stored: Pick<Absence, 'code' | 'minutesLate'> | undefined,
): string {
  // While another code is being saved over the ОП, its minutes no longer apply.
  if (code === 'late' && stored?.code === 'late') return lateText(stored.minutesLate);
  return ABSENCE_TITLES[code];
}

export interface CellStates {
  /** Added to the accessible name, after the marks. */
  spoken: string[];
  /** Added to the title (one line each). */
  details: string[];
  classes: string[];
  /** «•» for an owed work, or '' */
  sign: string;
}

export function cellStates(cell: {
  /** The cell's marks as the journal holds them (a retake carries its date). */
  marks: readonly Pick<Mark, 'retakenOn'>[];
  /** How many marks the cell shows now (a mark being typed settles the debt at once). */
  shownMarks: number;
  owed: Pick<OwedWork, 'dueOn'> | undefined;
  today: IsoDate;
}): CellStates {
  const states: CellStates = { spoken: [], details: [], classes: [], sign: '' };
  const retake = cell.shownMarks > 0 ? cell.marks.find((m) => m.retakenOn !== null) : undefined;
  if (retake?.retakenOn) {
    states.spoken.push(`пересдача ${formatDayMonth(retake.retakenOn)}`);
    states.details.push(retakeText(retake.retakenOn));
    states.classes.push('has-retake');
  }
  if (cell.owed && cell.shownMarks === 0) {
    const text = owedText(cell.owed.dueOn, cell.today);
    states.spoken.push(text.toLocaleLowerCase('ru-RU'));
    states.details.push(text);
    states.classes.push('has-owed');
    if (isOverdue(cell.owed.dueOn, cell.today)) states.classes.push('is-overdue');
    states.sign = OWED_SIGN;
  }
  return states;
}

const NO_OWED: OwedWork[] = [];

/** Per student their owed works, the same arrays for students whose debts did not change. */
export function useOwedByStudent(owed: OwedWork[]): (studentId: number) => OwedWork[] {
  const previous = useRef(new Map<number, OwedWork[]>());
  const groups = useMemo(() => (previous.current = groupByStudent(owed, previous.current)), [owed]);
  return (studentId) => groups.get(studentId) ?? NO_OWED;
}

/**
 * The lesson header's word on attendance, for lessons that have taken place: taken (a ✓ beside the
 * weekday) or not yet — so «all present» is told apart from «nobody checked». Said in the header's
 * title, which is its accessible description (its name, «Урок 12.09, тема: …», stays as it was).
 */
export function attendanceHeader(
  lesson: Pick<Lesson, 'date' | 'cancelled' | 'attendanceTakenAt'>,
  today: IsoDate,
): { className: string; title: string } {
  if (lesson.date > today || lesson.cancelled) return { className: '', title: '' };
  return lesson.attendanceTakenAt
    ? { className: 'journal-date--attended', title: 'Посещаемость отмечена' }
    : { className: '', title: 'Посещаемость не отмечена' };
}

/** Page cache updates for the writes the cell menu makes itself. */
export function upsertOwed(page: JournalPage, owed: OwedWork): JournalPage {
  return {
    ...page,
    owed: [
      ...page.owed.filter((o) => !(o.lessonId === owed.lessonId && o.studentId === owed.studentId)),
      owed,
    ],
  };
}

export function removeOwed(page: JournalPage, lessonId: number, studentId: number): JournalPage {
  return { ...page, owed: page.owed.filter((o) => !(o.lessonId === lessonId && o.studentId === studentId)) };
}
