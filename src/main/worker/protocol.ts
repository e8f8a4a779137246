import type { ApiResult, ErrorCode } from '../../shared/api/errors';
import type { CallMeta } from '../router';

/** Messages between the main thread and the database worker. */
export interface WorkerOptions {
  dbPath: string;
  createDemo: boolean;
  checkOutputs?: boolean;
}

export type ToWorker =
  | { type: 'call'; id: number; method: string; input: unknown; meta: CallMeta }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; createdDemo: boolean }
  | { type: 'failed'; message: string; refused: boolean }
  | { type: 'result'; id: number; answer: JsonAnswer }
  | { type: 'closed' };

/**
 * A router's answer already serialized: what a transport sends as it is. Big pages cross threads
 * and sockets as one string instead of being cloned object by object.
 */
export interface JsonAnswer {
  ok: boolean;
  code?: ErrorCode;
  json: string;
}

/** What the transports need of a router: the same call, wherever the router runs. */
export interface CallRouter {
  call(method: string, input: unknown, meta: CallMeta): Promise<ApiResult<unknown>>;
  callJson(method: string, input: unknown, meta: CallMeta): Promise<JsonAnswer>;
}

export function toJsonAnswer(result: ApiResult<unknown>): JsonAnswer {
  const json = JSON.stringify(result);
  return result.ok ? { ok: true, json } : { ok: false, code: result.error.code, json };
}
