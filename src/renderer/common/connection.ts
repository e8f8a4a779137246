import { useSyncExternalStore } from 'react';
import { type Call, CallError } from '../api/client';

/**
 * Whether the journal service answers: one source of truth for the whole staff application, fed by
 * the sync poll (every few seconds) and by every call that fails without reaching it. Saves read it
 * to go straight into the offline queue instead of each waiting for its own failure.
 */
export interface ConnectionState {
  online: boolean;
  /** When the service last answered (ms); moves on every answer, so watchers can retry held work. */
  answeredAt: number;
}

/**
 * A call that did not reach the journal service: no connection, a garbled or foreign answer (the
 * client's transport failure), or the service saying its database is unavailable right now. Either
 * way nothing was written and the same call can be made again later.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof CallError && error.code === 'UNAVAILABLE';
}

export function createConnection() {
  let state: ConnectionState = { online: true, answeredAt: 0 };
  const listeners = new Set<() => void>();
  const set = (next: ConnectionState) => {
    state = next;
    for (const l of listeners) l();
  };
  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** The service answered (anything the router said, a refusal included). */
    answered: () => set({ online: true, answeredAt: Date.now() }),
    lost: () => {
      if (state.online) set({ ...state, online: false });
    },
    /** Reports a call's outcome: router answers and transport failures. */
    report(error: unknown) {
      if (isUnreachable(error)) this.lost();
      else if (error instanceof CallError) this.answered();
    },
  };
}

export type Connection = ReturnType<typeof createConnection>;

/** The staff application's connection to its journal service. */
export const connection = createConnection();

/** A client whose every call tells `conn` whether the service answered. */
export function watchConnection(call: Call, conn: Connection = connection): Call {
  return (async (method, input) => {
    try {
      const value = await call(method, input);
      conn.answered();
      return value;
    } catch (e) {
      conn.report(e);
      throw e;
    }
  }) as Call;
}

export function useConnection(conn: Connection = connection): ConnectionState {
  return useSyncExternalStore(conn.subscribe, conn.get);
}
