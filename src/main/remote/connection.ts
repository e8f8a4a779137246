import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { ApiError, type ApiResult, MESSAGES } from '../../shared/api/errors';
import type { SessionUser } from '../../shared/auth/schemas';
import { DEFAULT_HOST_PORT } from '../../shared/connection/address';
import {
  type ConnectionStatus,
  connectionApi,
  HostChoice,
  isConnectionMethod,
} from '../../shared/connection/contract';
import type { CallMeta, CallRouter, JsonAnswer } from '../router/answer';
import { createRemoteRouter } from './client';
import { type RemoteSettings, writeRemoteSettings } from './settings';

/**
 * Which journal this staff computer uses, and the administrator's way to change it (issue 7, "staff
 * computers find the host by an address the administrator enters once").
 *
 * The transports (Electron IPC, browser mode's HTTP) are given this wrapper as their router. It
 * holds the journal router in use — the local worker on a file of this computer, or the remote
 * router to a host, or none yet — and passes every journal call to it unchanged. It answers itself
 * only the two methods of shared/connection/contract.ts, which are not journal data and are unknown
 * to every journal router (so the host, serving its journal router, never offers them).
 *
 * connection.setHost trusts nothing the network says: it opens a TLS connection without trusting the
 * host, reads the certificate the host actually presents, and goes on only when its SHA-256
 * fingerprint is the one the administrator typed from the host's screen; then it remembers the host
 * (owner-only settings file), ends the session on the journal used before and switches to the host.
 */

export type ClosableRouter = CallRouter & { close(): Promise<void> };

/** What this computer uses now. */
export type CurrentJournal =
  | { mode: 'none' }
  | { mode: 'local'; file: string; router: ClosableRouter }
  | { mode: 'host'; settings: RemoteSettings; router: ClosableRouter };

export interface ConnectionOptions {
  /** What the computer was started with. */
  current: CurrentJournal;
  /** Where a host chosen on the screen is remembered (owner-only); null: only until the program stops. */
  settingsFile: string | null;
  /** The router to a host (default: createRemoteRouter). */
  remote?: (settings: RemoteSettings) => ClosableRouter;
  /**
   * The staff door is reachable from other computers (browser mode bound beyond loopback, or behind a
   * reverse proxy whose requests all come from loopback): then nobody counts as "at this computer",
   * and only a signed-in administrator may choose the host (or the command line, --remote).
   */
  networkDoor?: boolean;
  /** How long the check of a host waits for its answer; the school network answers in milliseconds. */
  checkTimeoutMs?: number;
}

export interface Connection extends ClosableRouter {
  status(): Promise<ConnectionStatus>;
  /** What is in use now (for the start's log line and the tests). */
  readonly current: CurrentJournal;
}

/** The certificate a TLS server presents, read without trusting it; or why none could be read. */
type Presented =
  | { kind: 'certificate'; fingerprint: string }
  | { kind: 'unreachable'; why: string }
  | { kind: 'not-tls' };

export function presentedCertificate(address: string, timeoutMs: number): Promise<Presented> {
  const url = new URL(address);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    let connected = false;
    const socket = connect({
      host,
      port: Number(url.port || DEFAULT_HOST_PORT),
      ...(isIP(host) ? {} : { servername: host }),
      // Not trusted: only read. The fingerprint decides, below and in remote/client.ts.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
    const done = (result: Presented) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        done(
          connected
            ? { kind: 'not-tls' }
            : { kind: 'unreachable', why: `нет ответа за ${Math.ceil(timeoutMs / 1000)} с` },
        ),
      timeoutMs,
    );
    socket.once('connect', () => {
      connected = true;
    });
    socket.once('secureConnect', () =>
      done({ kind: 'certificate', fingerprint: socket.getPeerCertificate().fingerprint256 ?? '' }),
    );
    socket.once('error', (e: NodeJS.ErrnoException) =>
      // A server that took the connection but broke the handshake speaks something else than TLS.
      done(connected ? { kind: 'not-tls' } : { kind: 'unreachable', why: networkReason(e.code) }),
    );
  });
}

function networkReason(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'соединение отклонено: на этом порту ничего не запущено';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'компьютер с таким именем не найден';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return 'компьютер недоступен по сети';
    default:
      return code ?? 'ошибка сети';
  }
}

