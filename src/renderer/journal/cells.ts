import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkValue } from '../../shared/journal/marks';
import type { Absence, JournalPage, Lesson, Mark } from '../../shared/journal/schemas';

/** Lookups the grid needs for every cell, built once per page. */
export function cellKey(lessonId: number, studentId: number): string {
  return `${lessonId}:${studentId}`;
}

/** Per cell, its marks in slot order («4/3») and its absence. */
export function indexPage(page: JournalPage) {
  const marks = new Map<string, Mark[]>();
  const absences = new Map<string, Absence>();
  for (const m of page.marks) {
    const key = cellKey(m.lessonId, m.studentId);
    const cell = marks.get(key);
    if (cell) cell.push(m);
    else marks.set(key, [m]);
  }
  for (const cell of marks.values()) cell.sort(bySlot);
  for (const a of page.absences) absences.set(cellKey(a.lessonId, a.studentId), a);
  return { marks, absences };
}

export const bySlot = (a: { slot: number }, b: { slot: number }) => a.slot - b.slot;

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

const inSlot = (m: Mark, lessonId: number, studentId: number, slot: number) =>
  m.lessonId === lessonId && m.studentId === studentId && m.slot === slot;

export function upsertMark(page: JournalPage, mark: Mark): JournalPage {
  return {
    ...page,
    marks: [
      ...page.marks.filter((m) => m.id !== mark.id && !inSlot(m, mark.lessonId, mark.studentId, mark.slot)),
      mark,
    ],
  };
}

export function removeMark(
  page: JournalPage,
  lessonId: number,
  studentId: number,
  slot: number,
): JournalPage {
  return { ...page, marks: page.marks.filter((m) => !inSlot(m, lessonId, studentId, slot)) };
}

/** A cell filled again by «Отменить» after Delete. */
export function restoreCellIn(
  page: JournalPage,
  lessonId: number,
  studentId: number,
  restored: { marks: Mark[]; absence: Absence | null },
): JournalPage {
  const cleared = clearCellIn(page, lessonId, studentId);
  return {
    ...cleared,
    marks: [...cleared.marks, ...restored.marks],
    absences: restored.absence ? [...cleared.absences, restored.absence] : cleared.absences,
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
    group.sort((x, y) => x.lessonId - y.lessonId || x.id - y.id);
    const before = previous.get(studentId);
    const same =
      before?.length === group.length &&
      before.every((item, i) => item.id === group[i]!.id && item.version === group[i]!.version);
    if (same) groups.set(studentId, before);
  }
  return groups;
}

/** A mark as a cell shows it and as «Отменить» puts it back. */
export interface MarkContent {
  slot: number;
  value: MarkValue;
  workTypeId: number;
  comment: string;
}

/**
 * A change typed into a cell. `mark` sets one slot (1 when left out: a change queued by an older
 * version of the application); without workTypeId a new mark gets the lesson's work type and a
 * replaced one keeps its own. `restore` fills an emptied cell again (the undo of Delete).
 */
export type CellChange =
  | { kind: 'mark'; value: MarkValue; slot?: number; workTypeId?: number; comment?: string }
  | { kind: 'markDetails'; slot: number; workTypeId: number; comment: string }
  | { kind: 'deleteMark'; slot: number }
  | { kind: 'absence'; code: AbsenceCode }
  | { kind: 'clear' }
  | { kind: 'restore'; marks: MarkContent[]; code: AbsenceCode | null };

/** The slot a change is about, or undefined for a change of the absence or of the whole cell. */
export function targetSlot(change: CellChange): number | undefined {
  if (change.kind === 'mark') return change.slot ?? 1;
  if (change.kind === 'markDetails' || change.kind === 'deleteMark') return change.slot;
  return undefined;
}

/**
 * The versions of a cell the teacher saw when typing a change: `mark` is the version of the slot the
 * change is about, `marks` every mark of the cell (what Delete clears). A change queued by an older
 * version of the application has no `marks`.
 */
export interface SeenVersions {
  mark: number | null;
  absence: number | null;
  marks?: { slot: number; version: number }[];
}

/** What a save changed in a cell's versions: a slot's mark (null = gone), the absence, or all. */
export interface VersionPatch {
  cleared?: boolean;
  marks?: Record<number, number | null>;
  absence?: number | null;
}

export function seenOf(
  marks: readonly Pick<Mark, 'slot' | 'version'>[],
  absence: Pick<Absence, 'version'> | undefined,
  slot: number | undefined,
): SeenVersions {
  return {
    mark: marks.find((m) => m.slot === slot)?.version ?? null,
    absence: absence?.version ?? null,
    marks: marks.map((m) => ({ slot: m.slot, version: m.version })),
  };
}

/**
 * The versions a change builds on once earlier saves of its cell are done: what they set replaces
 * what the teacher saw (a correction typed while the first mark is saving replaces that mark).
 */
