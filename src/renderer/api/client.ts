import { BRIDGE_KEY, type JournalBridge } from '../../shared/api/bridge';
import { api, type Input, isMethodName, type MethodName, type Output } from '../../shared/api/contract';
import type { ApiErrorBody, ApiResult, ErrorCode } from '../../shared/api/errors';

/**
 * The typed client. In Electron the preload exposes `window.journalBridge` (IPC); in browser mode
 * calls go to POST /api/<method> on the page's own origin. Both reach the same router and both
 * answer the router's result as JSON text, parsed here in one place.
 */
declare global {
  interface Window {
    [BRIDGE_KEY]?: JournalBridge;
  }
}

export class CallError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(body: ApiErrorBody, options?: { cause?: unknown }) {
    super(body.message, options);
    this.code = body.code;
    this.field = body.field;
  }
}

/** A refused call's Russian message for the screen, or the screen's own words for anything else. */
export const errorText = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);

/**
 * Session token storage, per door. Staff keep it in this tab only (sessionStorage: a shared
 * computer forgets the session with the tab); a family keeps it on the device (localStorage), so a
 * diary opened in a new tab is still signed in, and signing out in one tab signs out all of them.
 */
export function tokenStore(key: string, keep: 'tab' | 'device' = 'tab') {
  const storage = keep === 'device' ? localStorage : sessionStorage;
  let token: string | null = storage.getItem(key);
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  if (keep === 'device') {
    // Another tab of the same diary signed in or out.
    window.addEventListener('storage', (e) => {
      if (e.key !== key && e.key !== null) return;
      token = storage.getItem(key);
      notify();
    });
  }
  return {
    get: () => token,
    set(value: string | null) {
      token = value;
      if (value) storage.setItem(key, value);
      else storage.removeItem(key);
      notify();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type TokenStore = ReturnType<typeof tokenStore>;

/** The router's answer as JSON text, through whichever transport this page has. */
async function send(method: string, input: unknown, token: string | null): Promise<string> {
  const bridge = window[BRIDGE_KEY];
  if (bridge) return bridge.call(method, input, token);
  const response = await fetch(`api/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  // A proxy's error page or an empty body is not the router's answer: say which status came instead,
  // with the server's own words when it sent a short plain line («Неверный адрес сервера»).
  if (!text.trimStart().startsWith('{')) {
    const plain = response.headers.get('Content-Type')?.startsWith('text/plain') ? text.slice(0, 200) : '';
    throw new Error(`HTTP ${response.status}${plain ? ` ${plain}` : ''}`);
  }
  return text;
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; error?: { message?: unknown } };
  return r.ok === true || (r.ok === false && typeof r.error?.message === 'string');
}

/** A failure outside the router (no connection, a garbled answer): logged with its cause, said in Russian. */
function transportFailure(method: string, what: string, cause: unknown): CallError {
  console.error(`[client] ${method}: ${what}`, cause);
  const reason = cause instanceof Error ? cause.message : String(cause);
  // A write that got no answer may not have reached the journal: say so, so the teacher re-checks.
  const unsaved = isMethodName(method) && api[method].write ? '. Изменения не сохранены' : '';
  return new CallError(
    { code: 'UNAVAILABLE', message: `${what} (операция ${method}): ${reason}${unsaved}` },
    { cause },
  );
}

export function createClient(tokens: TokenStore) {
  async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    let text: string;
    try {
      text = await send(method, input, tokens.get());
    } catch (e) {
      throw transportFailure(method, 'Нет связи с программой журнала', e);
    }
    let result: unknown;
    try {
      result = JSON.parse(text);
    } catch (e) {
      throw transportFailure(method, 'Программа журнала ответила непонятно', e);
    }
    if (!isApiResult(result)) {
      throw transportFailure(
        method,
        'Программа журнала ответила непонятно',
        new Error(String(text).slice(0, 200)),
      );
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
