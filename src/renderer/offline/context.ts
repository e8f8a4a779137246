import { useSyncExternalStore } from 'react';
import type { SaveQueue } from './queue';

/** A queued save the router refused (a stale write…): shown in its cell until the cell is saved again. */
export interface Refusal {
  lessonId: number;
  studentId: number;
  message: string;
  typed: number;
}

export function createRefusals() {
  let snapshot: readonly Refusal[] = [];
  const listeners = new Set<() => void>();
  const set = (next: readonly Refusal[]) => {
    snapshot = next;
    for (const l of listeners) l();
  };
  const other = (lessonId: number, studentId: number) => (r: Refusal) =>
    r.lessonId !== lessonId || r.studentId !== studentId;
  return {
    list: () => snapshot,
    add: (r: Refusal) => set([...snapshot.filter(other(r.lessonId, r.studentId)), r]),
    clear(lessonId: number, studentId: number) {
      if (snapshot.some((r) => !other(lessonId, studentId)(r)))
        set(snapshot.filter(other(lessonId, studentId)));
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type Refusals = ReturnType<typeof createRefusals>;

/** The signed-in user's offline queue and the refusals of its replay; null outside a session. */
export interface OfflineSaves {
  queue: SaveQueue;
  refusals: Refusals;
}

/**
 * The one active offline queue of this window (the signed-in user's), set by <OfflineSaves> beside
 * the screens rather than around them: the staff frame stays as it is, and a screen rendered before
 * it is set simply re-renders once it is.
 */
let active: OfflineSaves | null = null;
const activeListeners = new Set<() => void>();

export function setActiveOffline(value: OfflineSaves | null) {
  active = value;
  for (const l of activeListeners) l();
}

const subscribeActive = (listener: () => void) => {
  activeListeners.add(listener);
  return () => void activeListeners.delete(listener);
};

export const useOfflineSaves = () => useSyncExternalStore(subscribeActive, () => active);
