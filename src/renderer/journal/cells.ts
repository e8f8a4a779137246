import type { Absence, JournalPage, Mark } from '../../shared/journal/schemas';

/** Lookups the grid needs for every cell, built once per page. */
export function cellKey(lessonId: number, studentId: number): string {
  return `${lessonId}:${studentId}`;
}

export function indexPage(page: JournalPage) {
  const marks = new Map<string, Mark>();
  const absences = new Map<string, Absence>();
  for (const m of page.marks) marks.set(cellKey(m.lessonId, m.studentId), m);
  for (const a of page.absences) absences.set(cellKey(a.lessonId, a.studentId), a);
  return { marks, absences };
}

/** Two lessons of one subject on one day (a double lesson) are told apart by their number. */
export function lessonLabels(page: JournalPage): Map<number, string> {
  const perDate = new Map<string, number>();
  for (const l of page.lessons) perDate.set(l.date, (perDate.get(l.date) ?? 0) + 1);
  const labels = new Map<number, string>();
  for (const l of page.lessons) {
    const day = `${l.date.slice(8, 10)}.${l.date.slice(5, 7)}`;
    labels.set(l.id, (perDate.get(l.date) ?? 0) > 1 ? `${day} (${l.number}-й урок)` : day);
  }
  return labels;
}

export function upsertMark(page: JournalPage, mark: Mark): JournalPage {
  return {
    ...page,
    marks: [
      ...page.marks.filter(
        (m) => m.id !== mark.id && !(m.lessonId === mark.lessonId && m.studentId === mark.studentId),
      ),
      mark,
    ],
  };
}

export function upsertAbsence(page: JournalPage, absence: Absence): JournalPage {
  return {
    ...page,
    absences: [
      ...page.absences.filter((a) => !(a.lessonId === absence.lessonId && a.studentId === absence.studentId)),
      absence,
    ],
  };
}

export function clearCellIn(page: JournalPage, lessonId: number, studentId: number): JournalPage {
  return {
    ...page,
    marks: page.marks.filter((m) => !(m.lessonId === lessonId && m.studentId === studentId)),
    absences: page.absences.filter((a) => !(a.lessonId === lessonId && a.studentId === studentId)),
  };
}
