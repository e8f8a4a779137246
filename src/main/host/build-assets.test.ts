import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../paths';
import type { CallRouter } from '../router/answer';
import { type RunningHost, startHttpHost } from './http';
import { MANIFEST } from './static';

/**
 * The real build (`vite build`, as `npm test` runs it before the unit tests): vite.config.ts must
 * leave the manifest the doors read, precompressed copies, and no map that a page points to.
 */

const router: CallRouter = {
  call: async () => ({ ok: true, value: {} }),
  callJson: async () => ({ ok: true, json: '{}' }),
};

interface Chunk {
  file: string;
  css?: string[];
}
let manifest: Record<string, Chunk>;
let family: RunningHost;
let staff: RunningHost;
beforeAll(async () => {
  manifest = JSON.parse(readFileSync(join(rendererDir, MANIFEST), 'utf8'));
  family = await startHttpHost({ router, door: 'family', staticDir: rendererDir, page: 'diary.html' });
  staff = await startHttpHost({ router, door: 'staff', staticDir: rendererDir, page: 'index.html' });
});
afterAll(async () => {
  await family?.close();
  await staff?.close();
});

/** Fetches and reads the whole body (an unread body keeps the connection busy). */
async function get(host: RunningHost, path: string) {
  const r = await fetch(new URL(path, host.url), { headers: { 'Accept-Encoding': 'br, gzip' } });
  await r.arrayBuffer();
  return r;
}

describe('the built renderer, as the doors serve it', () => {
  it('the family door serves the diary assets, compressed, and not the staff entry or any map', async () => {
    const diary = manifest['diary.html'];
    const index = manifest['index.html'];
    expect(diary && index).toBeTruthy();
    if (!diary || !index) return;
    const js = await get(family, diary.file);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-encoding')).toBe('br');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const css of diary.css ?? []) expect((await get(family, css)).status).toBe(200);
    expect((await get(family, index.file)).status).toBe(404);
    expect((await get(family, `${diary.file}.map`)).status).toBe(404);
    expect((await get(staff, `${index.file}.map`)).status).toBe(404);
    expect((await get(staff, index.file)).status).toBe(200);
  });

  it('bundles do not point at source maps, and big files have .br and .gz beside them', () => {
    const index = manifest['index.html'];
    if (!index) throw new Error('no staff entry in the manifest');
    const file = join(rendererDir, index.file);
    expect(readFileSync(file, 'utf8')).not.toContain('sourceMappingURL');
    expect(existsSync(`${file}.br`)).toBe(true);
    expect(existsSync(`${file}.gz`)).toBe(true);
  });
});
