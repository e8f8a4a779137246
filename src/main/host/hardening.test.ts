import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import type { CallRouter } from '../router/answer';
import type { Door } from '../router/context';
import { allowedHostsFor, MAX_BODY, parsePublicOrigin, type RunningHost, startHttpHost } from './http';
import { SECURITY_HEADERS } from './security';

/**
 * The HTTP doors against what the outside can send them: a reverse proxy's origin, a foreign Host,
 * broken %-escapes, oversized bodies; and what they hand out: only their own page's files,
 * compressed and cacheable. A made-up build folder (same shape as Vite's) keeps this independent of
 * the real build; one test reads the real build to check vite.config.ts produces that shape.
 */

/** A router that answers every call with ok, and remembers the methods it was asked. */
function stubRouter(): CallRouter & { methods: string[] } {
  const methods: string[] = [];
  return {
    methods,
    async call(method) {
      methods.push(method);
      return { ok: true, value: {} };
    },
    async callJson(method) {
      methods.push(method);
      return { ok: true, json: '{"ok":true,"value":{}}' };
    },
  };
}

const STAFF_JS = 'console.log("staff application");'.repeat(100);
const DIARY_JS = 'console.log("diary");'.repeat(100);
const SHARED_JS = 'export const shared = 1;'.repeat(100);

/** A build folder in the shape `vite build` leaves with manifest: true and the precompress plugin. */
function fakeBuild(dir: string): void {
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.vite'));
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>Журнал</title><script src="./assets/index-AAAA.js"></script>',
    'diary.html':
      '<!doctype html><title>Электронный дневник</title><script src="./assets/diary-BBBB.js"></script>',
    'assets/index-AAAA.js': STAFF_JS,
    'assets/index-AAAA.js.map': '{"version":3}',
    'assets/index-AAAA.css': 'body{color:red}',
    'assets/diary-BBBB.js': DIARY_JS,
    'assets/diary-BBBB.js.map': '{"version":3}',
    'assets/diary-BBBB.css': 'body{color:blue}',
    'assets/shared-CCCC.js': SHARED_JS,
    'assets/shared-CCCC.js.map': '{"version":3}',
    'assets/lazy-DDDD.js': 'export const lazy = 1;',
    'assets/font-EEEE.woff2': 'font',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  for (const name of ['assets/index-AAAA.js', 'assets/diary-BBBB.js', 'diary.html']) {
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(Buffer.from(files[name] ?? '')));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(Buffer.from(files[name] ?? '')));
  }
  const manifest = {
    '_shared-CCCC.js': { file: 'assets/shared-CCCC.js', dynamicImports: ['_lazy-DDDD.js'] },
    '_lazy-DDDD.js': { file: 'assets/lazy-DDDD.js', assets: ['assets/font-EEEE.woff2'] },
    'index.html': {
      file: 'assets/index-AAAA.js',
      isEntry: true,
      imports: ['_shared-CCCC.js'],
      css: ['assets/index-AAAA.css'],
    },
    'diary.html': {
      file: 'assets/diary-BBBB.js',
      isEntry: true,
      imports: ['_shared-CCCC.js'],
      css: ['assets/diary-BBBB.css'],
    },
  };
  writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request (node:http sets any Host and sends any path, and does not decompress). */
function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | Buffer[] } = {},
): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (Array.isArray(body)) {
      // Chunked, without Content-Length: the size is only known by reading.
      let i = 0;
      const next = () => {
        while (i < body.length) if (!req.write(body[i++])) return void req.once('drain', next);
        req.end();
      };
      next();
    } else req.end(body);
  });
}

const json = (r: Reply) => JSON.parse(r.body.toString('utf8'));

const tmp = tempDir();
const hosts: RunningHost[] = [];
async function start(door: Door, extra: { host?: string; publicOrigins?: string[] } = {}) {
  const h = await startHttpHost({
    router: stubRouter(),
    door,
    staticDir: tmp.dir,
    page: door === 'staff' ? 'index.html' : 'diary.html',
    ...extra,
  });
  hosts.push(h);
  return h;
}

let staff: RunningHost;
let family: RunningHost;
beforeAll(async () => {
  fakeBuild(tmp.dir);
  staff = await start('staff');
  family = await start('family');
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  tmp.cleanup();
});

