import type { ApiResult } from '../../shared/api/errors';
import type { CallRouter } from '../router/answer';
import { isTrustedSender } from './window-options';

/**
 * The IPC handler of the desktop window, apart from Electron so a test can call it exactly as
 * `ipcMain.handle(IPC_CHANNEL, handler)` does: (event, ...the renderer's arguments). It answers
 * JSON text, the representation `JournalBridge` promises (src/shared/api/bridge.ts).
 */

/** What the handler reads of Electron's IpcMainInvokeEvent: the frame that sent the call. */
export interface IpcSender {
  senderFrame?: { url: string } | null;
}

const refusal = (error: Extract<ApiResult<never>, { ok: false }>['error']) =>
  JSON.stringify({ ok: false, error } satisfies ApiResult<never>);

const UNTRUSTED = refusal({ code: 'FORBIDDEN', message: 'Вызов не из окна журнала отклонён' });
const BAD_METHOD = refusal({
  code: 'VALIDATION',
  message: 'Неверный вызов: имя операции должно быть строкой',
});
const BAD_TOKEN = refusal({ code: 'VALIDATION', message: 'Неверный вызов: ключ сеанса должен быть строкой' });

export function createIpcHandler(router: CallRouter) {
  return async (event: IpcSender, ...args: unknown[]): Promise<string> => {
    // Only our own pages (app://journal/…) may reach the router; anything else gets no answer but a refusal.
    if (!isTrustedSender(event?.senderFrame?.url)) return UNTRUSTED;
    const [method, input, token] = args;
    if (typeof method !== 'string') return BAD_METHOD;
    if (token !== undefined && token !== null && typeof token !== 'string') return BAD_TOKEN;
    const answer = await router.callJson(method, input, {
      token: token ?? null,
      door: 'staff',
      client: 'local',
    });
    return answer.json;
  };
}
