import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallError, createClient, tokenStore } from './client';
import { memoryStorage } from './memory-storage';

/** The client in browser mode (no bridge), over a fetch that answers as `respond` says. */
function browserClient(respond: () => Promise<Response>) {
  vi.stubGlobal('sessionStorage', memoryStorage());
  vi.stubGlobal('window', {});
  vi.stubGlobal('fetch', vi.fn(respond));
  return createClient(tokenStore('journal.staff.token'));
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the client over HTTP, when the answer is not the router’s', () => {
  it.each([
    [
      'no connection',
      () => Promise.reject(new TypeError('Failed to fetch')),
      'Нет связи с программой журнала (операция journal.myLoads): Failed to fetch',
    ],
    [
      "a proxy's error page",
      async () =>
        new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
      'Нет связи с программой журнала (операция journal.myLoads): HTTP 502',
    ],
    [
      "the server's own plain line",
      async () =>
        new Response('Неверный адрес сервера', {
          status: 421,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        }),
      'Нет связи с программой журнала (операция journal.myLoads): HTTP 421 Неверный адрес сервера',
    ],
    [
      'broken JSON',
      async () => new Response('{"ok":', { status: 200 }),
      /^Программа журнала ответила непонятно \(операция journal\.myLoads\): /,
    ],
    [
      'JSON of another shape',
      async () => new Response('{"rows":[]}', { status: 200 }),
      'Программа журнала ответила непонятно (операция journal.myLoads): {"rows":[]}',
    ],
  ])('%s: says what failed and logs the cause', async (_what, respond, message) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const call = browserClient(respond);
    const error = (await call('journal.myLoads', {}).catch((e) => e)) as CallError;
    expect(error).toBeInstanceOf(CallError);
    expect(error.code).toBe('UNAVAILABLE');
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('journal.myLoads'), error.cause);
    expect(error.cause).toBeDefined();
  });

  it('a write that got no answer says the change is not saved', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const call = browserClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    const input = { lessonId: 1, studentId: 2, value: '5', expectedVersion: null } as const;
    const error = (await call('journal.setMark', input).catch((e) => e)) as CallError;
    expect(error.message).toBe(
      'Нет связи с программой журнала (операция journal.setMark): Failed to fetch. Изменения не сохранены',
    );
  });

  it('passes the router’s own refusal through as it is', async () => {
    const call = browserClient(
      async () =>
        new Response(JSON.stringify({ ok: false, error: { code: 'RATE_LIMITED', message: 'Подождите' } }), {
          status: 429,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const error = (await call('auth.login', { login: 'x', password: 'y' }).catch((e) => e)) as CallError;
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe('Подождите');
  });
});