describe('public origin behind a reverse proxy', () => {
  it('accepts calls from the configured public origin, and still refuses other sites', async () => {
    const proxied = await start('family', { publicOrigins: ['https://dnevnik.school.ru'] });
    const port = new URL(proxied.url).port;
    const call = (headers: Record<string, string>) =>
      raw(proxied.url, '/api/auth.login', { method: 'POST', headers, body: Buffer.from('{}') });
    // nginx forwarding the public Host, and nginx forwarding its upstream address.
    expect((await call({ Host: 'dnevnik.school.ru', Origin: 'https://dnevnik.school.ru' })).status).toBe(200);
    expect((await call({ Host: `127.0.0.1:${port}`, Origin: 'https://dnevnik.school.ru' })).status).toBe(200);
    const evil = await call({ Host: 'dnevnik.school.ru', Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(json(evil).error.message).toBe('Запрос с чужого сайта отклонён');
    // Without the setting, the proxy's origin is refused (the bug: every call behind HTTPS failed).
    const plain = await raw(family.url, '/api/auth.login', {
      method: 'POST',
      headers: { Origin: 'https://dnevnik.school.ru' },
      body: Buffer.from('{}'),
    });
    expect(plain.status).toBe(403);
  });

  it('browser mode refuses a malformed --public-origin with one Russian line', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/main/host/serve.ts', '--public-origin', 'dnevnik.school.ru'],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'Неверный публичный адрес «dnevnik.school.ru»: ожидается адрес вида https://dnevnik.school.ru (без пути)',
    );
  });

  it('checks the configured origin and says what is wrong in Russian', () => {
    expect(parsePublicOrigin('https://dnevnik.school.ru/')).toBe('https://dnevnik.school.ru');
    expect(parsePublicOrigin('https://Dnevnik.School.ru:8443')).toBe('https://dnevnik.school.ru:8443');
    for (const bad of ['dnevnik.school.ru', 'https://dnevnik.school.ru/diary', 'ftp://x.ru', ''])
      expect(() => parsePublicOrigin(bad)).toThrow(/Неверный публичный адрес/);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('bound beyond loopback, answers only its own address and the public origin', async () => {
    // 127.0.0.2 is on this computer but is not one of the loopback names: it stands for a LAN address.
    const lan = await start('staff', { host: '127.0.0.2', publicOrigins: ['https://journal.school.ru'] });
    const port = new URL(lan.url).port;
    expect((await raw(lan.url, '/', { headers: { Host: `127.0.0.2:${port}` } })).status).toBe(200);
    expect((await raw(lan.url, '/', { headers: { Host: 'journal.school.ru' } })).status).toBe(200);
    const rebound = await raw(lan.url, '/api/auth.me', {
      method: 'POST',
      headers: { Host: `evil.example:${port}` },
      body: Buffer.from('{}'),
    });
    expect(rebound.status).toBe(421);
    expect(json(rebound).error.message).toMatch(/^Запрос адресован другому серверу/);
    const page = await raw(lan.url, '/', { headers: { Host: `evil.example:${port}` } });
    expect(page.status).toBe(421);
    expect(page.body.toString('utf8')).toMatch(/Откройте журнал по его адресу/);
    expect((await raw(lan.url, '/', { headers: { Host: `localhost:${port}` } })).status).toBe(421);
  });

  it('bound to every interface, accepts this computer names and addresses only', () => {
    const allowed = allowedHostsFor('0.0.0.0', 5171, ['https://dnevnik.school.ru']);
    expect(allowed.has('127.0.0.1:5171')).toBe(true);
    expect(allowed.has('localhost:5171')).toBe(true);
    expect(allowed.has('dnevnik.school.ru')).toBe(true);
    expect(allowed.has('evil.example:5171')).toBe(false);
    expect(allowed.has('dnevnik.school.ru:5171')).toBe(false);
  });
});

describe('malformed requests', () => {
  it('a broken %-escape in the path is a Russian 400, on the API and on pages, and the server lives on', async () => {
    const api = await raw(staff.url, '/api/%E0%A4%A', { method: 'POST', body: Buffer.from('{}') });
    expect(api.status).toBe(400);
    expect(json(api)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Неверный адрес запроса: испорчена кодировка символов' },
    });
    const page = await raw(staff.url, '/assets/%E0%A4%A.js');
    expect(page.status).toBe(400);
    expect(page.body.toString('utf8')).toContain('кодировка');
    expect((await raw(staff.url, '/')).status).toBe(200);
  });

  it('a request target in absolute form names the same file; one that is no path is a 400', async () => {
    const absolute = await raw(staff.url, `${staff.url}assets/index-AAAA.js?v=1`);
    expect(absolute.status).toBe(200);
    expect(absolute.body.toString()).toBe(STAFF_JS);
    expect((await raw(staff.url, '*', { method: 'OPTIONS' })).status).toBe(400);
  });

  it('a body over the limit with Content-Length is a Russian 413, and the server lives on', async () => {
    const r = await raw(staff.url, '/api/auth.login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.alloc(MAX_BODY + 1, 0x20),
    });
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(json(r)).toEqual({
      ok: false,
      error: { code: 'TOO_LARGE', message: 'Запрос слишком большой: не больше 1 МБ' },
    });
    expect((await raw(staff.url, '/api/auth.me', { method: 'POST', body: Buffer.from('{}') })).status).toBe(
      200,
    );
  });

  it('a chunked body that grows over the limit is a 413 too, not a reset', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const r = await raw(staff.url, '/api/auth.login', {
      method: 'POST',
      body: Array.from({ length: (2 * MAX_BODY) / chunk.length }, () => chunk),
    });
    expect(r.status).toBe(413);
    expect(json(r).error.code).toBe('TOO_LARGE');
  });
});

