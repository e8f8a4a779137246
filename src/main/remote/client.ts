import { Agent, request } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import type { ApiResult, ErrorCode } from '../../shared/api/errors';
import { parseFingerprint } from '../host/tls';
import type { CallRouter, JsonAnswer } from '../router/answer';

/**
 * A staff computer's router when the journal lives on a host (host mode): every call goes over HTTPS
 * to the host's staff door, which runs it through its own router — the same contract, the same
 * permissions and audit. Nothing here opens the journal file; the staff computer never needs it.
 *
 * The host's certificate is self-signed, so no authority vouches for it: it is pinned by the SHA-256
 * fingerprint the administrator confirmed from the host's screen. The check runs right after the TLS
 * handshake, before a single byte of a call (or its session token) is written to the socket; any other
 * certificate ends the connection with a Russian message that names both fingerprints.
 *
 * An unreachable host is said at once: a short connect timeout, and for a moment after a failure
 * every call is answered UNAVAILABLE without trying again, so a teacher typing into a row of cells
 * never waits a timeout per cell.
 */
export interface RemoteOptions {
  /** The host's staff door, e.g. https://192.168.1.10:5170/ (see remote/settings.ts). */
  address: string;
  /** The confirmed fingerprint, in any usual spelling (parsed by parseFingerprint). */
  fingerprint: string;
  /** How long to wait for a connection and its handshake; the school network answers in milliseconds. */
  connectTimeoutMs?: number;
  /** How long a started call may wait for its answer. */
  answerTimeoutMs?: number;
  /** After a failed connection, how long calls are answered at once without a new attempt. */
  quietMs?: number;
}

export interface RemoteRouter extends CallRouter {
  readonly address: string;
  close(): Promise<void>;
}

/** A host that answered with another certificate: never retried quietly, always said. */
export class CertificateMismatch extends Error {
  constructor(
    readonly presented: string,
    readonly expected: string,
  ) {
    super(
      `Сервер журнала предъявил другой сертификат: его отпечаток ${presented}, а подтверждён ${expected}. ` +
        'Соединение прервано, данные не отправлены. Если сертификат сервера действительно заменяли, ' +
        'сверьте новый отпечаток с экраном сервера и подтвердите его заново; иначе сообщите администратору.',
    );
  }
}

class Unreachable extends Error {}

/** The https.Agent that hands out only connections whose certificate is the pinned one. */
class PinnedAgent extends Agent {
  constructor(
    private readonly pin: string,
    private readonly connectTimeoutMs: number,
  ) {
    // Idle connections are closed here well before the host's keepAliveTimeout (65 s), so a call
    // never goes out on a socket the host is closing.
    super({ keepAlive: true, timeout: 30_000, maxSockets: 8 });
  }

  override createConnection(
    options: Parameters<Agent['createConnection']>[0],
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const host = options.host ?? 'localhost';
    const socket: TLSSocket = connect({
      host,
      port: Number(options.port),
      // SNI names a host, never an address.
      ...(isIP(host) ? {} : { servername: host }),
      // No authority signs the host's certificate; it is accepted only by its fingerprint, below.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
    let settled = false;
    const done = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('error', onError);
      if (err) socket.destroy();
      callback?.(err, socket);
    };
    const timer = setTimeout(() => done(new Unreachable('connect timeout')), this.connectTimeoutMs);
    const onError = (e: Error) => done(e);
    socket.on('error', onError);
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256 ?? '';
      done(presented === this.pin ? null : new CertificateMismatch(presented || '(нет)', this.pin));
    });
    return undefined;
  }
}

export function createRemoteRouter(options: RemoteOptions): RemoteRouter {
  const pin = parseFingerprint(options.fingerprint);
  const base = new URL(options.address);
  if (base.protocol !== 'https:')
    throw new Error(`Адрес сервера журнала должен начинаться с https://: ${options.address}`);
  const address = base.origin;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1500;
  const answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  const quietMs = options.quietMs ?? 1000;
  const agent = new PinnedAgent(pin, connectTimeoutMs);
  /** Until when calls are answered at once, and with what (the last failure's message). */
  let quietUntil = 0;
  let quietAnswer: JsonAnswer | null = null;

  const failure = (code: ErrorCode, message: string): JsonAnswer => ({
    ok: false,
    code,
    json: JSON.stringify({ ok: false, error: { code, message } } satisfies ApiResult<unknown>),
  });
  const unreachable = () =>
    failure(
      'UNAVAILABLE',
      `Нет связи с сервером журнала (адрес ${address}). Проверьте, что сервер включён и компьютер подключён к школьной сети; изменения не сохранены.`,
    );

  /** One HTTP exchange; rejects with the socket's error, resolves with the status and the body. */
  const exchange = (method: string, body: string, token: string | null | undefined) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        new URL(`/api/${encodeURIComponent(method)}`, base),
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(answerTimeoutMs, () => req.destroy(new AnswerTimeout()));
      req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });

  const callJson: CallRouter['callJson'] = async (method, input, meta) => {
    if (meta.door !== 'staff')
      return failure('FORBIDDEN', 'Дневник для родителей публикует сервер журнала, а не этот компьютер.');
    if (quietAnswer && Date.now() < quietUntil) return quietAnswer;
    const body = JSON.stringify(input ?? {});
    let answer: { status: number; text: string };
    try {
      try {
        answer = await exchange(method, body, meta.token);
      } catch (e) {
        // A kept-alive connection the host had just closed: the call never reached the host's router
        // (it only closes idle connections), so sending it once more on a fresh one is safe.
        const { code, reusedSocket } = e as { code?: string; reusedSocket?: boolean };
        if (!reusedSocket || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw e;
        answer = await exchange(method, body, meta.token);
      }
    } catch (e) {
      if (e instanceof AnswerTimeout)
        return failure(
          'UNAVAILABLE',
          `Сервер журнала не ответил за ${Math.ceil(answerTimeoutMs / 1000)} с (адрес ${address}). Если вы сохраняли изменения, проверьте, сохранились ли они.`,
        );
      quietAnswer = e instanceof CertificateMismatch ? failure('UNAVAILABLE', e.message) : unreachable();
      quietUntil = Date.now() + quietMs;
      return quietAnswer;
    }
    quietAnswer = null;
    if (answer.status === 200) return { ok: true, json: answer.text };
    // Refusals are small: read their code so the transport above answers with the same status.
    try {
      const parsed = JSON.parse(answer.text) as ApiResult<unknown>;
      if (!parsed.ok && typeof parsed.error?.code === 'string')
        return { ok: false, code: parsed.error.code, json: answer.text };
    } catch {
      // not the journal's answer: said below
    }
    return failure(
      'UNAVAILABLE',
      `Сервер журнала ответил не так, как ожидалось (адрес ${address}, код ${answer.status}). Проверьте адрес сервера.`,
    );
  };

  return {
    address,
    callJson,
    call: async (method, input, meta) => JSON.parse((await callJson(method, input, meta)).json),
    close: async () => agent.destroy(),
  };
}

class AnswerTimeout extends Error {}
