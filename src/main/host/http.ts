import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { type ApiResult, type ErrorCode, MESSAGES } from '../../shared/api/errors';
import type { CallRouter } from '../router/answer';
import type { Door } from '../router/context';
import { SECURITY_HEADERS } from './security';
import { DoorFiles, serveStatic } from './static';

/**
 * The HTTP transport: POST /api/<method> with a JSON body and "Authorization: Bearer <token>",
 * answered with the router's { ok, value | error }. It also serves the built pages of its door
 * (the staff application, or the family diary). It holds no logic of its own.
 */
export interface HttpHostOptions {
  router: CallRouter;
  door: Door;
  /** Folder with the built renderer (index.html, diary.html, assets/, .vite/manifest.json). */
  staticDir: string;
  /** The page served at "/": index.html for staff, diary.html for families. */
  page: string;
  host?: string;
  port?: number;
  /**
   * Where browsers reach this door through the school's HTTPS reverse proxy
   * (https://dnevnik.school.ru): calls from these origins are accepted, and their hosts are
   * accepted in the Host header. See `parsePublicOrigin`.
   */
  publicOrigins?: string[];
  /**
   * The host's own key and certificate (host/tls.ts): the door then speaks HTTPS, as the staff door of
   * a host in the school network does. Without it, plain HTTP (loopback, or behind the school's proxy).
   */
  tls?: { key: string; cert: string };
}

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED: 423,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  UNKNOWN_METHOD: 404,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The largest API body accepted; the biggest real call (a page of marks) is a few kilobytes. */
export const MAX_BODY = 1024 * 1024;
const TOO_LARGE_MESSAGE = `${MESSAGES.tooLarge}: не больше ${MAX_BODY / 1024 / 1024} МБ`;

export interface RunningHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Checks an origin given by the administrator (--public-origin, JOURNAL_PUBLIC_ORIGIN) and returns
 * it as browsers send it in the Origin header ("https://dnevnik.school.ru", no path, no slash).
 */
export function parsePublicOrigin(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash ||
    url.username
  ) {
    throw new Error(
      `Неверный публичный адрес «${text}»: ожидается адрес вида https://dnevnik.school.ru (без пути)`,
    );
  }
  return url.origin;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** "host:port" as a browser writes it in the Host header (IPv6 in brackets, port 80 may be left out). */
function hostHeaders(host: string, port: number): string[] {
  const name = host.includes(':') ? `[${host}]` : host;
  return port === 80 ? [`${name}:80`, name] : [`${name}:${port}`];
}

/**
 * The names this door may be addressed by: a web page whose domain is re-pointed at our address
 * (DNS rebinding) arrives with its own name in Host and is refused.
 */
export function allowedHostsFor(host: string, port: number, publicOrigins: string[]): Set<string> {
  let names: string[];
  if (LOOPBACK.has(host)) names = ['127.0.0.1', 'localhost', '::1'];
  else if (WILDCARD.has(host)) {
    // Every address of this computer, and its name: the staff type whichever they know.
    names = ['127.0.0.1', 'localhost', '::1', hostname()];
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.push(a.address.replace(/%.*$/, ''));
  } else names = [host];
  const allowed = new Set(names.flatMap((n) => hostHeaders(n.toLowerCase(), port)));
  for (const o of publicOrigins) allowed.add(new URL(o).host);
  return allowed;
}

export function startHttpHost(options: HttpHostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  const publicOrigins = (options.publicOrigins ?? []).map(parsePublicOrigin);
  const door = new DoorFiles(options.staticDir, options.page);
  let allowedHosts: Set<string> = new Set();
  const scheme = options.tls ? 'https' : 'http';
  const listener: RequestListener = (req, res) => {
    // Every answer, errors included, carries the same protective headers.
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(hostHeader)) {
      refuse(
        req,
        res,
        421,
        'FORBIDDEN',
        `Запрос адресован другому серверу («${hostHeader.slice(0, 100)}»). Откройте журнал по его адресу.`,
      );
      return;
    }
    handle(options, door, publicOrigins, scheme, req, res).catch((e) => {
      console.error('[http]', e);
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Внутренняя ошибка сервера' } });
      else res.destroy();
    });
  };
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2' }, listener)
    : createServer(listener);
  // Staff computers keep their connections open between calls (remote/client.ts); idle ones are
  // closed by the client first (its timeout is shorter), so a call never meets a socket closing here.
  if (options.tls) server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      allowedHosts = allowedHostsFor(host, port, publicOrigins);
      resolve({
        server,
        url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/** A refusal before the router: JSON for the API, a line of text for pages. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, message: string) {
  if ((req.url ?? '').startsWith('/api/'))
    return sendJson(res, status, { ok: false, error: { code, message } });
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message);
}

async function handle(
  options: HttpHostOptions,
  door: DoorFiles,
  publicOrigins: string[],
  scheme: 'http' | 'https',
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // The path as sent, without the query; decoded once here, so a malformed %-escape is the client's
  // mistake (400), never an exception further on.
  const target = req.url ?? '/';
  // The absolute form ("http://host/path"), which HTTP/1.1 servers must accept, names the same path.
  const absolute = /^https?:\/\/[^/]*/i.exec(target);
  const rawPath = (absolute ? target.slice(absolute[0].length) || '/' : target).split(/[?#]/, 1)[0] ?? '';
  let pathname: string;
  try {
    if (!rawPath.startsWith('/')) throw new URIError(rawPath);
    pathname = decodeURIComponent(rawPath);
  } catch {
    return refuse(req, res, 400, 'VALIDATION', 'Неверный адрес запроса: испорчена кодировка символов');
  }
  if (pathname.startsWith('/api/')) {
    if (req.method !== 'POST')
      return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Ожидается POST' } });
    // A page from another site must not drive our API with the user's browser. Our own pages come
    // from the address in Host (already checked) or, behind a proxy, from a configured public origin.
    const origin = req.headers.origin;
    if (origin && origin !== `${scheme}://${req.headers.host}` && !publicOrigins.includes(origin)) {
      return sendJson(res, 403, {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Запрос с чужого сайта отклонён' },
      });
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return refuseTooLarge(req, res);
      return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: (e as Error).message } });
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    const answer = await options.router.callJson(pathname.slice(5), body, {
      token,
      door: options.door,
      client: req.socket.remoteAddress,
    });
    return sendText(res, answer.ok ? 200 : STATUS[answer.code ?? 'INTERNAL'], answer.json);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return refuse(req, res, 405, 'VALIDATION', 'Ожидается GET');
  }
  serveStatic(door, pathname, req, res);
}

class BodyTooLarge extends Error {}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // Refused before reading when the client says the size; counted while reading when it does not.
    if (Number(req.headers['content-length']) > MAX_BODY) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (size > MAX_BODY) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('Тело запроса не является JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * 413 in words, then the connection is closed. The rest of the body is read and dropped for a short
 * while (not kept), so the client receives our answer rather than a reset in the middle of sending.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  sendJson(res, 413, { ok: false, error: { code: 'TOO_LARGE', message: TOO_LARGE_MESSAGE } });
  req.resume();
  const timer = setTimeout(() => req.socket.destroy(), 5000);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
}

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
