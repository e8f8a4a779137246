import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, type School, tempDir } from '../../../test/school';
import type { ApiResult } from '../../shared/api/errors';
import type { ConnectionStatus } from '../../shared/connection/contract';
import { type RunningHost, startHttpHost } from '../host/http';
import { fingerprintOf, makeCertificate } from '../host/tls';
import { rendererDir } from '../paths';
import type { CallMeta } from '../router/answer';
import { type Connection, type CurrentJournal, createConnection } from './connection';

/**
 * The staff computer's choice of journal, against real TLS hosts started here (each with its own
 * school file and its own generated certificate) and a real local journal file: the wrapper is given
 * what the administrator types, nothing else.
 */
interface Host {
  school: School;
  server: RunningHost;
  fingerprint: string;
  address: string;
}

async function startHost(): Promise<Host> {
  const school = makeSchool();
  const cert = makeCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] });
  const server = await startHttpHost({
    router: school.router,
    door: 'staff',
    staticDir: rendererDir,
    page: 'index.html',
    tls: cert,
  });
  return { school, server, fingerprint: fingerprintOf(cert.cert), address: server.url };
}

let host: Host;
let otherHost: Host;
let local: School;
let localClosed = 0;
const tmp = tempDir();
const connections: Connection[] = [];
const staff: CallMeta = { door: 'staff', client: '127.0.0.1' };

beforeAll(async () => {
  host = await startHost();
  otherHost = await startHost();
  local = makeSchool();
});
afterAll(async () => {
  for (const h of [host, otherHost]) {
    await h.server.close();
    h.school.close();
  }
  local.close();
  tmp.cleanup();
});
afterEach(async () => {
  for (const c of connections.splice(0)) await c.close();
});

let fileNo = 0;
function connection(
  current?: CurrentJournal,
  settingsFile: string | null = join(tmp.dir, `host-${++fileNo}.json`),
) {
  const c = createConnection({
    current: current ?? {
      mode: 'local',
      file: local.path,
      router: { ...local.router, close: async () => void localClosed++ },
    },
    settingsFile,
    checkTimeoutMs: 1000,
  });
  connections.push(c);
  return { c, settingsFile };
}

const setHost = (c: Connection, address: string, fingerprint: string, token?: string) =>
  c.call('connection.setHost', { address, fingerprint }, { ...staff, token }) as Promise<
    ApiResult<ConnectionStatus>
  >;
const login = async (c: Connection, name: string) => {
  const r = await c.call('auth.login', { login: name, password: 'demo2026' }, staff);
  if (!r.ok) throw new Error(`login ${name}: ${r.error.message}`);
  return (r.value as { token: string }).token;
};
/** Some other certificate's fingerprint: what a mistyped or a stranger's one looks like. */
const wrongFingerprint = () => fingerprintOf(makeCertificate({ dns: ['localhost'], ips: [] }).cert);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('connection.status', () => {
  it('names the local journal file', async () => {
    const { c } = connection();
    expect(await c.call('connection.status', {}, staff)).toEqual({
      ok: true,
      value: { mode: 'local', file: local.path, persisted: true },
    });
  });

  it('is the staff computer’s own: the parents’ door does not know it', async () => {
    const { c } = connection();
    const r = await c.call('connection.status', {}, { door: 'family' });
    expect(r.ok ? 'answered' : r.error.code).toBe('UNKNOWN_METHOD');
  });

  it('a journal router (the host’s staff door) does not know the connection methods', async () => {
    const r = await host.school.router.call(
      'connection.setHost',
      { address: otherHost.address, fingerprint: otherHost.fingerprint },
      staff,
    );
    expect(r.ok ? 'answered' : r.error.code).toBe('UNKNOWN_METHOD');
  });
});

