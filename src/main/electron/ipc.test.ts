import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeSchool, type School } from '../../../test/school';
import { CallError, createClient, tokenStore } from '../../renderer/api/client';
import { memoryStorage } from '../../renderer/api/memory-storage';
import { BRIDGE_KEY, type JournalBridge } from '../../shared/api/bridge';
import type { CallRouter } from '../router/answer';
import { createIpcHandler, type IpcSender } from './ipc';

const PASSWORD = 'demo2026';
const OURS: IpcSender = { senderFrame: { url: 'app://journal/index.html' } };

let school: School;
let handler: ReturnType<typeof createIpcHandler>;
/** How many calls reached the router: a refused sender must reach none. */
let routed = 0;
beforeAll(() => {
  school = makeSchool();
  const counting: CallRouter = {
    call: (...a) => school.router.call(...a),
    callJson: (...a) => {
      routed++;
      return school.router.callJson(...a);
    },
  };
  handler = createIpcHandler(counting);
});
afterAll(() => school.close());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const parse = (text: string) =>
  JSON.parse(text) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };

describe('the IPC handler, called as ipcMain.handle calls it', () => {
  it('answers our own window with the router’s answer as JSON text', async () => {
    const login = await handler(OURS, 'auth.login', { login: 'teacher', password: PASSWORD }, null);
    expect(typeof login).toBe('string');
    const { token } = parse(login).value as { token: string };
    const loads = parse(await handler(OURS, 'journal.myLoads', {}, token));
    expect(loads.ok).toBe(true);
    expect(Array.isArray(loads.value) && loads.value.length > 0).toBe(true);
    // The desktop window is the staff door: a family method is unknown there.
    expect(parse(await handler(OURS, 'diary.children', {}, token)).error?.code).toBe('UNKNOWN_METHOD');
  });

  it.each([
    ['another origin', { senderFrame: { url: 'https://evil.example/' } }],
    ['a local file', { senderFrame: { url: 'file:///' } }],
    ['another app host', { senderFrame: { url: 'app://other/index.html' } }],
    ['no frame', { senderFrame: null }],
    ['no sender at all', {}],
  ])('refuses %s without reaching the router', async (_what, event) => {
    const before = routed;
    const answer = parse(
      await handler(event as IpcSender, 'auth.login', { login: 'teacher', password: PASSWORD }, null),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(answer.error?.message).toMatch(/[а-яё]/i);
    expect(routed).toBe(before);
  });

  it.each([
    ['no arguments', []],
    ['a number for the method', [42, {}, null]],
    ['an object for the method', [{ toString: () => 'auth.login' }, {}, null]],
    ['an object for the token', ['journal.myLoads', {}, { token: 'x' }]],
    ['a string for the input', ['journal.setMark', 'garbage', null]],
    ['an array for the input', ['auth.login', [1, 2], null]],
  ])('answers garbage (%s) with a Russian validation message, not a crash', async (_what, args) => {
    const answer = parse(await handler(OURS, ...(args as unknown[])));
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('VALIDATION');
    expect(answer.error?.message).toMatch(/[а-яё]/i);
  });
});

/** The renderer's client, in Electron: window.journalBridge as the preload exposes it. */
function desktopClient(call: JournalBridge['call']) {
  vi.stubGlobal('sessionStorage', memoryStorage());
  vi.stubGlobal('window', { [BRIDGE_KEY]: { call } satisfies JournalBridge });
  const tokens = tokenStore('journal.staff.token');
  return { tokens, call: createClient(tokens) };
}

describe('the renderer’s client over the IPC handler', () => {
  it('understands what the handler answers: login, a page, a refusal', async () => {
    // What the preload does: ipcRenderer.invoke → ipcMain.handle's handler with the window's frame.
    const client = desktopClient((method, input, token) => handler(OURS, method, input, token));
    const { token } = await client.call('auth.login', { login: 'teacher', password: PASSWORD });
    expect(client.tokens.get()).toBeNull(); // the screen stores it, not the client
    client.tokens.set(token);
    const loads = await client.call('journal.myLoads', {});
    expect(loads.length).toBeGreaterThan(0);

    const wrong = await client.call('auth.login', { login: 'teacher', password: 'wrong' }).catch((e) => e);
    expect(wrong).toBeInstanceOf(CallError);
    expect((wrong as CallError).code).not.toBe('UNAVAILABLE');

    client.tokens.set('forged');
    const gone = await client.call('journal.myLoads', {}).catch((e) => e);
    expect((gone as CallError).code).toBe('UNAUTHENTICATED');
    expect(client.tokens.get()).toBeNull();
  });

  it('says what failed, and logs why, when the bridge answers something else or fails', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    // The old desktop bug: the handler answered the router's object instead of its JSON text.
    const object = desktopClient(async () => ({ ok: true, value: [] }) as unknown as string);
    const garbled = (await object.call('journal.myLoads', {}).catch((e) => e)) as CallError;
    expect(garbled).toBeInstanceOf(CallError);
    expect(garbled.message).toMatch(/^Программа журнала ответила непонятно \(операция journal\.myLoads\): /);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('journal.myLoads'), garbled.cause);

    const broken = desktopClient(async () => {
      throw new Error("Error invoking remote method 'journal:call': reply was never sent");
    });
    const failed = (await broken.call('journal.myLoads', {}).catch((e) => e)) as CallError;
    expect(failed.code).toBe('UNAVAILABLE');
    expect(failed.message).toBe(
      "Нет связи с программой журнала (операция journal.myLoads): Error invoking remote method 'journal:call': reply was never sent",
    );
    expect(log).toHaveBeenCalledTimes(2);
  });
});
