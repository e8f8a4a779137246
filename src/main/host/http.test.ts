import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, type School } from '../../../test/school';
import { rendererDir } from '../paths';
import { type RunningHost, startHttpHost } from './http';

let school: School;
let staff: RunningHost;
let family: RunningHost;
beforeAll(async () => {
  school = makeSchool();
  staff = await startHttpHost({
    router: school.router,
    door: 'staff',
    staticDir: rendererDir,
    page: 'index.html',
  });
  family = await startHttpHost({
    router: school.router,
    door: 'family',
    staticDir: rendererDir,
    page: 'diary.html',
  });
});
afterAll(async () => {
  await staff.close();
  await family.close();
  school.close();
});

const post = (host: RunningHost, method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP transport', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(staff.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('carries the router answer with a matching status and a bearer token', async () => {
    const login = await post(staff, 'auth.login', { login: 'teacher', password: 'demo2026' });
    expect(login.status).toBe(200);
    const { value } = (await login.json()) as { value: { token: string } };
    const loads = await post(staff, 'journal.myLoads', {}, { Authorization: `Bearer ${value.token}` });
    expect(loads.status).toBe(200);
    const noToken = await post(staff, 'journal.myLoads', {});
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Сеанс завершён. Войдите снова.' },
    });
    const bad = await post(
      staff,
      'journal.page',
      { loadId: 'x' },
      { Authorization: `Bearer ${value.token}` },
    );
    expect(bad.status).toBe(400);
  });

  it('refuses malformed JSON, GET on the API, and calls from another site', async () => {
    const malformed = await post(staff, 'auth.login', '{"login":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { message: 'Тело запроса не является JSON' } });
    expect((await fetch(`${staff.url}api/auth.me`)).status).toBe(405);
    const foreign = await post(
      staff,
      'auth.login',
      { login: 'teacher', password: 'demo2026' },
      { Origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
  });

  it('on 127.0.0.1 answers only requests addressed to it (no DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${staff.url}api/auth.demoAccounts`,
        { method: 'POST', headers: { Host: `evil.example:${new URL(staff.url).port}` } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
    expect((await post(staff, 'auth.demoAccounts', {})).status).toBe(200);
  });

  it('the family door does not serve staff methods or the staff application', async () => {
    const r = await post(family, 'journal.myLoads', {});
    expect(r.status).toBe(404);
    expect((await fetch(`${family.url}index.html`)).status).toBe(404);
    const diary = await fetch(family.url);
    expect(diary.status).toBe(200);
    expect(await diary.text()).toContain('<title>Электронный дневник</title>');
  });

  it('sends a strict Content-Security-Policy and refuses paths outside the build folder', async () => {
    const page = await fetch(staff.url);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const outside = await fetch(`${staff.url}..%2F..%2Fpackage.json`);
    expect(outside.status).toBe(404);
  });
});