export function applyPatch(seen: SeenVersions, slot: number | undefined, patch: VersionPatch): SeenVersions {
  const marks = new Map(
    (seen.marks ?? (seen.mark !== null && (slot ?? 1) === 1 ? [{ slot: 1, version: seen.mark }] : [])).map(
      (m) => [m.slot, m.version],
    ),
  );
  if (patch.cleared) marks.clear();
  for (const [s, v] of Object.entries(patch.marks ?? {})) {
    if (v === null) marks.delete(Number(s));
    else marks.set(Number(s), v);
  }
  const list = [...marks].map(([s, version]) => ({ slot: s, version })).sort(bySlot);
  return {
    mark: slot === undefined ? (marks.get(1) ?? null) : (marks.get(slot) ?? null),
    absence: 'absence' in patch ? (patch.absence ?? null) : patch.cleared ? null : seen.absence,
    marks: list,
  };
}

/** A cell's marks shown while a change is being saved. */
export interface ShownMark {
  slot: number;
  value: MarkValue;
  workTypeId: number;
  comment: string;
}

/**
 * What a cell shows: the journal's marks and absence, or, while a change is being saved, with that
 * change. `newWorkType` is the work type a new mark gets (the lesson's, or the school's default).
 */
export function shownCell(
  marks: readonly ShownMark[],
  absence: Pick<Absence, 'code'> | undefined,
  saving: CellChange | undefined,
  newWorkType = 0,
): { marks: ShownMark[]; code?: AbsenceCode } {
  const now = {
    marks: marks.map(({ slot, value, workTypeId, comment }) => ({ slot, value, workTypeId, comment })),
    code: absence?.code,
  };
  if (!saving) return now;
  // A mark and an absence are kept apart (a late student still gets a mark): each replaces only itself.
  if (saving.kind === 'absence') return { ...now, code: saving.code };
  if (saving.kind === 'clear') return { marks: [] };
  if (saving.kind === 'restore')
    return { marks: [...saving.marks].sort(bySlot), code: saving.code ?? undefined };
  const slot = saving.slot ?? 1;
  const others = now.marks.filter((m) => m.slot !== slot);
  if (saving.kind === 'deleteMark') return { ...now, marks: others };
  const old = now.marks.find((m) => m.slot === slot);
  if (saving.kind === 'markDetails') {
    if (!old) return now;
    const changed = { ...old, workTypeId: saving.workTypeId, comment: saving.comment };
    return { ...now, marks: [...others, changed].sort(bySlot) };
  }
  const mark: ShownMark = {
    slot,
    value: saving.value,
    workTypeId: saving.workTypeId ?? old?.workTypeId ?? newWorkType,
    comment: saving.comment ?? old?.comment ?? '',
  };
  return { ...now, marks: [...others, mark].sort(bySlot) };
}

/**
 * The slot a second (third…) mark goes to: after the last one; when the fifth place is taken but
 * an earlier one is free (a mark was deleted), the first free one; null when the cell holds five.
 */
export function nextSlot(marks: readonly { slot: number }[], max = 5): number | null {
  if (marks.length >= max) return null;
  const last = Math.max(0, ...marks.map((m) => m.slot));
  if (last < max) return last + 1;
  for (let s = 1; s <= max; s++) if (!marks.some((m) => m.slot === s)) return s;
  return null;
}

/** «4/3», as a cell shows its marks. */
export function marksText(marks: readonly { value: MarkValue }[], labels: Record<MarkValue, string>): string {
  return marks.map((m) => labels[m.value]).join('/');
}

/**
 * The change that undoes a change, from what the cell held before it: an overwritten mark comes back
 * as it was, a deleted one into its slot, a new one goes, a cleared cell is filled again; an absence
 * gives back the one it replaced, and a new one in an empty cell goes with the cell's clearing. Null
 * when there is nothing to undo — or no way to: an absence set beside marks (the journal clears a cell
 * whole, and removing the absence alone has no method yet).
 */
export function undoOf(
  change: CellChange,
  before: { marks: readonly ShownMark[]; code?: AbsenceCode },
): CellChange | null {
  const slot = targetSlot(change);
  const old = slot === undefined ? undefined : before.marks.find((m) => m.slot === slot);
  const back = (m: ShownMark): CellChange => ({
    kind: 'mark',
    slot: m.slot,
    value: m.value,
    workTypeId: m.workTypeId,
    comment: m.comment,
  });
  switch (change.kind) {
    case 'mark':
      return old ? back(old) : { kind: 'deleteMark', slot: slot! };
    case 'markDetails':
      return old
        ? { kind: 'markDetails', slot: old.slot, workTypeId: old.workTypeId, comment: old.comment }
        : null;
    case 'deleteMark':
      return old ? back(old) : null;
    case 'absence':
      if (before.code === change.code) return null;
      if (before.code) return { kind: 'absence', code: before.code };
      return before.marks.length === 0 ? { kind: 'clear' } : null;
    case 'clear':
      return before.marks.length > 0 || before.code
        ? { kind: 'restore', marks: before.marks.map((m) => ({ ...m })), code: before.code ?? null }
        : null;
    default:
      return null;
  }
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
