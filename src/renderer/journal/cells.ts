import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkValue } from '../../shared/journal/marks';
import type { Absence, JournalPage, Lesson, Mark } from '../../shared/journal/schemas';

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
export function lessonLabels(lessons: Lesson[]): Map<number, string> {
  const perDate = new Map<string, number>();
  for (const l of lessons) perDate.set(l.date, (perDate.get(l.date) ?? 0) + 1);
  const labels = new Map<number, string>();
  for (const l of lessons) {
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

/**
 * Items grouped by student (ordered by lesson), each group the same array as in `previous` when it
 * holds the same rows at the same versions: a save or a refetch changes the groups of the students it
 * touched only, so only their (memoized) rows re-render. Compared by id and version, not by object:
 * the server sends marks in no set order, so a refetch does not keep the objects of unchanged marks.
 */
export function groupByStudent<
  T extends { id: number; version: number; studentId: number; lessonId: number },
>(items: T[], previous: ReadonlyMap<number, T[]>): Map<number, T[]> {
  const groups = Map.groupBy(items, (i) => i.studentId);
  for (const [studentId, group] of groups) {
    group.sort((x, y) => x.lessonId - y.lessonId);
    const before = previous.get(studentId);
    const same =
      before?.length === group.length &&
      before.every((item, i) => item.id === group[i]!.id && item.version === group[i]!.version);
    if (same) groups.set(studentId, before);
  }
  return groups;
}

/** A change typed into a cell: a mark, an absence, or Delete. */
export type CellChange =
  | { kind: 'mark'; value: MarkValue; workTypeId: number }
  | { kind: 'absence'; code: AbsenceCode }
  | { kind: 'clear' };

/** What a cell shows: the journal's mark and absence, or, while a change is being saved, that change. */
export function shownCell(
  mark: Pick<Mark, 'value' | 'workTypeId'> | undefined,
  absence: Pick<Absence, 'code'> | undefined,
  saving: CellChange | undefined,
): { mark?: { value: MarkValue; workTypeId: number }; code?: AbsenceCode } {
  const now = { mark: mark && { value: mark.value, workTypeId: mark.workTypeId }, code: absence?.code };
  if (!saving) return now;
  // A mark and an absence are kept apart (a late student still gets a mark): each replaces only itself.
  if (saving.kind === 'mark') return { ...now, mark: { value: saving.value, workTypeId: saving.workTypeId } };
  if (saving.kind === 'absence') return { ...now, code: saving.code };
  return {};
}

/**
 * The cell saves a cache no longer needs, so that it does not grow with every key press: a finished
 * save that a newer save of the same cell replaces, and a successful newest save once no older save
 * of its cell is still running. What each cell shows (its newest save) is the same before and after.
 */
export function obsoleteSaves<T extends { id: number; status: string; cell: string }>(saves: T[]): T[] {
  const newest = new Map<string, T>();
  for (const s of saves) if ((newest.get(s.cell)?.id ?? -1) < s.id) newest.set(s.cell, s);
  const pending = new Set(
    saves.filter((s) => s.status === 'pending' && newest.get(s.cell) !== s).map((s) => s.cell),
  );
  return saves.filter((s) => {
    const finished = s.status === 'success' || s.status === 'error';
    if (newest.get(s.cell) !== s) return finished;
    // An older save still running would show itself once this one is gone.
    return s.status === 'success' && !pending.has(s.cell);
  });
}
