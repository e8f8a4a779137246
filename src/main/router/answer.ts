import type { ApiResult, ErrorCode } from '../../shared/api/errors';
import type { Door } from './context';

/** What a transport tells the router about a call besides its name and input. */
export interface CallMeta {
  /** The session token the transport received, if any. */
  token?: string | null;
  door: Door;
  /** The caller's network address (HTTP) or 'local' (the desktop window): for per-address limits. */
  client?: string;
}

/**
 * A router's answer already serialized: what a transport sends as it is. Big pages cross threads
 * and sockets as one string instead of being cloned object by object.
 */
export interface JsonAnswer {
  ok: boolean;
  code?: ErrorCode;
  json: string;
}

/** What the transports need of a router: the same call, wherever the router runs (here or in a worker). */
export interface CallRouter {
  call(method: string, input: unknown, meta: CallMeta): Promise<ApiResult<unknown>>;
  callJson(method: string, input: unknown, meta: CallMeta): Promise<JsonAnswer>;
}

export function toJsonAnswer(result: ApiResult<unknown>): JsonAnswer {
  const json = JSON.stringify(result);
  return result.ok ? { ok: true, json } : { ok: false, code: result.error.code, json };
}
