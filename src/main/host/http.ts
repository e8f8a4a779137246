import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiResult, ErrorCode } from '../../shared/api/errors';
import type { CallRouter } from '../router/answer';
import type { Door } from '../router/context';
import { SECURITY_HEADERS } from './security';

/**
 * The HTTP transport: POST /api/<method> with a JSON body and "Authorization: Bearer <token>",
 * answered with the router's { ok, value | error }. It also serves the built pages of its door
 * (the staff application, or the family diary). It holds no logic of its own.
 */
export interface HttpHostOptions {
  router: CallRouter;
  door: Door;
  /** Folder with the built renderer (index.html, diary.html, assets/). */
  staticDir: string;
  /** The page served at "/": index.html for staff, diary.html for families. */
  page: string;
  host?: string;
  port?: number;
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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const MAX_BODY = 1024 * 1024;

export interface RunningHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function startHttpHost(options: HttpHostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  let allowedHosts: Set<string> | null = null;
  const server = createServer((req, res) => {
    // Bound to this computer only: answer only requests addressed to it by name, so that a web page
    // whose domain is re-pointed at 127.0.0.1 (DNS rebinding) cannot talk to us.
    if (allowedHosts && !allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Неверный адрес сервера');
      return;
    }
    handle(options, req, res).catch((e) => {
      console.error('[http]', e);
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Внутренняя ошибка сервера' } });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      if (loopback) allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
      resolve({
        server,
        url: `http://${host}:${port}/`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

async function handle(options: HttpHostOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/api/')) {
    if (req.method !== 'POST')
      return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Ожидается POST' } });
    // A page from another site must not drive our API with the user's browser.
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host}`) {
      return sendJson(res, 403, {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Запрос с чужого сайта отклонён' },
      });
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: (e as Error).message } });
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    const answer = await options.router.callJson(decodeURIComponent(url.pathname.slice(5)), body, {
      token,
      door: options.door,
      client: req.socket.remoteAddress,
    });
    return sendText(res, answer.ok ? 200 : STATUS[answer.code ?? 'INTERNAL'], answer.json);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  serveStatic(options, url.pathname, res);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('Слишком большой запрос'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
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

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function serveStatic(options: HttpHostOptions, pathname: string, res: ServerResponse): void {
  const root = normalize(options.staticDir);
  const wanted = pathname === '/' || !extname(pathname) ? `/${options.page}` : pathname;
  const file = normalize(join(root, decodeURIComponent(wanted)));
  // Each door serves its own page and the shared assets, nothing else (the parents' endpoint does not
  // hand out the staff application).
  const allowed = wanted === `/${options.page}` || wanted.startsWith('/assets/');
  if (!allowed || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Не найдено');
    return;
  }
  const immutable = wanted.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}
