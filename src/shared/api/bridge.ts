/**
 * The desktop transport's one boundary, typed once for the three sides that meet at it: the preload
 * exposes `window[BRIDGE_KEY]`, the main process answers on `IPC_CHANNEL`, the renderer's client
 * calls it. The answer is the router's { ok, value | error } serialized as JSON text — the same bytes
 * the HTTP transport sends, so both transports parse alike and a big page crosses IPC as one string.
 */
export const IPC_CHANNEL = 'journal:call';

/** The name under which the preload exposes the bridge on `window`. */
export const BRIDGE_KEY = 'journalBridge';

export interface JournalBridge {
  /** Calls a method of the contract; resolves with the router's ApiResult as JSON text. */
  call(method: string, input: unknown, token: string | null): Promise<string>;
}
