import { Worker } from 'node:worker_threads';
import { MESSAGES } from '../../shared/api/errors';
import type { CallRouter, JsonAnswer } from '../router/answer';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol';

export class WorkerFailed extends Error {
  constructor(
    message: string,
    /** The file was refused (not ours, from the future, an edited migration) and left untouched. */
    readonly refused: boolean,
  ) {
    super(message);
  }
}

export interface DbWorker extends CallRouter {
  createdDemo: boolean;
  close(): Promise<void>;
}

/** Starts the database worker (a built db-worker.mjs) and resolves once the journal file is open. */
export function startDbWorker(script: string, options: WorkerOptions): Promise<DbWorker> {
  const worker = new Worker(script, { workerData: options });
  const pending = new Map<number, (answer: JsonAnswer) => void>();
  let nextId = 1;
  let closed: (() => void) | undefined;
  const post = (message: ToWorker) => worker.postMessage(message);

  return new Promise((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready': {
          const callJson: CallRouter['callJson'] = (method, input, meta) => {
            const id = nextId++;
            return new Promise((answer) => {
              pending.set(id, answer);
              post({ type: 'call', id, method, input, meta });
            });
          };
          resolve({
            createdDemo: message.createdDemo,
            callJson,
            call: async (method, input, meta) => JSON.parse((await callJson(method, input, meta)).json),
            close() {
              return new Promise<void>((done) => {
                closed = done;
                post({ type: 'close' });
              });
            },
          });
          return;
        }
        case 'failed':
          reject(new WorkerFailed(message.message, message.refused));
          return;
        case 'result':
          pending.get(message.id)?.(message.answer);
          pending.delete(message.id);
          return;
        case 'closed':
          closed?.();
      }
    });
    worker.on('error', (e) => {
      reject(e);
      // Calls in flight get an answer rather than hanging the screen.
      const json = JSON.stringify({
        ok: false,
        error: { code: 'UNAVAILABLE', message: MESSAGES.unavailable },
      });
      for (const answer of pending.values()) answer({ ok: false, code: 'UNAVAILABLE', json });
      pending.clear();
    });
  });
}
