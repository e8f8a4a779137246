import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { startDbWorker, WorkerFailed } from './client';

describe('the database worker ending without a word', () => {
  it('ends the start with a Russian message instead of waiting forever', async () => {
    const tmp = tempDir();
    try {
      const script = join(tmp.dir, 'dies.mjs');
      writeFileSync(script, 'process.exit(7);\n');
      const started = startDbWorker(script, { dbPath: join(tmp.dir, 'x.sqlite'), createDemo: false });
      await expect(started).rejects.toBeInstanceOf(WorkerFailed);
      await expect(started).rejects.toThrow('Программа работы с файлом журнала остановилась (код 7).');
    } finally {
      tmp.cleanup();
    }
  });

  it('answers calls after it stopped at once, as unavailable', async () => {
    const tmp = tempDir();
    try {
      // Says it is ready, then stops at the first call.
      const script = join(tmp.dir, 'ready-then-dies.mjs');
      writeFileSync(
        script,
        `import { parentPort } from 'node:worker_threads';
         parentPort.postMessage({ type: 'ready', createdDemo: false });
         parentPort.on('message', () => process.exit(9));\n`,
      );
      const worker = await startDbWorker(script, { dbPath: join(tmp.dir, 'x.sqlite'), createDemo: false });
      const first = await worker.callJson('journal.myLoads', {}, { door: 'staff' });
      expect(first).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
      const second = await worker.call('journal.myLoads', {}, { door: 'staff' });
      expect(second).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      await worker.close();
    } finally {
      tmp.cleanup();
    }
  });
});
