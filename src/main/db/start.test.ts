import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { loadMigrations, openJournal } from './migrate';

/** Starting on a share: one computer creates and migrates at a time; a crash's journal is played back. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function run(script: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

it('creates a new file on a share once when several computers start at the same moment', async () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const path = join(t.dir, 'journal.sqlite');
  const script = join(t.dir, 'start.mjs');
  const migrate = new URL('./migrate.ts', import.meta.url).href;
  writeFileSync(
    script,
    `const { openJournal } = await import(${JSON.stringify(migrate)});
     const { db, applied } = openJournal(${JSON.stringify(path)}, { storage: 'share' });
     console.log(JSON.stringify(applied)); db.close();`,
  );
  const results = await Promise.all([run(script), run(script), run(script), run(script)]);
  for (const r of results) expect(r.code, r.out).toBe(0);
  const migrations = loadMigrations();
  // Every migration applied by exactly one of them.
  const applied = results.flatMap((r) => JSON.parse(r.out.trim().split('\n').at(-1) as string) as number[]);
  expect(applied.sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
  const db = new BetterSqlite3(path, { readonly: true });
  expect(db.prepare('SELECT count(*) AS n FROM schema_migration').get()).toEqual({ n: migrations.length });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
}, 30_000);

it('plays back the rollback journal a crashed writer left, read-write, before anything reads the file', async () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const path = join(t.dir, 'journal.sqlite');
  openJournal(path, { storage: 'share' }).db.close();
  const script = join(t.dir, 'crash.cjs');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  writeFileSync(
    script,
    `const Database = require(${JSON.stringify(driver)});
     const db = new Database(${JSON.stringify(path)});
     db.pragma('journal_mode = TRUNCATE'); db.pragma('cache_size = 5');
     db.exec('BEGIN IMMEDIATE; CREATE TABLE junk (b BLOB)');
     const ins = db.prepare('INSERT INTO junk VALUES (randomblob(4000))');
     for (let i = 0; i < 500; i++) ins.run();
     process.kill(process.pid, 'SIGKILL');`,
  );
  const crash = await run(script);
  expect(crash.code).toBe(null);
  expect(existsSync(`${path}-journal`)).toBe(true);
  // Without playing it back, the read-only check of the start refused (SQLITE_READONLY_ROLLBACK).
  const { db } = openJournal(path, { storage: 'share' });
  expect(db.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'junk'").get()).toEqual({
    n: 0,
  });
  expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
}, 30_000);
