import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';

/**
 * `serve --db <a file that does not exist>` as a school runs it the first time: the start does not
 * end; it serves the first-run screen, says where the journal will be, and creates nothing yet.
 */
const tmp = tempDir();
let child: ChildProcess | null = null;
beforeAll(() => {
  // The bundles under test, fresh (a lone run must not test stale ones).
  const build = spawnSync(process.execPath, ['scripts/build-main.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}, 60_000);
afterAll(() => {
  child?.kill('SIGKILL');
  tmp.cleanup();
});

/** Starts serve.mjs and resolves with everything it printed once it names the staff address. */
function serve(db: string): Promise<{ stdout: string; staffUrl: string }> {
  const { JOURNAL_DB: _named, ...env } = process.env;
  const c = spawn(process.execPath, ['dist/main/serve.mjs', '--db', db, '--port', '0', '--diary-port', '0'], {
    env,
  });
  child = c;
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 10 s: ${stdout}${stderr}`)), 10_000);
    c.stderr?.on('data', (d) => {
      stderr += d;
    });
    c.stdout?.on('data', (d) => {
      stdout += d;
      const m = /для сотрудников\): (http:\/\/\S+)/.exec(stdout);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ stdout, staffUrl: m[1] });
      }
    });
    c.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
}

describe('serve --db with a journal file that does not exist yet', () => {
  it('starts, answers setup.status «missing» with the absolute path, and creates nothing', async () => {
    const path = join(tmp.dir, 'new', 'school.sqlite');
    const { stdout, staffUrl } = await serve(path);
    expect(stdout).toContain(`Файла журнала ещё нет: ${path}. Создайте журнал на экране первого запуска.`);
    const r = await fetch(`${staffUrl}api/setup.status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(await r.json()).toEqual({ ok: true, value: { state: 'missing', path } });
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});
