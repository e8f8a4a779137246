import { notifications } from '@mantine/notifications';
import {
  type Mutation,
  type QueryClient,
  useMutation,
  useMutationState,
  useQueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import type { JournalPage } from '../../shared/journal/schemas';
import { type Call, CallError } from '../api/client';
import { type CellChange, cellKey, clearCellIn, obsoleteSaves, upsertAbsence, upsertMark } from './cells';

/**
 * Saving the journal grid's cells through TanStack Query mutations: the mutation cache, not state
 * kept by hand, knows which cells are being saved and which failed. One mutation per key press; a
 * cell shows its newest save: while it is pending, the value being saved (greyed); when it failed,
 * what the journal holds and why the save was refused.
 */

/** Every cell save's mutation key; which cell it is lies in its variables (one key per hook). */
export const CELL_SAVE_KEY = ['journal.cell'] as const;

export interface CellSave {
  loadId: number;
  lessonId: number;
  studentId: number;
  change: CellChange;
  /** The versions of the cell's mark and absence the teacher saw (null: none): a conflict check. */
  seen: { mark: number | null; absence: number | null };
  /** The save as a screen reader says it: «Иванов Иван, 05.09, отметка 4». */
  what: string;
}

/** What a cell shows of its newest save (a save that succeeded shows nothing: the page has it). */
export type CellSaveState =
  | { lessonId: number; id: number; status: 'pending'; change: CellChange }
  | { lessonId: number; id: number; status: 'error'; message: string };

type CellMutation = Mutation<unknown, Error, CellSave, unknown>;

export function errorMessage(error: unknown): string {
  return error instanceof CallError ? error.message : 'Не удалось сохранить';
}

function forgetObsolete(queryClient: QueryClient) {
  const cache = queryClient.getMutationCache();
  const saves = cache.findAll({ mutationKey: CELL_SAVE_KEY }) as CellMutation[];
  const described = saves.flatMap((m) =>
    m.state.variables
      ? [
          {
            id: m.mutationId,
            status: m.state.status,
            cell: cellKey(m.state.variables.lessonId, m.state.variables.studentId),
            m,
          },
        ]
      : [],
  );
  for (const s of obsoleteSaves(described)) cache.remove(s.m);
}

/** Applies a saved cell to every cached page of its load that shows its lesson (a period and the year). */
function applyToPages(queryClient: QueryClient, save: CellSave, fn: (p: JournalPage) => JournalPage) {
  queryClient.setQueriesData<JournalPage>({ queryKey: ['journal.page', save.loadId] }, (page) =>
    page?.lessons.some((l) => l.id === save.lessonId) ? fn(page) : page,
  );
}

type Versions = CellSave['seen'];

/** Sends one save; answers how to apply it to a page and the versions of what it set. */
async function send(call: Call, save: CellSave, seen: Versions) {
  const ids = { lessonId: save.lessonId, studentId: save.studentId };
  const change = save.change;
  if (change.kind === 'mark') {
    const mark = await call('journal.setMark', {
      ...ids,
      value: change.value,
      workTypeId: change.workTypeId,
      expectedVersion: seen.mark,
    });
    return { apply: (p: JournalPage) => upsertMark(p, mark), set: { mark: mark.version } };
  }
  if (change.kind === 'absence') {
    const absence = await call('journal.setAbsence', {
      ...ids,
      code: change.code,
      expectedVersion: seen.absence,
    });
    return { apply: (p: JournalPage) => upsertAbsence(p, absence), set: { absence: absence.version } };
  }
  await call('journal.clearCell', { ...ids, markVersion: seen.mark, absenceVersion: seen.absence });
  return {
    apply: (p: JournalPage) => clearCellIn(p, save.lessonId, save.studentId),
    set: { mark: null, absence: null },
  };
}

/** Per cell, the newest save still running: the versions it set, or undefined when it failed. */
const running = new Map<string, Promise<Partial<Versions> | undefined>>();

/**
 * Runs a cell's saves one after another: a teacher who corrects a mark that is still being saved
 * replaces the version that save makes, not the one seen before it (which the server would refuse as
 * changed by someone else). A save after a failed one keeps what the teacher saw.
 */
async function afterEarlierSaves(
  save: CellSave,
  run: (seen: Versions) => Promise<{ apply: (p: JournalPage) => JournalPage; set: Partial<Versions> }>,
) {
  const key = cellKey(save.lessonId, save.studentId);
  const earlier = running.get(key);
  const job = (async () => {
    const set = earlier && (await earlier);
    return run(set ? { ...save.seen, ...set } : save.seen);
  })();
  const versions = job.then(
    (r) => r.set,
    () => undefined,
  );
  running.set(key, versions);
  void versions.then(() => {
    if (running.get(key) === versions) running.delete(key);
  });
  return (await job).apply;
}

/** Whether a change to this cell is being saved (Delete then has something to clear). */
export function isSaving(queryClient: QueryClient, lessonId: number, studentId: number): boolean {
  return (
    queryClient.getMutationCache().find({
      mutationKey: CELL_SAVE_KEY,
      status: 'pending',
      predicate: (m) => {
        const v = m.state.variables as CellSave | undefined;
        return v?.lessonId === lessonId && v.studentId === studentId;
      },
    }) !== undefined
  );
}

/**
 * The grid's one cell-save mutation. `announce` tells a screen reader how each save ended (focus has
 * already moved on to the next student by then).
 */
export function useCellSaves(call: Call, announce: (text: string) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: CELL_SAVE_KEY,
    // A failed save stays in its cell until the cell is saved again, however long that takes.
    gcTime: Number.POSITIVE_INFINITY,
    onMutate: () => forgetObsolete(queryClient),
    mutationFn: (save: CellSave) => afterEarlierSaves(save, (versions) => send(call, save, versions)),
    onSuccess: (apply, save) => {
      applyToPages(queryClient, save, apply);
      announce(`${save.what}: сохранено`);
    },
    onError: (error, save) => {
      const message = errorMessage(error);
      announce(`${save.what}: не сохранено. ${message}`);
      notifications.show({ color: 'red', title: 'Не сохранено', message });
      // Show what the cell holds now (another computer changed it); the message says what it was.
      if (error instanceof CallError && error.code === 'CONFLICT')
        void queryClient.invalidateQueries({ queryKey: ['journal.page', save.loadId] });
    },
  });
}

/**
 * The save state of each cell of one student's row, by lesson id: only the row whose cells changed
 * re-renders when a save starts or ends (the selection is structurally shared).
 */
export function useRowSaves(studentId: number): ReadonlyMap<number, CellSaveState> {
  const states = useMutationState({
    filters: {
      mutationKey: CELL_SAVE_KEY,
      predicate: (m) => (m.state.variables as CellSave | undefined)?.studentId === studentId,
    },
    select: (m): CellSaveState | { lessonId: number; id: number; status: 'done' } => {
      const save = m.state.variables as CellSave;
      const base = { lessonId: save.lessonId, id: m.mutationId };
      if (m.state.status === 'pending') return { ...base, status: 'pending', change: save.change };
      if (m.state.status === 'error')
        return { ...base, status: 'error', message: errorMessage(m.state.error) };
      return { ...base, status: 'done' };
    },
  });
  return useMemo(() => {
    const newest = new Map<number, (typeof states)[number]>();
    for (const s of states) if ((newest.get(s.lessonId)?.id ?? -1) < s.id) newest.set(s.lessonId, s);
    const shown = new Map<number, CellSaveState>();
    for (const [lessonId, s] of newest) if (s.status !== 'done') shown.set(lessonId, s);
    return shown;
  }, [states]);
}
