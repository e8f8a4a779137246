import { notifications } from '@mantine/notifications';
import {
  type Mutation,
  type QueryClient,
  useMutation,
  useMutationState,
  useQueryClient,
} from '@tanstack/react-query';
import { useMemo, useSyncExternalStore } from 'react';
import type { JournalPage } from '../../shared/journal/schemas';
import { type Call, CallError } from '../api/client';
import { connection, isUnreachable } from '../common/connection';
import { type OfflineSaves, type Refusal, useOfflineSaves } from '../offline/context';
import type { Delivery, NewQueuedSave, QueuedSave, SaveQueue } from '../offline/queue';
import {
  applyPatch,
  type CellChange,
  cellKey,
  clearCellIn,
  obsoleteSaves,
  removeMark,
  restoreCellIn,
  type SeenVersions,
  targetSlot,
  upsertAbsence,
  upsertMark,
  type VersionPatch,
} from './cells';

/**
 * Saving the journal grid's cells through TanStack Query mutations: the mutation cache, not state
 * kept by hand, knows which cells are being saved and which failed. One mutation per key press; a
 * cell shows its newest save: while it is pending, the value being saved (greyed); when it failed,
 * what the journal holds and why the save was refused.
 */

/** Every cell save's mutation key; which cell it is lies in its variables (one key per hook). */
export const CELL_SAVE_KEY = ['journal.cell'] as const;

/** A cell save as the grid makes it: the same record the offline queue keeps, before it has an id. */
export type CellSave = NewQueuedSave;

/** What a cell shows of its newest save (a save that succeeded shows nothing: the page has it). */
export type CellSaveState =
  | { lessonId: number; typed: number; status: 'pending'; change: CellChange }
  | { lessonId: number; typed: number; status: 'waiting'; change: CellChange }
  | { lessonId: number; typed: number; status: 'error'; message: string };

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

/**
 * Applies a saved cell to every cached page of its load that shows its lesson (a period and the year).
 * A refetch of such a page already on its way (the live refresh after the previous save, a window
 * focus) may have been answered before this save: landing after it, its page would take the save back
 * — the cell would show one mark less, and the next mark typed into it would be refused as changed by
 * someone else. So it is cancelled (its page dropped) and fetched again, now after the save.
 */
async function applyToPages(
  queryClient: QueryClient,
  save: Pick<CellSave, 'loadId' | 'lessonId'>,
  fn: (p: JournalPage) => JournalPage,
) {
  const filters = { queryKey: ['journal.page', save.loadId] };
  const inFlight = queryClient
    .getQueryCache()
    .findAll(filters)
    .filter((q) => q.state.fetchStatus === 'fetching');
  // Cancelling reverts the query's state asynchronously: done before the save is applied, not over it.
  if (inFlight.length > 0) await queryClient.cancelQueries(filters);
  queryClient.setQueriesData<JournalPage>(filters, (page) =>
    page?.lessons.some((l) => l.id === save.lessonId) ? fn(page) : page,
  );
  for (const q of inFlight) void queryClient.invalidateQueries({ queryKey: q.queryKey, exact: true });
}

type Versions = SeenVersions;

/** Sends one save; answers how to apply it to a page and the versions of what it set. */
async function send(
  call: Call,
  save: Pick<CellSave, 'lessonId' | 'studentId' | 'change'>,
  seen: Versions,
): Promise<{ apply: (p: JournalPage) => JournalPage; set: VersionPatch }> {
  const ids = { lessonId: save.lessonId, studentId: save.studentId };
  const change = save.change;
  switch (change.kind) {
    case 'mark': {
      const mark = await call('journal.setMark', {
        ...ids,
        slot: change.slot ?? 1,
        value: change.value,
        ...(change.workTypeId === undefined ? {} : { workTypeId: change.workTypeId }),
        ...(change.comment === undefined ? {} : { comment: change.comment }),
        expectedVersion: seen.mark,
      });
      return { apply: (p) => upsertMark(p, mark), set: { marks: { [mark.slot]: mark.version } } };
    }
    case 'markDetails': {
      if (seen.mark === null) throw notThere();
      const mark = await call('journal.updateMark', {
        ...ids,
        slot: change.slot,
        workTypeId: change.workTypeId,
        comment: change.comment,
        expectedVersion: seen.mark,
      });
      return { apply: (p) => upsertMark(p, mark), set: { marks: { [mark.slot]: mark.version } } };
    }
    case 'deleteMark': {
      // Never saved (its add was replaced while waiting): nothing to delete.
      if (seen.mark !== null)
        await call('journal.deleteMark', { ...ids, slot: change.slot, expectedVersion: seen.mark });
      return {
        apply: (p) => removeMark(p, save.lessonId, save.studentId, change.slot),
        set: { marks: { [change.slot]: null } },
      };
    }
    case 'absence': {
      const absence = await call('journal.setAbsence', {
        ...ids,
        code: change.code,
        expectedVersion: seen.absence,
      });
      return { apply: (p) => upsertAbsence(p, absence), set: { absence: absence.version } };
    }
    case 'restore': {
      const restored = await call('journal.restoreCell', {
        ...ids,
        marks: change.marks.map(({ slot, value, workTypeId, comment }) => ({
          slot,
          value,
          workTypeId,
          comment,
        })),
        absence: change.code,
      });
      return {
        apply: (p) => restoreCellIn(p, save.lessonId, save.studentId, restored),
        set: {
          cleared: true,
          marks: Object.fromEntries(restored.marks.map((m) => [m.slot, m.version])),
          absence: restored.absence?.version ?? null,
        },
      };
    }
    case 'clear': {
      const first = seen.marks ? (seen.marks.find((m) => m.slot === 1)?.version ?? null) : seen.mark;
      await call('journal.clearCell', {
        ...ids,
        markVersion: first,
        ...(seen.marks ? { marks: seen.marks } : {}),
        absenceVersion: seen.absence,
      });
      return {
        apply: (p) => clearCellIn(p, save.lessonId, save.studentId),
        set: { cleared: true, absence: null },
      };
    }
  }
}

