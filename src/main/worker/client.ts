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
  /** The full path of a journal still to be created on the first-run screen (null: the journal is open). */
  setupPath: string | null;
  close(): Promise<void>;
}

/** Starts the database worker (a built db-worker.mjs) and resolves once the journal file is open. */
export function startDbWorker(script: string, options: WorkerOptions): Promise<DbWorker> {
  const worker = new Worker(script, { workerData: options });
  const pending = new Map<number, (answer: JsonAnswer) => void>();
  let nextId = 1;
  let closed: (() => void) | undefined;
  /** The worker has stopped: calls are answered at once instead of waiting for it forever. */
  let gone = false;
  const post = (message: ToWorker) => worker.postMessage(message);
  const unavailable: JsonAnswer = {
    ok: false,
    code: 'UNAVAILABLE',
    json: JSON.stringify({ ok: false, error: { code: 'UNAVAILABLE', message: MESSAGES.unavailable } }),
  };
  const answerAll = () => {
    for (const answer of pending.values()) answer(unavailable);
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready': {
          const callJson: CallRouter['callJson'] = (method, input, meta) => {
            if (gone) return Promise.resolve(unavailable);
            const id = nextId++;
            return new Promise((answer) => {
              pending.set(id, answer);
              post({ type: 'call', id, method, input, meta });
            });
          };
          resolve({
            createdDemo: message.createdDemo,
            setupPath: message.setupPath ?? null,
            callJson,
            call: async (method, input, meta) => JSON.parse((await callJson(method, input, meta)).json),
            close() {
              if (gone) return Promise.resolve();
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
      gone = true;
      reject(e);
      // Calls in flight get an answer rather than hanging the screen.
      answerAll();
    });
    // A worker that ends without a word (killed, out of memory, a native crash) must not leave the
    // start waiting forever, nor the calls in flight; after 'failed' or 'closed' this changes nothing.
    worker.on('exit', (code) => {
      gone = true;
      reject(new WorkerFailed(`Программа работы с файлом журнала остановилась (код ${code}).`, false));
      answerAll();
      closed?.();
    });
  });
}
