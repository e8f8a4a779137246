import { createReadStream, readFileSync, type Stats, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The built pages and assets, served per door: each door hands out its own page and exactly the files
 * that page loads (read from Vite's build manifest), so the family door never serves the staff
 * application's code, and no door serves source maps. Files are sent precompressed (.br/.gz written
 * beside them at build) when the browser accepts it; hashed assets are cached for a year.
 */

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

/** The part of a Vite manifest chunk that says what else a page loads. */
interface ManifestChunk {
  file: string;
  css?: string[];
  assets?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

export const MANIFEST = join('.vite', 'manifest.json');

/**
 * The files (relative to the build folder, "/" separated) that `page` needs: the page, its entry
 * chunk and, transitively, the chunks it imports (also lazily), their CSS and assets. Never a map.
 */
export function pageFiles(manifest: Record<string, ManifestChunk>, page: string): Set<string> {
  const files = new Set<string>([page]);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    for (const f of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const k of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(k);
  };
  visit(page);
  for (const f of files) if (f.endsWith('.map')) files.delete(f);
  return files;
}

/** One door's files, re-read when the build changes under a running server. */
export class DoorFiles {
  private cache: { stamp: number; files: Set<string> } | null = null;
  private warned = false;

  constructor(
    readonly root: string,
    readonly page: string,
  ) {}

  files(): Set<string> {
    const path = join(this.root, MANIFEST);
    const stamp = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    if (this.cache?.stamp === stamp) return this.cache.files;
    let files: Set<string>;
    try {
      files = pageFiles(JSON.parse(readFileSync(path, 'utf8')) as Record<string, ManifestChunk>, this.page);
    } catch {
      // Without the manifest we cannot tell the staff assets from the diary's: serve only the page
      // (it will not work), rather than every file in the folder.
      if (!this.warned) console.error(`[http] нет манифеста сборки ${path}: ресурсы страниц не отдаются`);
      this.warned = true;
      files = new Set([this.page]);
    }
    this.cache = { stamp, files };
    return files;
  }
}

/** The encodings the client accepts, by Accept-Encoding (a q=0 refuses one). */
function accepts(req: IncomingMessage, encoding: string): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === encoding) return ok;
    if (name === '*') star = ok;
  }
  return star;
}

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

function fileStat(path: string): Stats | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s?.isFile() ? s : undefined;
}

/**
 * Answers a GET/HEAD for `pathname` (already decoded). Paths without an extension are the door's
 * page (the application routes itself); anything not in the door's set is a 404.
 */
export function serveStatic(
  door: DoorFiles,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const rel = pathname === '/' || !extname(pathname) ? door.page : pathname.slice(1);
  const root = normalize(door.root);
  const file = normalize(join(root, rel));
  const stat = door.files().has(rel) && file.startsWith(root + sep) ? fileStat(file) : undefined;
  if (!stat) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('Не найдено');
    return;
  }
  let sent = { path: file, stat, encoding: null as string | null };
  for (const e of ENCODINGS) {
    if (!accepts(req, e.name)) continue;
    const s = fileStat(file + e.suffix);
    if (s) {
      sent = { path: file + e.suffix, stat: s, encoding: e.name };
      break;
    }
  }
  // Hashed names change with their content, so they never need asking again; the page names them,
  // so it is always revalidated (cheaply, by its ETag).
  const immutable = rel.startsWith('assets/');
  const etag = `W/"${sent.stat.size.toString(16)}-${Math.trunc(sent.stat.mtimeMs).toString(16)}${sent.encoding ? `-${sent.encoding}` : ''}"`;
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    Vary: 'Accept-Encoding',
    ETag: etag,
  };
  if (sent.encoding) headers['Content-Encoding'] = sent.encoding;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  headers['Content-Length'] = sent.stat.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(sent.path).pipe(res);
}