describe('each door serves only its own page files', () => {
  it('the family door: the diary and what it imports, not the staff entry, never a map', async () => {
    for (const path of [
      '/',
      '/diary.html',
      '/assets/diary-BBBB.js',
      '/assets/diary-BBBB.css',
      '/assets/shared-CCCC.js',
      '/assets/lazy-DDDD.js',
      '/assets/font-EEEE.woff2',
    ])
      expect([path, (await raw(family.url, path)).status]).toEqual([path, 200]);
    for (const path of [
      '/index.html',
      '/assets/index-AAAA.js',
      '/assets/index-AAAA.css',
      '/assets/diary-BBBB.js.map',
      '/assets/shared-CCCC.js.map',
      '/assets/diary-BBBB.js.br',
      '/.vite/manifest.json',
      '/assets/../index.html',
      '/assets/..%2Findex.html',
    ])
      expect([path, (await raw(family.url, path)).status]).toEqual([path, 404]);
  });

  it('the staff door: its own entry and the shared chunks, not the diary page, never a map', async () => {
    expect((await raw(staff.url, '/assets/index-AAAA.js')).status).toBe(200);
    expect((await raw(staff.url, '/assets/shared-CCCC.js')).status).toBe(200);
    expect((await raw(staff.url, '/assets/index-AAAA.js.map')).status).toBe(404);
    expect((await raw(staff.url, '/diary.html')).status).toBe(404);
    expect((await raw(staff.url, '/assets/diary-BBBB.js')).status).toBe(404);
  });
});

describe('compressed and cacheable', () => {
  it('sends brotli or gzip by Accept-Encoding, with Vary, and the plain file otherwise', async () => {
    const br = await raw(staff.url, '/assets/index-AAAA.js', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(STAFF_JS.length / 5);
    expect(brotliDecompressSync(br.body).toString()).toBe(STAFF_JS);
    const gz = await raw(staff.url, '/assets/index-AAAA.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(STAFF_JS);
    const refused = await raw(staff.url, '/assets/index-AAAA.js', {
      headers: { 'Accept-Encoding': 'br;q=0, gzip' },
    });
    expect(refused.headers['content-encoding']).toBe('gzip');
    const plain = await raw(staff.url, '/assets/index-AAAA.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(STAFF_JS);
    // A file without a precompressed copy is sent as it is.
    const css = await raw(staff.url, '/assets/index-AAAA.css', { headers: { 'Accept-Encoding': 'br' } });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('hashed assets are immutable for a year; pages are revalidated by ETag', async () => {
    const asset = await raw(family.url, '/assets/diary-BBBB.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await raw(family.url, '/', { headers: { 'Accept-Encoding': 'br' } });
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('br');
    const etag = String(page.headers.etag);
    const again = await raw(family.url, '/', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await raw(family.url, '/assets/diary-BBBB.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(DIARY_JS.length);
  });
});

describe('security headers on every answer', () => {
  it('pages, API answers and every refusal carry them', async () => {
    const port = new URL(staff.url).port;
    const replies = {
      page: await raw(staff.url, '/'),
      asset: await raw(staff.url, '/assets/index-AAAA.js'),
      api: await raw(staff.url, '/api/auth.me', { method: 'POST', body: Buffer.from('{}') }),
      notFound: await raw(staff.url, '/assets/nothing.js'),
      badEscape: await raw(staff.url, '/%E0%A4%A'),
      badJson: await raw(staff.url, '/api/auth.me', { method: 'POST', body: Buffer.from('{') }),
      tooLarge: await raw(staff.url, '/api/auth.me', { method: 'POST', body: Buffer.alloc(MAX_BODY + 1) }),
      wrongHost: await raw(staff.url, '/', { headers: { Host: `evil.example:${port}` } }),
      getApi: await raw(staff.url, '/api/auth.me'),
      postPage: await raw(staff.url, '/', { method: 'POST' }),
    };
    expect(Object.fromEntries(Object.entries(replies).map(([k, r]) => [k, r.status]))).toEqual({
      page: 200,
      asset: 200,
      api: 200,
      notFound: 404,
      badEscape: 400,
      badJson: 400,
      tooLarge: 413,
      wrongHost: 421,
      getApi: 405,
      postPage: 405,
    });
    for (const [name, r] of Object.entries(replies))
      for (const [header, value] of Object.entries(SECURITY_HEADERS))
        expect([name, header, r.headers[header.toLowerCase()]]).toEqual([name, header, value]);
  });
});