const unreachableMessage = (address: string, why: string) =>
  `Сервер журнала по адресу ${address} не отвечает (${why}). Проверьте адрес и порт, включён ли сервер и подключён ли этот компьютер к школьной сети.`;
const notTlsMessage = (address: string) =>
  `По адресу ${address} отвечает не сервер журнала: защищённое соединение не установлено. Проверьте порт — ` +
  `компьютеры сотрудников подключаются к порту сервера для сотрудников (${DEFAULT_HOST_PORT}, если его не меняли).`;
const mismatchMessage = (address: string, presented: string, typed: string) =>
  `Сервер по адресу ${address} предъявил сертификат с отпечатком ${presented || '(нет)'}, а введён ${typed}. ` +
  'Отпечатки не совпадают: подключение не выполнено, ничего не сохранено. Сверьте введённый отпечаток с экраном ' +
  'сервера журнала или с листом настройки. Если там тот же отпечаток, что вы ввели, по этому адресу отвечает ' +
  'не ваш сервер журнала — не входите и сообщите администратору.';
const NOT_CONNECTED =
  'Этот компьютер ещё не подключён к журналу. На странице входа откройте «Подключение к серверу журнала» ' +
  'и введите адрес сервера журнала и отпечаток его сертификата.';
const ADMIN_ONLY =
  'Этот компьютер уже подключён к серверу журнала. Другой сервер может выбрать только администратор: ' +
  'войдите под учётной записью администратора и откройте «Подключение к серверу журнала». ' +
  'Новый адрес того же сервера (с тем же отпечатком сертификата) можно указать без входа.';

const NOT_FROM_HERE =
  'Сервер журнала для этого компьютера выбирают за самим этим компьютером; с другого компьютера его может ' +
  'сменить только администратор, вошедший в журнал.';

/** The desktop window ('local') or a browser on this same computer (a loopback address). */
function atThisComputer(client: string | undefined): boolean {
  if (client === 'local') return true;
  if (!client) return false;
  const ip = client.replace(/^::ffff:/i, '');
  return ip === '::1' || (isIP(ip) === 4 && ip.startsWith('127.'));
}

const answer = (result: ApiResult<unknown>): JsonAnswer => {
  const json = JSON.stringify(result);
  return result.ok ? { ok: true, json } : { ok: false, code: result.error.code, json };
};