function notThere(): CallError {
  return new CallError({
    code: 'CONFLICT',
    message: 'Этой отметки в журнале уже нет. Страница обновлена — проверьте и повторите.',
  });
}

/** Per cell, the newest save still running: the versions it set, or undefined when it failed. */
const running = new Map<string, Promise<VersionPatch | undefined>>();

/**
 * Runs a cell's saves one after another: a teacher who corrects a mark that is still being saved
 * replaces the version that save makes, not the one seen before it (which the server would refuse as
 * changed by someone else). A save after a failed one keeps what the teacher saw.
 */
async function afterEarlierSaves<R extends { set: VersionPatch }>(
  save: Pick<CellSave, 'lessonId' | 'studentId' | 'seen' | 'change'>,
  run: (seen: Versions) => Promise<R>,
): Promise<R> {
  const key = cellKey(save.lessonId, save.studentId);
  const earlier = running.get(key);
  const job = (async () => {
    const set = earlier && (await earlier);
    return run(set ? applyPatch(save.seen, targetSlot(save.change), set) : save.seen);
  })();
  const versions = job.then(
    (r) => r.set,
    () => undefined,
  );
  running.set(key, versions);
  void versions.then(() => {
    if (running.get(key) === versions) running.delete(key);
  });
  return job;
}

