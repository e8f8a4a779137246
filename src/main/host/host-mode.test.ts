import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchool } from '../../../test/fixtures';
import { TODAY, tempDir } from '../../../test/school';
import { openJournal } from '../db/migrate';
import { fingerprintOf } from './tls';

/**
 * The host and a staff computer as the administrator starts them, from the built bundle:
 * `serve.mjs --host-mode --db …` on one side, `serve.mjs --remote … --fingerprint …` on the other
 * (in a folder of its own, to show that the staff computer never has a journal file).
 */
const SERVE = resolve('dist/main/serve.mjs');
const tmp = tempDir();
const hostDir = join(tmp.dir, 'host');
const staffDir = join(tmp.dir, 'staff');
const dbPath = join(hostDir, 'journal.sqlite');
const children: ChildProcess[] = [];

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-main.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  spawnSync('mkdir', ['-p', hostDir, staffDir]);
  const { db } = openJournal(dbPath);
  buildSchool(db, TODAY);
  db.close();
}, 60_000);
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  tmp.cleanup();
});

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with stdout once a line matches, or with null when the process ends first. */
  waitFor: (re: RegExp) => Promise<RegExpMatchArray | null>;
  exited: Promise<number | null>;
}

function start(args: string[], cwd: string, extraEnv: Record<string, string> = {}): Started {
  const { JOURNAL_DB: _db, JOURNAL_STORAGE: _storage, ...env } = process.env;
  const child = spawn(process.execPath, [SERVE, ...args], { cwd, env: { ...env, ...extraEnv } });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (re) =>
      new Promise((resolveMatch) => {
        const timer = setInterval(() => {
          const m = out.match(re);
          if (m || child.exitCode !== null) {
            clearInterval(timer);
            resolveMatch(m);
          }
        }, 20);
      }),
  };
}

const post = (url: string, method: string, body: unknown, token?: string) =>
  fetch(`${url}api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('npm run host and a staff computer connected to it', () => {
  it('refuses a journal on a share: the host keeps the file on its own disk', async () => {
    const s = start(['--host-mode', '--db', dbPath, '--port', '0', '--diary-port', '0'], hostDir, {
      JOURNAL_STORAGE: 'share',
    });
    expect(await s.exited).toBe(2);
    expect(s.output()).toBe(
      `Сервер журнала хранит файл журнала на своём диске, а ${dbPath} находится в сетевой папке. Перенесите файл на локальный диск этого компьютера и укажите новый путь в --db.\n`,
    );
    expect(readdirSync(hostDir)).toEqual(['journal.sqlite']);
  }, 20_000);

  it('serves over HTTPS with its own certificate, and a staff computer works through it with no file', async () => {
    const host = start(
      ['--host-mode', '--db', dbPath, '--host', '127.0.0.1', '--port', '0', '--diary-port', '0'],
      hostDir,
    );
    const url = (await host.waitFor(/сотрудников\): (https:\/\/\S+)/))?.[1];
    expect(url, host.output()).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    await host.waitFor(/дневник \(для родителей\): http:/);

    // The fingerprint on the host's screen, four lines of eight pairs, is the certificate's beside the journal.
    const cert = readFileSync(`${dbPath}.tls-cert.pem`, 'utf8');
    const printed = host.output().match(/^ {4}([0-9A-F]{2}(?::[0-9A-F]{2}){7})$/gm) ?? [];
    expect(printed).toHaveLength(4);
    const fingerprint = printed.map((l) => l.trim()).join(':');
    expect(fingerprint).toBe(fingerprintOf(cert));
    expect(statSync(`${dbPath}.tls-key.pem`).mode & 0o777).toBe(0o600);

    // The staff web application itself comes over HTTPS too, with the same protective headers.
    const page = await new Promise<{ status: number; body: string; csp: unknown }>((resolvePage, reject) => {
      httpsGet(url!, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () =>
          resolvePage({ status: res.statusCode ?? 0, body, csp: res.headers['content-security-policy'] }),
        );
      }).on('error', reject);
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Школьный журнал</title>');
    expect(page.csp).toMatch(/default-src 'self'/);

    const staff = start(['--remote', url!, '--fingerprint', fingerprint, '--port', '0'], staffDir);
    const staffUrl = (await staff.waitFor(/сотрудников\): (http:\/\/\S+)/))?.[1];
    expect(staffUrl, staff.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // A staff computer publishes no diary: the host does.
    expect(staff.output()).not.toMatch(/дневник/i);

    const login = await post(staffUrl!, 'auth.login', { login: 'teacher', password: 'demo2026' });
    expect(login.status).toBe(200);
    const { value } = (await login.json()) as { value: { token: string } };
    const loads = await post(staffUrl!, 'journal.myLoads', {}, value.token);
    expect(loads.status).toBe(200);
    expect(((await loads.json()) as { value: unknown[] }).value.length).toBeGreaterThan(0);
    const noToken = await post(staffUrl!, 'journal.myLoads', {});
    expect(noToken.status).toBe(401);
    // The host keeps the file in WAL mode on its own disk.
    expect(existsSync(`${dbPath}-wal`)).toBe(true);

    // The host stops: the staff computer says so at once, in Russian, with the host's address.
    host.child.kill('SIGTERM');
    await host.exited;
    const started = performance.now();
    const down = await post(staffUrl!, 'journal.myLoads', {}, value.token);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { message: string } }).error.message).toMatch(
      /^Нет связи с сервером журнала \(адрес https:\/\/127\.0\.0\.1:\d+\)/,
    );

    // Nothing of the journal was ever on the staff computer.
    expect(readdirSync(staffDir)).toEqual([]);
    expect(existsSync(join(staffDir, 'data'))).toBe(false);

    // A second start keeps the same certificate: the staff computers' confirmation stays good.
    const again = start(
      ['--host-mode', '--db', dbPath, '--host', '127.0.0.1', '--port', '0', '--diary-port', '0'],
      hostDir,
    );
    await again.waitFor(/дневник \(для родителей\)/);
    expect(again.output()).not.toMatch(/Создан сертификат/);
    expect(again.output()).toContain(printed.join('\n'));
    again.child.kill('SIGTERM');
    staff.child.kill('SIGTERM');
    await Promise.all([again.exited, staff.exited]);
  }, 40_000);

  it('a staff computer is refused an address without its confirmed fingerprint', async () => {
    const s = start(['--remote', 'https://127.0.0.1:5170', '--port', '0'], staffDir);
    expect(await s.exited).toBe(2);
    expect(s.output()).toMatch(/^Для подключения к серверу журнала укажите и отпечаток его сертификата/);
  }, 20_000);
});
