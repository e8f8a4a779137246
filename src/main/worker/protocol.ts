import type { CallMeta, JsonAnswer } from '../router/answer';

/** Messages between the main thread and the database worker. */
export interface WorkerOptions {
  dbPath: string;
  createDemo: boolean;
  checkOutputs?: boolean;
  /** Tests only: the moment every call is made at (JOURNAL_TEST_NOW), so date-bound specs hold any day. */
  testNow?: string;
}

export type ToWorker =
  | { type: 'call'; id: number; method: string; input: unknown; meta: CallMeta }
  | { type: 'close' };

export type FromWorker =
  /** `setupPath`: the journal file does not exist yet and waits for the first-run screen. */
  | { type: 'ready'; createdDemo: boolean; setupPath?: string | null }
  | { type: 'failed'; message: string; refused: boolean }
  | { type: 'result'; id: number; answer: JsonAnswer }
  | { type: 'closed' };