/** Whether a change to this cell is being saved or waits to be sent (Delete then has something to clear). */
export function isSaving(
  queryClient: QueryClient,
  lessonId: number,
  studentId: number,
  queue?: SaveQueue | null,
): boolean {
  if (queue?.has({ lessonId, studentId })) return true;
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
 * The changes of a cell typed but not in the page yet (being saved, or waiting offline), in the order
 * typed: a second mark typed right after the first goes beside it, not over it.
 */
export function unsavedChanges(
  queryClient: QueryClient,
  lessonId: number,
  studentId: number,
  queue?: SaveQueue | null,
): CellChange[] {
  const same = (v: { lessonId: number; studentId: number } | undefined) =>
    v?.lessonId === lessonId && v.studentId === studentId;
  const pending = queryClient
    .getMutationCache()
    .findAll({
      mutationKey: CELL_SAVE_KEY,
      status: 'pending',
      predicate: (m) => same(m.state.variables as CellSave),
    })
    .map((m) => m.state.variables as CellSave);
  const waiting = queue?.entries().filter(same) ?? [];
  return [...waiting, ...pending].sort((a, b) => a.typed - b.typed).map((s) => s.change);
}

export type SaveResult =
  | { queued: false; apply: (p: JournalPage) => JournalPage; set: VersionPatch }
  | { queued: true; set: VersionPatch };

/** Keeps a save that cannot reach the journal service on this computer, to be sent when it answers. */
function enqueue(queue: SaveQueue, save: CellSave, seen: Versions): SaveResult {
  const { loadId, lessonId, studentId, change, what, typed } = save;
  try {
    queue.put({ loadId, lessonId, studentId, change, what, typed, seen });
  } catch (e) {
    // The computer's storage refused (full): the save is shown as not saved, never dropped in silence.
    throw new CallError(
      {
        code: 'UNAVAILABLE',
        message:
          'Нет связи с сервером журнала, и на этом компьютере отметку сохранить не удалось. Изменения не сохранены',
      },
      { cause: e },
    );
  }
  return { queued: true, set: {} };
}

/**
 * The grid's one cell-save mutation. `announce` tells a screen reader how each save ended (focus has
 * already moved on to the next student by then). While the journal service is unreachable, a save
 * goes into the user's offline queue at once (no call that would wait for its own failure), and so
 * does a save whose call fails for want of a connection; so does a save of a cell that already waits,
 * which replaces the waiting change (sending the newer one first would be overtaken by the older).
 */
export function useCellSaves(call: Call, announce: (text: string) => void) {
  const queryClient = useQueryClient();
  const offline = useOfflineSaves();
  return useMutation({
    mutationKey: CELL_SAVE_KEY,
    // A failed save stays in its cell until the cell is saved again, however long that takes.
    gcTime: Number.POSITIVE_INFINITY,
    onMutate: (save) => {
      forgetObsolete(queryClient);
      offline?.refusals.clear(save.lessonId, save.studentId);
    },
    mutationFn: (save: CellSave) =>
      afterEarlierSaves(save, async (versions): Promise<SaveResult> => {
        if (offline && (!connection.get().online || offline.queue.has(save)))
          return enqueue(offline.queue, save, versions);
        try {
          return { queued: false, ...(await send(call, save, versions)) };
        } catch (e) {
          if (!offline || !isUnreachable(e)) throw e;
          connection.lost();
          return enqueue(offline.queue, save, versions);
        }
      }),
    onSuccess: async (result, save) => {
      if (result.queued) {
        announce(`${save.what}: нет связи с сервером, ожидает отправки`);
        return;
      }
      await applyToPages(queryClient, save, result.apply);
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

/** Answers that say nothing about the entry, only about the session: keep it and try again later. */
const HELD = new Set(['UNAUTHENTICATED', 'PASSWORD_CHANGE_REQUIRED', 'RATE_LIMITED']);

/**
 * Sends one waiting entry of the offline queue, after any save of its cell still running (so a change
 * typed meanwhile builds on the version this one makes). The entry leaves the queue only when the
 * router answered it: saved (applied to the cached pages), or refused — a stale write is refused as
 * always (CONFLICT) and the cell then shows the refusal and, refetched, what it holds now.
 */
export async function deliverQueued(
  call: Call,
  queryClient: QueryClient,
  offline: OfflineSaves,
  entry: QueuedSave,
  announce: (text: string) => void,
): Promise<Delivery> {
  const result = await afterEarlierSaves(
    entry,
    async (): Promise<{ set: VersionPatch; outcome: Delivery }> => {
      // The newest change of this cell (a replacement typed since the replay began is sent instead).
      const current = offline.queue
        .entries()
        .find((e) => e.lessonId === entry.lessonId && e.studentId === entry.studentId);
      if (!current) return { set: {}, outcome: 'gone' };
      try {
        const saved = await send(call, current, current.seen);
        offline.queue.remove(current.id);
        // Changes of the same cell typed after this one build on what it set (another mark of the cell).
        offline.queue.rebase(current, (e) => applyPatch(e.seen, targetSlot(e.change), saved.set));
        await applyToPages(queryClient, current, saved.apply);
        announce(`${current.what}: отправлено, сохранено`);
        return { set: saved.set, outcome: 'sent' };
      } catch (e) {
        if (isUnreachable(e)) {
          connection.lost();
          return { set: {}, outcome: 'unreachable' };
        }
        if (e instanceof CallError && HELD.has(e.code)) return { set: {}, outcome: 'held' };
        if (e instanceof CallError && e.code === 'CONFLICT' && (await alreadyHolds(call, current))) {
          offline.queue.remove(current.id);
          void queryClient.invalidateQueries({ queryKey: ['journal.page', current.loadId] });
          announce(`${current.what}: сохранено`);
          return { set: {}, outcome: 'sent' };
        }
        offline.queue.remove(current.id);
        const message = errorMessage(e);
        offline.refusals.add({
          lessonId: current.lessonId,
          studentId: current.studentId,
          message,
          typed: current.typed,
        });
        announce(`${current.what}: не сохранено. ${message}`);
        // It was typed a while ago, maybe on another screen: the notice stays until it is read.
        notifications.show({
          color: 'red',
          title: 'Не сохранено при отправке',
          message: `${current.what}: ${message}`,
          autoClose: false,
        });
        if (e instanceof CallError && e.code === 'CONFLICT')
          void queryClient.invalidateQueries({ queryKey: ['journal.page', current.loadId] });
        return { set: {}, outcome: 'refused' };
      }
    },
  );
  return result.outcome;
}

/**
 * Whether the cell already holds exactly what the entry sets. A save whose answer was lost on the way
 * (the connection broke after the journal wrote it) is queued and sent again, and then refused as
 * stale — by itself. The teacher's change is in the journal: that is a save, not a conflict.
 */
async function alreadyHolds(call: Call, entry: QueuedSave): Promise<boolean> {
  let page: JournalPage;
  try {
    page = await call('journal.page', { loadId: entry.loadId, wholeYear: true });
  } catch {
    return false;
  }
  const at = (x: { lessonId: number; studentId: number }) =>
    x.lessonId === entry.lessonId && x.studentId === entry.studentId;
  const marks = page.marks.filter(at);
  const absence = page.absences.find(at);
  const change = entry.change;
  const slot = targetSlot(change);
  const mark = marks.find((m) => m.slot === slot);
  switch (change.kind) {
    case 'mark':
      return (
        mark?.value === change.value &&
        (change.workTypeId === undefined || mark.workTypeId === change.workTypeId) &&
        (change.comment === undefined || mark.comment === change.comment)
      );
    case 'markDetails':
      return mark?.workTypeId === change.workTypeId && mark.comment === change.comment;
    case 'deleteMark':
      return !mark;
    case 'absence':
      return absence?.code === change.code;
    case 'restore':
      return (
        (absence?.code ?? null) === change.code &&
        marks.length === change.marks.length &&
        change.marks.every((c) => marks.some((m) => m.slot === c.slot && m.value === c.value))
      );
    case 'clear':
      return marks.length === 0 && !absence;
  }
}

const noSubscribe = () => () => {};
const NO_ENTRIES: readonly QueuedSave[] = [];
const NO_REFUSALS: readonly Refusal[] = [];
const noEntries = () => NO_ENTRIES;
const noRefusals = () => NO_REFUSALS;

export type ShownOrDone = CellSaveState | { lessonId: number; typed: number; status: 'done' };

/**
 * Per lesson, the state of the change typed last, if it is still to be shown (a finished save shows
 * nothing: the page has it). On a tie the earlier in the list wins: the offline entries come first,
 * so the save that put an entry into the queue shows the entry.
 */
export function newestShown(all: readonly ShownOrDone[]): Map<number, CellSaveState> {
  const newest = new Map<number, ShownOrDone>();
  for (const s of all) if ((newest.get(s.lessonId)?.typed ?? -1) < s.typed) newest.set(s.lessonId, s);
  const shown = new Map<number, CellSaveState>();
  for (const [lessonId, s] of newest) if (s.status !== 'done') shown.set(lessonId, s);
  return shown;
}

/**
 * The save state of each cell of one student's row, by lesson id: the change typed last, whether a
 * save on its way (pending), a change waiting in the offline queue (waiting) or a refusal (error).
 * Only the row whose cells changed re-renders when a save starts or ends (the selection is
 * structurally shared).
 */
export function useRowSaves(studentId: number): ReadonlyMap<number, CellSaveState> {
  const offline = useOfflineSaves();
  const states = useMutationState({
    filters: {
      mutationKey: CELL_SAVE_KEY,
      predicate: (m) => (m.state.variables as CellSave | undefined)?.studentId === studentId,
    },
    select: (m): ShownOrDone => {
      const save = m.state.variables as CellSave;
      const base = { lessonId: save.lessonId, typed: save.typed };
      if (m.state.status === 'pending') return { ...base, status: 'pending', change: save.change };
      if (m.state.status === 'error')
        return { ...base, status: 'error', message: errorMessage(m.state.error) };
      return { ...base, status: 'done' };
    },
  });
  const waiting = useSyncExternalStore(
    offline?.queue.subscribe ?? noSubscribe,
    offline?.queue.entries ?? noEntries,
  );
  const refused = useSyncExternalStore(
    offline?.refusals.subscribe ?? noSubscribe,
    offline?.refusals.list ?? noRefusals,
  );
  return useMemo(() => {
    // The offline ones first: on a tie (the save that queued the entry) the entry is what shows.
    const all: ShownOrDone[] = [
      ...waiting
        .filter((e) => e.studentId === studentId)
        .map((e) => ({ lessonId: e.lessonId, typed: e.typed, status: 'waiting' as const, change: e.change })),
      ...refused
        .filter((r) => r.studentId === studentId)
        .map((r) => ({ lessonId: r.lessonId, typed: r.typed, status: 'error' as const, message: r.message })),
      ...states,
    ];
    return newestShown(all);
  }, [states, waiting, refused, studentId]);
}