export function createConnection(options: ConnectionOptions): Connection {
  let current = options.current;
  const remote = options.remote ?? ((settings) => createRemoteRouter(settings));
  const checkTimeoutMs = options.checkTimeoutMs ?? 3000;
  const persisted = options.settingsFile !== null;
  /** One change at a time: a second setHost waits for the first to finish. */
  let changing: Promise<unknown> = Promise.resolve();

  async function status(): Promise<ConnectionStatus> {
    const now = current;
    if (now.mode === 'none') return { mode: 'none', persisted };
    if (now.mode === 'local') return { mode: 'local', file: now.file, persisted };
    const { address, fingerprint } = now.settings;
    const presented = await presentedCertificate(address, checkTimeoutMs);
    const problem =
      presented.kind === 'unreachable'
        ? unreachableMessage(address, presented.why)
        : presented.kind === 'not-tls'
          ? notTlsMessage(address)
          : presented.fingerprint !== fingerprint
            ? `Сервер по адресу ${address} предъявляет другой сертификат (отпечаток ${presented.fingerprint}). ` +
              'Журнал с него не открывается; если сертификат сервера заменяли, администратор подтверждает новый отпечаток здесь.'
            : null;
    return { mode: 'host', address, fingerprint, answers: problem === null, problem, persisted };
  }

  /** Refuses unless the caller may choose a host now (see the contract's `access`). */
  async function mayChoose(choice: RemoteSettings, meta: CallMeta): Promise<void> {
    const now = current;
    const open = now.mode !== 'host' || choice.fingerprint === now.settings.fingerprint;
    // "Anyone" means anyone at this computer: the desktop window, or a browser on this computer. A
    // browser-mode staff door opened to the network (--host) must not let the network repoint it.
    if (open && !options.networkDoor && atThisComputer(meta.client)) return;
    const refusal = open ? NOT_FROM_HERE : ADMIN_ONLY;
    if (!meta.token || now.mode === 'none') throw new ApiError('FORBIDDEN', refusal);
    const me = await now.router.call('auth.me', {}, { ...meta, door: 'staff' });
    const user = me.ok ? (me.value as SessionUser) : null;
    if (!user?.roles.includes('admin') || user.mustChangePassword) throw new ApiError('FORBIDDEN', refusal);
  }

  async function setHost(raw: unknown, meta: CallMeta): Promise<ConnectionStatus> {
    const parsed = HostChoice.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(
        'VALIDATION',
        issue?.message ?? MESSAGES.badRequest,
        issue?.path.map(String).join('.') || undefined,
      );
    }
    const choice: RemoteSettings = parsed.data;
    await mayChoose(choice, meta);

    const presented = await presentedCertificate(choice.address, checkTimeoutMs);
    if (presented.kind === 'unreachable')
      throw new ApiError(
        'UNAVAILABLE',
        `${unreachableMessage(choice.address, presented.why)} Ничего не изменено.`,
        'address',
      );
    if (presented.kind === 'not-tls')
      throw new ApiError('UNAVAILABLE', notTlsMessage(choice.address), 'address');
    if (presented.fingerprint !== choice.fingerprint)
      throw new ApiError(
        'VALIDATION',
        mismatchMessage(choice.address, presented.fingerprint, choice.fingerprint),
        'fingerprint',
      );

    // The certificate is the host's; the journal behind it must answer too (pinned from here on).
    const next = remote(choice);
    const probe = await next.call('auth.demoAccounts', {}, { door: 'staff', client: meta.client });
    if (!probe.ok) {
      await next.close();
      throw new ApiError('UNAVAILABLE', `${probe.error.message} Ничего не изменено.`, 'address');
    }
    if (options.settingsFile !== null) {
      try {
        writeRemoteSettings(options.settingsFile, choice);
      } catch (e) {
        await next.close();
        throw new ApiError(
          'UNAVAILABLE',
          `Не удалось сохранить настройки подключения в ${options.settingsFile}: ${(e as Error).message}. Ничего не изменено.`,
        );
      }
    }
    const before = current;
    // The session on the journal used before ends: its token means nothing to the host.
    if (before.mode !== 'none' && meta.token)
      await before.router.call('auth.logout', {}, { ...meta, door: 'staff' }).catch(() => undefined);
    current = { mode: 'host', settings: choice, router: next };
    if (before.mode !== 'none')
      await before.router
        .close()
        .catch((e) => console.error('[connection] closing the journal used before', e));
    console.log(
      `Этот компьютер подключён к серверу журнала ${choice.address} (отпечаток ${choice.fingerprint})`,
    );
    return status();
  }

  async function serve(
    method: keyof typeof connectionApi,
    input: unknown,
    meta: CallMeta,
  ): Promise<ConnectionStatus> {
    if (method === 'connection.status') {
      const parsed = connectionApi[method].input.safeParse(input ?? {});
      if (!parsed.success) throw new ApiError('VALIDATION', MESSAGES.badRequest);
      return status();
    }
    const run = changing.then(() => setHost(input, meta));
    changing = run.catch(() => undefined);
    return run;
  }

  const callJson: CallRouter['callJson'] = async (method, input, meta) => {
    if (isConnectionMethod(method)) {
      if (meta.door !== 'staff')
        return answer({ ok: false, error: { code: 'UNKNOWN_METHOD', message: MESSAGES.unknownMethod } });
      try {
        return answer({ ok: true, value: await serve(method, input, meta) });
      } catch (e) {
        if (e instanceof ApiError) return answer({ ok: false, error: e.toBody() });
        console.error(`[connection] ${method} failed`, e);
        return answer({ ok: false, error: { code: 'INTERNAL', message: MESSAGES.internal } });
      }
    }
    const now = current;
    if (now.mode === 'none')
      return answer({ ok: false, error: { code: 'UNAVAILABLE', message: NOT_CONNECTED } });
    return now.router.callJson(method, input, meta);
  };

  return {
    get current() {
      return current;
    },
    status,
    callJson,
    call: async (method, input, meta) => JSON.parse((await callJson(method, input, meta)).json),
    close: async () => {
      if (current.mode !== 'none') await current.router.close();
    },
  };
}
