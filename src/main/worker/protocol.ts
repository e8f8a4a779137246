import type { ApiResult } from '../../shared/api/errors';
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
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'closed' };

/** What the transports need of a router: the same call, wherever the router runs. */
export interface CallRouter {
  call(method: string, input: unknown, meta: CallMeta): Promise<ApiResult<unknown>>;
}