describe('connection.setHost', () => {
  it('a wrong fingerprint is refused with the one the host presented; nothing is saved or switched', async () => {
    const { c, settingsFile } = connection();
    const typed = wrongFingerprint();
    const r = await setHost(c, host.address, typed);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.field).toBe('fingerprint');
    expect(r.error.message).toContain(`предъявил сертификат с отпечатком ${host.fingerprint}`);
    expect(r.error.message).toContain(`а введён ${typed}`);
    expect(r.error.message).toMatch(/ничего не сохранено.*Сверьте введённый отпечаток с экраном сервера/);
    expect(existsSync(settingsFile!)).toBe(false);
    expect(c.current.mode).toBe('local');
  });

  it('an unreachable host is said in Russian, and nothing changes', async () => {
    const { c, settingsFile } = connection();
    const address = `https://127.0.0.1:${await closedPort()}`;
    const r = await setHost(c, address, host.fingerprint);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        field: 'address',
        message: expect.stringContaining(
          `Сервер журнала по адресу ${address} не отвечает (соединение отклонено: на этом порту ничего не запущено)`,
        ),
      },
    });
    expect(existsSync(settingsFile!)).toBe(false);
    expect(c.current.mode).toBe('local');
  });

  it('a server that does not speak TLS (the diary’s port) is named as not the journal server', async () => {
    const plain = await startHttpHost({
      router: local.router,
      door: 'family',
      staticDir: rendererDir,
      page: 'diary.html',
    });
    try {
      const { c } = connection();
      const r = await setHost(c, plain.url.replace('http://', 'https://'), host.fingerprint);
      expect(r.ok ? 'switched' : r.error.message).toMatch(/^По адресу .* отвечает не сервер журнала/);
    } finally {
      await plain.close();
    }
  });

  it('typed address and fingerprint are checked with the form’s rule', async () => {
    const { c } = connection();
    const r = await setHost(c, 'ftp://server', host.fingerprint.slice(3));
    expect(r.ok ? 'switched' : [r.error.field, r.error.message]).toEqual([
      'address',
      expect.stringMatching(/^Неверный адрес сервера журнала «ftp:\/\/server»/),
    ]);
  });

  it('the right fingerprint (any spelling) switches to the host: saved owner-only, the local session ends, a login and a mark go to the host', async () => {
    const closedBefore = localClosed;
    const { c, settingsFile } = connection();
    const localToken = await login(c, 'teacher');
    const typed = host.fingerprint.replaceAll(':', '').toLowerCase();
    const r = await setHost(c, host.address.replace(/\/$/, ''), typed, localToken);
    expect(r).toEqual({
      ok: true,
      value: {
        mode: 'host',
        address: host.address.replace(/\/$/, ''),
        fingerprint: host.fingerprint,
        answers: true,
        problem: null,
        persisted: true,
      },
    });
    // Remembered for the next start, readable by this computer's user only.
    expect(JSON.parse(readFileSync(settingsFile!, 'utf8'))).toEqual({
      address: host.address.replace(/\/$/, ''),
      fingerprint: host.fingerprint,
    });
    expect(statSync(settingsFile!).mode & 0o777).toBe(0o600);
    // The session on the local journal is over and its worker closed.
    expect((await local.call('auth.me', {}, localToken)).ok).toBe(false);
    expect(localClosed).toBe(closedBefore + 1);
    expect(await c.call('auth.me', {}, { ...staff, token: localToken })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });

    // Journal calls now go to the host: its file gets the mark, the local one does not.
    const token = await login(c, 'teacher');
    const fx = fixtures(host.school.db);
    const lessonId = fx.lessonOf(fx.ownLoad.id).id;
    const studentId = fx.studentOf(fx.ownLoad.id);
    const markIn = (s: School) =>
      s.db.sqlite
        .prepare('SELECT value FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1')
        .get(lessonId, studentId) as { value: string } | undefined;
    const value = markIn(host.school)?.value === '5' ? '4' : '5';
    const before = markIn(local)?.value;
    const version = host.school.db.sqlite
      .prepare('SELECT version FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1')
      .get(lessonId, studentId) as { version: number } | undefined;
    const set = await c.call(
      'journal.setMark',
      { lessonId, studentId, value, expectedVersion: version?.version ?? null },
      { ...staff, token },
    );
    expect(set.ok ? 'saved' : set.error).toBe('saved');
    expect(markIn(host.school)?.value).toBe(value);
    expect(markIn(local)?.value).toBe(before);
    expect(
      one<{ n: number }>(
        host.school.db,
        "SELECT count(*) AS n FROM audit_log WHERE action = 'journal.setMark'",
      ).n,
    ).toBeGreaterThan(0);
  });

  it('from a computer with no journal yet: anyone may set the host; until then journal calls say what to do', async () => {
    const { c } = connection({ mode: 'none' }, null);
    expect(await c.call('connection.status', {}, staff)).toEqual({
      ok: true,
      value: { mode: 'none', persisted: false },
    });
    const before = await c.call('auth.demoAccounts', {}, staff);
    expect(before.ok ? 'answered' : before.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Этот компьютер ещё не подключён к журналу/),
    });
    const r = await setHost(c, host.address, host.fingerprint);
    expect(r.ok ? r.value : r.error).toMatchObject({ mode: 'host', answers: true, persisted: false });
    expect((await c.call('auth.demoAccounts', {}, staff)).ok).toBe(true);
  });

  it('once a host is set, only its administrator may choose another host', async () => {
    const { c, settingsFile } = connection();
    expect((await setHost(c, host.address, host.fingerprint)).ok).toBe(true);

    // Nobody signed in, a teacher of the host: refused before the other host is even contacted.
    for (const token of [undefined, await login(c, 'teacher')]) {
      const r = await setHost(c, otherHost.address, otherHost.fingerprint, token);
      expect(r.ok ? 'switched' : r.error).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('Другой сервер может выбрать только администратор'),
      });
    }
    expect(JSON.parse(readFileSync(settingsFile!, 'utf8')).address).toBe(host.address.replace(/\/$/, ''));

    // A new address of the same host (same certificate) needs no one: only the real host can show it.
    const moved = host.address.replace('127.0.0.1', 'localhost');
    const same = await setHost(c, moved, host.fingerprint);
    expect(same.ok ? same.value : same.error).toMatchObject({
      mode: 'host',
      address: moved.replace(/\/$/, ''),
    });

    // The host's administrator may.
    const admin = await login(c, 'admin');
    const r = await setHost(c, otherHost.address, otherHost.fingerprint, admin);
    expect(r.ok ? r.value : r.error).toMatchObject({
      mode: 'host',
      address: otherHost.address.replace(/\/$/, ''),
    });
    expect(JSON.parse(readFileSync(settingsFile!, 'utf8')).fingerprint).toBe(otherHost.fingerprint);
  });

  it('from another computer (a staff door opened to the network) only an administrator may choose', async () => {
    const { c, settingsFile } = connection();
    const away: CallMeta = { door: 'staff', client: '192.168.1.20' };
    const r = (await c.call(
      'connection.setHost',
      { address: host.address, fingerprint: host.fingerprint },
      away,
    )) as ApiResult<ConnectionStatus>;
    expect(r.ok ? 'switched' : r.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(
        /^Сервер журнала для этого компьютера выбирают за самим этим компьютером/,
      ),
    });
    expect(existsSync(settingsFile!)).toBe(false);
    // The local journal's administrator, signed in from there, may.
    const admin = await login(c, 'admin');
    const ok = await c.call(
      'connection.setHost',
      { address: host.address, fingerprint: host.fingerprint },
      { ...away, token: admin },
    );
    expect(ok.ok ? 'switched' : ok.error).toBe('switched');
  });

  it('a staff door served to the network (or behind a proxy) counts nobody as at this computer', async () => {
    const c = createConnection({ current: { mode: 'none' }, settingsFile: null, networkDoor: true });
    connections.push(c);
    const r = await setHost(c, host.address, host.fingerprint);
    expect(r.ok ? 'switched' : r.error.code).toBe('FORBIDDEN');
    expect(c.current.mode).toBe('none');
  });

  it('status says when the host does not answer', async () => {
    const gone = await startHost();
    const { c } = connection();
    expect((await setHost(c, gone.address, gone.fingerprint)).ok).toBe(true);
    await gone.server.close();
    gone.school.close();
    const r = await c.call('connection.status', {}, staff);
    expect(r.ok ? r.value : r.error).toMatchObject({
      mode: 'host',
      answers: false,
      problem: expect.stringMatching(/^Сервер журнала по адресу .* не отвечает/),
    });
  });
});
