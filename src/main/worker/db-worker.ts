import { parentPort, workerData } from 'node:worker_threads';
import { type Startup, startApp } from '../app';
import { startBackupSchedule } from '../backups/runner';
import { JournalPathRefused } from '../db/journal-file';
import { DatabaseRefused } from '../db/migrate';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol';

/**
 * The thread that owns the journal file: it opens it, keeps the one connection and runs the router.
 * The main thread (Electron's, or browser mode's HTTP server) only passes calls and answers. A named
 * file that does not exist yet is created here too, from the first-run screen (app.ts, startApp).
 */
const port = parentPort;
if (!port) throw new Error('db-worker must run as a worker thread');
const send = (message: FromWorker) => port.postMessage(message);

let app: Startup;
try {
  app = await startApp(workerData as WorkerOptions);
  send({ type: 'ready', createdDemo: app.createdDemo, setupPath: app.pendingPath });
  // Copies are taken where the file is owned, when due (checked at start and every few minutes).
  void app.opened.then((opened) => startBackupSchedule(opened.db));
} catch (e) {
  send({
    type: 'failed',
    message: e instanceof Error ? e.message : String(e),
    refused: e instanceof DatabaseRefused || e instanceof JournalPathRefused,
  });
  process.exit(1);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    app.close();
    send({ type: 'closed' });
    port.close();
    return;
  }
  void app
    .callJson(message.method, message.input, message.meta)
    .then((answer) => send({ type: 'result', id: message.id, answer }));
});
