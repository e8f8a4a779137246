import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';

/**
 * Browser mode's start as a user runs it (`node dist/main/serve.mjs --db …`), with a path that is
 * not a journal and can never become one: it must end within seconds with one Russian line naming the
 * path, creating nothing. (A missing file in a folder that exists or could be made starts the first-run
 * screen instead: src/main/setup/serve.test.ts.)
 */
const tmp = tempDir();
// A path through a file: there is no folder where the journal could ever be created.
const notes = join(tmp.dir, 'notes.txt');
const throughFile = join(notes, 'journal.sqlite');
beforeAll(() => {
  writeFileSync(notes, 'заметки');
  // The bundles under test, fresh (npm test builds them too; a lone run must not test stale ones).
  const build = spawnSync(process.execPath, ['scripts/build-main.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}, 60_000);
afterAll(() => tmp.cleanup());

function serve(db: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const { JOURNAL_DB: _named, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ['dist/main/serve.mjs', '--db', db, '--port', '0', '--diary-port', '0'],
    { env },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  // A start that hangs is killed, and the test sees it as a failure (code null), not a hung suite.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('serve --db with a path that is not a journal', () => {
  it.each([
    ['a folder', tmp.dir, `Указана папка, а не файл журнала: ${tmp.dir}`],
    [
      'a path through a file',
      throughFile,
      `Файл журнала не найден: ${throughFile} (часть пути — это файл, а не папка)`,
    ],
  ])('%s: one Russian line naming it, a failing exit, nothing created', async (_what, path, line) => {
    const before = readdirSync(tmp.dir);
    const r = await serve(path);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.ms).toBeLessThan(5_000);
    expect(r.stderr).toBe(`${line}\n`);
    expect(r.stdout).toBe('');
    expect(readdirSync(tmp.dir)).toEqual(before);
  });
});
