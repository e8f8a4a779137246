import { type CellChange, type SeenVersions, targetSlot } from '../journal/cells';

/**
 * The offline queue: cell saves typed while the journal service could not be reached, kept on this
 * computer (localStorage: synchronous, survives a reload and a restart) until the service answers
 * each one. An entry leaves only when the router answered it — saved, or refused and shown.
 */

export interface QueuedSave {
  /** New for every typed change: an answer to a replaced change does not remove its replacement. */
  id: string;
  loadId: number;
  lessonId: number;
  studentId: number;
  change: CellChange;
  /** The versions of the cell's marks and absence the teacher saw: the server refuses a stale write. */
  seen: SeenVersions;
  /** «Иванов Иван, 05.09, отметка 4»: how the user is told what happened to it. */
  what: string;
  /** When it was typed (monotonic): the cell shows whichever of its saves was typed last. */
  typed: number;
}

export type NewQueuedSave = Omit<QueuedSave, 'id'>;

interface Stored {
  user: { id: number; name: string };
  entries: QueuedSave[];
}

const PREFIX = 'journal.offline.v1|';

/** One queue per journal service and user: a colleague's entries are never sent under my session. */
export function queueKey(server: string, userId: number): string {
  return `${PREFIX}${server}|${userId}`;
}

let lastTyped = 0;
/** A time stamp that never repeats or goes back within this page. */
export function nextTyped(): number {
  lastTyped = Math.max(Date.now(), lastTyped + 1);
  return lastTyped;
}

