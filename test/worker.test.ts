import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { startDbWorker, WorkerFailed } from '../src/main/worker/client';
import { tempDir } from './school';

// Built inside the project so that better-sqlite3 resolves from its node_modules.
const script = join(process.cwd(), 'test-results', 'worker-build', 'db-worker.mjs');

beforeAll(async () => {
  await build({
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    logLevel: 'silent',
    entryPoints: ['src/main/worker/db-worker.ts'],
    outfile: script,
    external: ['better-sqlite3'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
}, 60_000);

describe('database worker thread', () => {
  it('opens the journal in its own thread and answers calls through the same router', async () => {
    const tmp = tempDir();
    const worker = await startDbWorker(script, { dbPath: join(tmp.dir, 'journal.sqlite'), createDemo: true });
    try {
      expect(worker.createdDemo).toBe(true);
      const login = await worker.call(
        'auth.login',
        { login: 'teacher', password: 'demo2026' },
        { door: 'staff' },
      );
      expect(login.ok).toBe(true);
      const token = (login as { value: { token: string } }).value.token;
      // Calls sent together come back to their own callers.
      const [loads, me, refused] = await Promise.all([
        worker.call('journal.myLoads', {}, { door: 'staff', token }),
        worker.call('auth.me', {}, { door: 'staff', token }),
        worker.call('journal.page', { loadId: 'x' }, { door: 'staff', token }),
      ]);
      expect(loads.ok && (loads.value as unknown[]).length).toBeGreaterThan(0);
      expect(me).toMatchObject({ ok: true, value: { login: 'teacher' } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    } finally {
      await worker.close();
      tmp.cleanup();
    }
  });

  it('reports a refused file with its Russian message and does not start', async () => {
    const tmp = tempDir();
    const path = join(tmp.dir, 'notes.sqlite');
    writeFileSync(path, 'не база данных'.repeat(100));
    try {
      const error = await startDbWorker(script, { dbPath: path, createDemo: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerFailed);
      expect(error).toMatchObject({
        refused: true,
        message: expect.stringContaining('не является базой данных SQLite'),
      });
    } finally {
      tmp.cleanup();
    }
  });
});
