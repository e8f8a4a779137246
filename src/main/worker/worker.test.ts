import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDbWorker } from '../../../scripts/build-main.mjs';
import { tempDir } from '../../../test/school';
import { startDbWorker, WorkerFailed } from './client';

// Built inside the project so that better-sqlite3 resolves from its node_modules: the same build as
// the application's (scripts/build-main.mjs), demo chunk and all.
let script = '';

beforeAll(async () => {
  script = await buildDbWorker(join(process.cwd(), 'test-results', 'worker-build'), 'silent');
}, 60_000);

/** The worker's entry and every chunk it imports statically (what a real school's start loads). */
function staticallyLoaded(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/^import\s[^;]*?from\s*"(\.[^"]+)"/gm)) {
    staticallyLoaded(join(dirname(entry), m[1] ?? ''), seen);
  }
  return seen;
}

describe('database worker thread', () => {
  it('loads the demo generator and faker only when it creates the demo file', () => {
    const loaded = [...staticallyLoaded(script)];
    expect(loaded.length).toBeGreaterThan(0);
    for (const file of loaded) expect(readFileSync(file, 'utf8'), file).not.toMatch(/faker/i);
    const chunks = readdirSync(join(dirname(script), 'chunks')).filter((f) => f.endsWith('.mjs'));
    const demo = chunks.filter((f) =>
      /faker/i.test(readFileSync(join(dirname(script), 'chunks', f), 'utf8')),
    );
    expect(demo.length).toBeGreaterThan(0);
  });

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
