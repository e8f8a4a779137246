import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { ApiErrorBody, ApiResult, ErrorCode } from '../../shared/api/errors';

/**
 * The typed client. In Electron the preload exposes `window.journalBridge` (IPC); in browser mode
 * calls go to POST /api/<method> on the page's own origin. Both reach the same router.
 */
export interface JournalBridge {
  /** Answers the router's result as JSON text. */
  call(method: string, input: unknown, token: string | null): Promise<string>;
}

declare global {
  interface Window {
    journalBridge?: JournalBridge;
  }
}

export class CallError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
    this.field = body.field;
  }
}

const NETWORK_ERROR: ApiErrorBody = {
  code: 'UNAVAILABLE',
  message: 'Нет связи с программой журнала. Изменения не сохранены.',
};

/** Session token storage, per door, for this tab only (closing the tab ends the work). */
export function tokenStore(key: string) {
  let token: string | null = sessionStorage.getItem(key);
  const listeners = new Set<() => void>();
  return {
    get: () => token,
    set(value: string | null) {
      token = value;
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
      for (const l of listeners) l();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type TokenStore = ReturnType<typeof tokenStore>;

export function createClient(tokens: TokenStore) {
  async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    let result: ApiResult<unknown>;
    try {
      if (window.journalBridge) {
        result = JSON.parse(
          await window.journalBridge.call(method, input, tokens.get()),
        ) as ApiResult<unknown>;
      } else {
        const token = tokens.get();
        const response = await fetch(`api/${method}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(input),
        });
        result = (await response.json()) as ApiResult<unknown>;
      }
    } catch {
      throw new CallError(NETWORK_ERROR);
    }
    if (!result.ok) {
      if (result.error.code === 'UNAUTHENTICATED' && method !== 'auth.login') tokens.set(null);
      throw new CallError(result.error);
    }
    return result.value as Output<M>;
  }
  return call;
}

export type Call = ReturnType<typeof createClient>;