let counter = 0;
const newId = () =>
  `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

const sameCell = (a: { lessonId: number; studentId: number }, b: { lessonId: number; studentId: number }) =>
  a.lessonId === b.lessonId && a.studentId === b.studentId;

/** What a change is about in its cell: one mark's slot, the absence, or the whole cell. */
function target(change: CellChange): string {
  const slot = targetSlot(change);
  if (slot !== undefined) return `mark ${slot}`;
  return change.kind === 'absence' ? 'absence' : 'cell';
}

/**
 * Whether a newer change replaces a waiting one (the last typed wins): the same thing in the cell,
 * and a change that says all there is to say about it — a new value, a deletion, an absence, Delete.
 * A new work type or comment does not replace a waiting mark (the mark would be lost): it waits behind.
 */
function replaces(newer: CellChange, waiting: CellChange): boolean {
  if (target(newer) !== target(waiting)) return false;
  if (newer.kind === 'markDetails') return waiting.kind === 'markDetails';
  return waiting.kind !== 'markDetails' || newer.kind === 'deleteMark';
}

function parse(raw: string | null): Stored | null {
  if (raw === null) return null;
  const value = JSON.parse(raw) as Stored;
  if (!value || !Array.isArray(value.entries)) throw new Error('not a queue');
  return value;
}

export function createSaveQueue(storage: Storage, server: string, user: { id: number; name: string }) {
  const key = queueKey(server, user.id);
  const listeners = new Set<() => void>();

  /** Read from storage every time: another tab of the same user may have changed it. */
  function read(): QueuedSave[] {
    const raw = storage.getItem(key);
    try {
      return parse(raw)?.entries ?? [];
    } catch (e) {
      // Never overwrite what cannot be read: set it aside for the administrator, then start afresh.
      console.error('[offline] unreadable queue set aside', e);
      storage.setItem(`${key}|unreadable|${Date.now()}`, raw ?? '');
      storage.removeItem(key);
      return [];
    }
  }

  let snapshot: readonly QueuedSave[] = read();
  let snapshotRaw = storage.getItem(key);
  const notify = () => {
    for (const l of listeners) l();
  };

  /** Throws when the storage refuses (full): the caller then shows the save as not saved. */
  function write(entries: QueuedSave[]) {
    if (entries.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ user, entries } satisfies Stored));
    snapshot = entries;
    snapshotRaw = storage.getItem(key);
    notify();
  }

  return {
    key,
    /** The entries in the order they were first typed (a replacement keeps its place). */
    entries: (): readonly QueuedSave[] => snapshot,
    /** Whether a change to this cell is waiting: a newer one must queue behind it, not overtake it. */
    has: (cell: { lessonId: number; studentId: number }) => snapshot.some((e) => sameCell(e, cell)),
    /**
     * Queues a change; a waiting change of the same cell is replaced (the last typed wins) but keeps
     * the versions the teacher saw first, which are what the cell holds on the server.
     */
    put(save: NewQueuedSave): QueuedSave {
      const entries = read();
      // Only the cell's last waiting change may be replaced: replacing an earlier one would send the
      // cell's changes in another order than typed. Otherwise the change waits behind the others.
      const last = entries.findLastIndex((e) => sameCell(e, save));
      const i = last >= 0 && replaces(save.change, entries[last]!.change) ? last : -1;
      const entry: QueuedSave = { ...save, id: newId(), seen: i >= 0 ? entries[i]!.seen : save.seen };
      if (i >= 0) entries[i] = entry;
      else entries.push(entry);
      write(entries);
      return entry;
    },
    /**
     * The versions seen by the changes of a cell still waiting, once an earlier change of that cell
     * was saved (they were typed on the page as it was before it).
     */
    rebase(cell: { lessonId: number; studentId: number }, seen: (e: QueuedSave) => SeenVersions) {
      const entries = read();
      if (!entries.some((e) => sameCell(e, cell))) return;
      write(entries.map((e) => (sameCell(e, cell) ? { ...e, seen: seen(e) } : e)));
    },
    /** Removes the entry once the router answered it; a replacement typed meanwhile stays. */
    remove(id: string): boolean {
      const entries = read();
      const next = entries.filter((e) => e.id !== id);
      if (next.length === entries.length) return false;
      write(next);
      return true;
    },
    /** Re-reads storage (another tab of the same user wrote it); tells the screens only of a change. */
    refresh() {
      if (storage.getItem(key) === snapshotRaw) return;
      snapshot = read();
      snapshotRaw = storage.getItem(key);
      notify();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type SaveQueue = ReturnType<typeof createSaveQueue>;

/** Other users' entries waiting on this computer for this service: kept, and not sent by me. */
export function othersWaiting(
  storage: Storage,
  server: string,
  userId: number,
): { name: string; count: number }[] {
  const mine = queueKey(server, userId);
  const prefix = `${PREFIX}${server}|`;
  const found: { name: string; count: number }[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(prefix) || key === mine || key.includes('|unreadable|')) continue;
    try {
      const stored = parse(storage.getItem(key));
      if (stored && stored.entries.length > 0)
        found.push({ name: stored.user.name, count: stored.entries.length });
    } catch {
      // Unreadable: that user's own session sets it aside.
    }
  }
  return found;
}

/** How the router's handling of one entry ended. */
export type Delivery =
  /** Saved: the entry is gone from the queue. */
  | 'sent'
  /** Refused (a stale write, a closed period…), shown to the user: the entry is gone from the queue. */
  | 'refused'
  /** Not delivered: the service is unreachable again; stop, try again when it answers. */
  | 'unreachable'
  /** Not delivered for a reason of the session (signed out, password change): stop, keep it. */
  | 'held'
  /** Nothing to send: the entry was replaced and its replacement sent meanwhile. */
  | 'gone';

/**
 * Sends the waiting entries in the order they were typed, one at a time, each through `deliver`.
 * Stops at the first one that could not be delivered (the rest would fail the same way), leaving it
 * and everything after it in the queue.
 */
export async function replay(
  queue: SaveQueue,
  deliver: (entry: QueuedSave) => Promise<Delivery>,
): Promise<{ sent: number; refused: number; stoppedBy: Delivery | null }> {
  const tried = new Set<string>();
  let sent = 0;
  let refused = 0;
  for (;;) {
    // Another tab of the same user may have sent or replaced entries meanwhile.
    queue.refresh();
    const next = queue.entries().find((e) => !tried.has(e.id));
    if (!next) return { sent, refused, stoppedBy: null };
    tried.add(next.id);
    const outcome = await deliver(next);
    if (outcome === 'sent' || outcome === 'refused') {
      queue.remove(next.id);
      if (outcome === 'sent') sent++;
      else refused++;
    } else if (outcome !== 'gone') {
      return { sent, refused, stoppedBy: outcome };
    }
  }
}
