import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, type School } from '../../../test/school';
import { type RunningHost, startHttpHost } from '../host/http';
import { fingerprintOf, makeCertificate } from '../host/tls';
import { rendererDir } from '../paths';
import { createRemoteRouter, type RemoteRouter } from './client';

/**
 * A staff computer's router over HTTPS to a host on loopback with its own generated certificate: the
 * school (its file, its router) lives only on the host's side; the client is given an address and a
 * fingerprint, nothing else.
 */
let school: School;
let host: RunningHost;
let cert: { key: string; cert: string };
let fingerprint: string;
let address: string;
const clients: RemoteRouter[] = [];
const client = (fp = fingerprint, addr = address) => {
  const c = createRemoteRouter({ address: addr, fingerprint: fp });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  school = makeSchool();
  cert = makeCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] });
  fingerprint = fingerprintOf(cert.cert);
  host = await startHttpHost({
    router: school.router,
    door: 'staff',
    staticDir: rendererDir,
    page: 'index.html',
    tls: cert,
  });
  address = host.url;
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await host.close();
  school.close();
});

describe('the remote router over pinned HTTPS', () => {
  it('the host speaks HTTPS on loopback', () => {
    expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('with the confirmed fingerprint: login, a journal page and a mark, end to end', async () => {
    const remote = client();
    const login = await remote.call(
      'auth.login',
      { login: 'teacher', password: 'demo2026' },
      { door: 'staff' },
    );
    expect(login.ok).toBe(true);
    const token = (login as { value: { token: string } }).value.token;
    const meta = { token, door: 'staff' as const };

    const fx = fixtures(school.db);
    const loadId = fx.ownLoad.id;
    const page = await remote.callJson('journal.page', { loadId }, meta);
    expect(page.ok).toBe(true);
    const parsed = JSON.parse(page.json) as { value: { load: { loadId: number }; students: unknown[] } };
    expect(parsed.value.load.loadId).toBe(loadId);
    expect(parsed.value.students.length).toBeGreaterThan(0);

    const lessonId = fx.lessonOf(loadId).id;
    const studentId = fx.studentOf(loadId);
    const before = school.db.sqlite
      .prepare('SELECT version, value FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1')
      .get(lessonId, studentId) as { version: number; value: string } | undefined;
    const value = before?.value === '4' ? '5' : '4';
    const set = await remote.call(
      'journal.setMark',
      { lessonId, studentId, value, expectedVersion: before?.version ?? null },
      meta,
    );
    expect(set.ok ? 'saved' : set.error).toBe('saved');
    // In the host's file, written by the host's router (with its audit row), not by the staff computer.
    expect(
      one<{ value: string }>(
        school.db,
        'SELECT value FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1',
        lessonId,
        studentId,
      ).value,
    ).toBe(value);

    // A refusal keeps its code and Russian message through the hop (a stale version).
    const stale = await remote.callJson(
      'journal.setMark',
      { lessonId, studentId, value: '3', expectedVersion: 999 },
      meta,
    );
    expect(stale.ok).toBe(false);
    expect(stale.code).toBe('CONFLICT');
  });

  it('the fingerprint may be typed as the set-up sheet shows it (spaces, lines, lower case)', async () => {
    const typed = fingerprint
      .toLowerCase()
      .replaceAll(':', ' ')
      .replace(/(.{24})/g, '$1\n');
    const answer = await client(typed).call('auth.me', {}, { door: 'staff' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('a host with another certificate is refused in Russian, and no call (no token) reaches it', async () => {
    const other = fingerprintOf(makeCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] }).cert);
    const before = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const answer = await client(other).call(
      'auth.login',
      { login: 'teacher', password: 'demo2026' },
      { door: 'staff' },
    );
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('UNAVAILABLE');
    expect(answer.error.message).toMatch(/^Сервер журнала предъявил другой сертификат/);
    expect(answer.error.message).toContain(fingerprint);
    expect(answer.error.message).toContain(other);
    // The login never ran: it would have written an audit row.
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n).toBe(before);
  });

  it('refuses an address that is not https and a fingerprint that is not one', () => {
    expect(() => createRemoteRouter({ address: 'http://127.0.0.1:1/', fingerprint })).toThrow(/https/);
    expect(() => createRemoteRouter({ address, fingerprint: 'AB:CD' })).toThrow(/Неверный отпечаток/);
  });

  it('a stopped host is said at once, in Russian with its address, for every cell', async () => {
    // A port that was just free: nothing listens there, as when the host's service is stopped.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const remote = client(fingerprint, `https://127.0.0.1:${port}/`);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => remote.call('journal.myLoads', {}, { token: 'x', door: 'staff' })),
    );
    const again = await remote.call('journal.myLoads', {}, { token: 'x', door: 'staff' });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1000);
    for (const a of [...answers, again]) {
      expect(a.ok).toBe(false);
      if (a.ok) continue;
      expect(a.error.code).toBe('UNAVAILABLE');
      expect(a.error.message).toBe(
        `Нет связи с сервером журнала (адрес https://127.0.0.1:${port}). Проверьте, что сервер включён и компьютер подключён к школьной сети; изменения не сохранены.`,
      );
    }
  });

  it('a host that never completes the handshake (a machine gone from the network) is given up quickly', async () => {
    // Accepts the connection and stays silent, as a half-dead host or a black-holing firewall does.
    const held: import('node:net').Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const remote = createRemoteRouter({
      address: `https://127.0.0.1:${port}`,
      fingerprint,
      connectTimeoutMs: 300,
    });
    clients.push(remote);
    try {
      let started = performance.now();
      const first = await remote.call('journal.myLoads', {}, { token: 'x', door: 'staff' });
      expect(performance.now() - started).toBeLessThan(900);
      expect(first).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      // The next cells do not wait again: they are told at once.
      started = performance.now();
      const next = await remote.call('journal.myLoads', {}, { token: 'x', door: 'staff' });
      expect(performance.now() - started).toBeLessThan(50);
      expect(next).toEqual(first);
    } finally {
      for (const s of held) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('a host that takes a call and never answers is reported, not waited for forever', async () => {
    const { createServer: createHttps } = await import('node:https');
    const hung = createHttps(cert, () => {
      // never answers
    });
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
    const port = (hung.address() as { port: number }).port;
    const remote = createRemoteRouter({
      address: `https://127.0.0.1:${port}`,
      fingerprint,
      answerTimeoutMs: 200,
    });
    clients.push(remote);
    try {
      const answer = await remote.call('journal.myLoads', {}, { token: 'x', door: 'staff' });
      expect(answer).toMatchObject({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: `Сервер журнала не ответил за 1 с (адрес https://127.0.0.1:${port}). Если вы сохраняли изменения, проверьте, сохранились ли они.`,
        },
      });
    } finally {
      hung.closeAllConnections();
      await new Promise((r) => hung.close(r));
    }
  });

  it('a host that stops and starts again is used again without restarting the staff computer', async () => {
    const school2 = makeSchool();
    let h = await startHttpHost({
      router: school2.router,
      door: 'staff',
      staticDir: rendererDir,
      page: 'index.html',
      tls: cert,
    });
    const port = new URL(h.url).port;
    const remote = createRemoteRouter({ address: h.url, fingerprint, quietMs: 50 });
    clients.push(remote);
    const ask = () =>
      remote.call('auth.login', { login: 'teacher', password: 'demo2026' }, { door: 'staff' });
    try {
      expect((await ask()).ok).toBe(true);
      h.server.closeAllConnections();
      await h.close();
      expect(await ask()).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      h = await startHttpHost({
        router: school2.router,
        door: 'staff',
        staticDir: rendererDir,
        page: 'index.html',
        tls: cert,
        port: Number(port),
      });
      await new Promise((r) => setTimeout(r, 60));
      expect((await ask()).ok).toBe(true);
    } finally {
      await h.close();
      school2.close();
    }
  });

  it("the host's own pages may call its API from their https origin; another origin is refused", async () => {
    const { request } = await import('node:https');
    const status = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${host.url}api/auth.me`,
          {
            method: 'POST',
            rejectUnauthorized: false,
            headers: { Origin: origin, 'Content-Type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    const own = new URL(host.url).origin;
    expect(await status(own)).toBe(401);
    expect(await status(own.replace('https:', 'http:'))).toBe(403);
    expect(await status('https://evil.example')).toBe(403);
  });

  it('carries only the staff door: the diary is published by the host itself', async () => {
    const answer = await client().call('auth.me', {}, { door: 'family' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
