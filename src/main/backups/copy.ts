import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupKind, CopyInfo } from '../../shared/backups/contract';
import { Database } from '../db/database';
import { EXTRA_CHECKS, type VerifyStep } from './checks';

/** The folder a target gets for the journal's copies: created owner-only, never the target itself. */
export const COPIES_FOLDER = 'journal-backups';

/** Tables whose row counts a copy must match (those that exist in the file's schema). */
const MAIN_TABLES = [
  'user_account',
  'student',
  'class',
  'class_enrollment',
  'teaching_load',
  'lesson',
  'mark',
  'absence',
  'final_mark',
  'audit_log',
];

export interface Manifest {
  name: string;
  size: number;
  sha256: string;
  counts: Record<string, number>;
  schemaVersion: number;
  takenAt: string;
  kind: BackupKind | 'before-restore';
  source: string;
}

export interface TargetResult {
  target: string;
  ok: boolean;
  /** The copy's path when ok. */
  path: string | null;
  /** Russian lines: what was verified, or what failed. */
  report: string[];
  error: string | null;
}

export interface BackupOptions {
  sourcePath: string;
  targets: readonly string[];
  kind: BackupKind;
  keep: number;
  now?: Date;
  /** 0–100 over the whole run. */
  progress?(percent: number): void;
  steps?: readonly VerifyStep[];
  /**
   * The structural check of the copy: the full `integrity_check` (the default; also compares every
   * index with its table), or `quick_check` (pages, b-trees, free list — what a bad drive breaks),
   * which bench/backup.bench.ts measures beside it.
   */
  check?: StructureCheck;
}

export type StructureCheck = 'integrity_check' | 'quick_check';

function counts(conn: BetterSqlite3.Database): Record<string, number> {
  const existing = new Set(
    conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  const out: Record<string, number> = {};
  for (const t of MAIN_TABLES) {
    if (existing.has(t)) out[t] = conn.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
  }
  return out;
}

function schemaVersion(conn: BetterSqlite3.Database): number {
  return conn.pragma('user_version', { simple: true }) as number;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk);
  return hash.digest('hex');
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function errorText(e: unknown): string {
  const code = (e as { code?: string })?.code ?? '';
  if (code === 'ENOENT') return 'папка недоступна (диск не подключён?)';
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return 'на диске нет места';
  if (code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_CANTOPEN'))
    return 'нет прав на запись в папку';
  if (code.startsWith('SQLITE_IOERR')) return 'ошибка записи на диск';
  return e instanceof Error ? e.message : String(e);
}

/**
 * Takes a copy of the journal to each target from one consistent snapshot: a read transaction on a
 * connection of its own (in WAL mode others keep writing meanwhile), SQLite's online backup in steps
 * that yield to the event loop, first to a temporary name in the first target that takes it. While
 * that copy is verified there (integrity_check on its own thread, schema version, row counts, the
 * pluggable steps), its bytes are written to the other targets and read back (SHA-256). Only a
 * verified copy is renamed into place; one failing target does not stop the others.
 */
export async function takeBackup(options: BackupOptions): Promise<TargetResult[]> {
  const now = options.now ?? new Date();
  const steps = options.steps ?? EXTRA_CHECKS;
  const results: TargetResult[] = options.targets.map((target) => ({
    target,
    ok: false,
    path: null,
    report: [],
    error: target ? null : 'папка не задана',
  }));
  const source = new BetterSqlite3(options.sourcePath, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    source.exec('BEGIN');
    // The first read starts the snapshot; the counts and every copy below come from it.
    const expected = counts(source);
    const version = schemaVersion(source);
    const name = `journal-${options.kind}-${stamp(now)}.sqlite`;
    let pending = results.filter((r) => r.target);
    while (pending.length > 0) {
      const [primary, ...others] = pending as [TargetResult, ...TargetResult[]];
      const progress = (p: number) => options.progress?.(Math.min(99, Math.round(p * 100)));
      let full: { partial: string; manifest: Manifest; sha256: Promise<string> };
      try {
        full = await fullCopy(source, primary.target, name, {
          ...options,
          now,
          expected,
          version,
          progress: (p) => progress(0.4 * p),
        });
      } catch (e) {
        primary.error = errorText(e);
        pending = others;
        continue;
      }
      const [problems, replicas] = await Promise.all([
        verifyContents(full.partial, full.manifest, steps, primary.report, options.check),
        (async () => {
          const out: { result: TargetResult; partial: string | null }[] = [];
          for (const r of others) {
            out.push({
              result: r,
              partial: await replicate(full.partial, r, full.manifest.name, full.sha256),
            });
            progress(0.4 + (0.5 * out.length) / others.length);
          }
          return out;
        })(),
      ]);
      full.manifest.sha256 = await full.sha256;
      if (problems.length > 0) {
        // A copy that fails verification never replaces anything; the others try on their own.
        primary.error = problems.join('; ');
        await discard(full.partial);
        for (const r of replicas) if (r.partial) await discard(r.partial);
        pending = others;
        continue;
      }
      for (const { result, partial } of [{ result: primary, partial: full.partial }, ...replicas]) {
        if (!partial) continue;
        try {
          result.path = await place(partial, dirname(partial), full.manifest);
          result.ok = true;
          result.report.push(`SHA-256 ${full.manifest.sha256.slice(0, 16)}…, ${full.manifest.size} байт`);
          await rotate(dirname(partial), options.kind, options.keep);
        } catch (e) {
          result.error = errorText(e);
          await discard(partial);
        }
      }
      break;
    }
    source.exec('COMMIT');
  } finally {
    source.close();
  }
  options.progress?.(100);
  return results;
}

async function discard(partial: string): Promise<void> {
  await rm(partial, { force: true }).catch(() => undefined);
  await rm(`${partial}.json`, { force: true }).catch(() => undefined);
}

/** The target's own folder for copies, owner-only; the target itself must exist. */
async function copiesFolder(target: string): Promise<string> {
  // A drive that is not plugged in must not be filled on the system disk under its mount point.
  if (!(await stat(target)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOENT' });
  const folder = join(target, COPIES_FOLDER);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  return folder;
}

async function fullCopy(
  source: BetterSqlite3.Database,
  target: string,
  name: string,
  o: BackupOptions & {
    now: Date;
    expected: Record<string, number>;
    version: number;
    progress(p: number): void;
  },
): Promise<{ partial: string; manifest: Manifest; sha256: Promise<string> }> {
  const partial = join(await copiesFolder(target), `.${name}.partial`);
  try {
    await rm(partial, { force: true });
    await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        o.progress((totalPages - remainingPages) / Math.max(1, totalPages));
        return 256;
      },
    });
    await chmod(partial, 0o600);
    // A standalone file: the copy must not need a -wal beside it.
    const conn = new BetterSqlite3(partial);
    conn.pragma('journal_mode = DELETE');
    conn.close();
    const size = (await stat(partial)).size;
    // Hashed while the copy is verified and replicated (it is the longest of the three steps after
    // the integrity check); the manifest gets the digest before anything is placed.
    const sha256 = sha256File(partial);
    sha256.catch(() => undefined);
    const manifest: Manifest = {
      name,
      size,
      sha256: '',
      counts: o.expected,
      schemaVersion: o.version,
      takenAt: o.now.toISOString(),
      kind: o.kind,
      source: basename(o.sourcePath),
    };
    return { partial, manifest, sha256 };
  } catch (e) {
    await discard(partial);
    throw e;
  }
}

/**
 * Writes the snapshot's bytes to another target and reads them back: a file byte-identical (SHA-256)
 * to one that passes every check passes them too. Returns the temporary file, or null (error noted).
 */
async function replicate(
  from: string,
  result: TargetResult,
  name: string,
  expectedSha256: Promise<string>,
): Promise<string | null> {
  let partial: string | null = null;
  try {
    partial = join(await copiesFolder(result.target), `.${name}.partial`);
    await rm(partial, { force: true });
    await copyFile(from, partial);
    await chmod(partial, 0o600);
    await fsyncFile(partial);
    if ((await sha256File(partial)) !== (await expectedSha256))
      throw new Error('записанная копия не совпадает с проверенной (SHA-256)');
    result.report.push('побайтно совпадает с проверенной копией (SHA-256)');
    return partial;
  } catch (e) {
    result.error = errorText(e);
    if (partial) await discard(partial);
    return null;
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Only a verified copy gets its real name: the manifest first, then the copy, then its manifest. */
async function place(partial: string, folder: string, manifest: Manifest): Promise<string> {
  const finalPath = join(folder, manifest.name);
  await writeFile(`${partial}.json`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await fsyncFile(`${partial}.json`);
  await rename(partial, finalPath);
  await rename(`${partial}.json`, `${finalPath}.json`);
  // Its bytes were just hashed against this manifest: the listing that rotation and the status
  // screen read need not hash the whole copy again (half a second per target on a five-year school).
  const s = await stat(finalPath);
  hashCache.set(finalPath, { key: `${s.size}:${s.mtimeMs}:${manifest.sha256}`, good: true });
  return finalPath;
}

/**
 * The checks of a copy's contents against its manifest: integrity_check, the schema version, the row
 * counts, and the pluggable steps. Returns the problems in Russian (empty = good).
 */
export async function verifyContents(
  path: string,
  manifest: Manifest,
  steps: readonly VerifyStep[],
  report: string[] = [],
  check: StructureCheck = 'integrity_check',
): Promise<string[]> {
  // The longest check (seconds on a school of five years) runs on a thread of its own, so the thread
  // that owns the journal keeps answering calls; the other checks run here meanwhile.
  const integrity = integrityCheck(path, check).then(
    (rows) => ({ rows, error: null }),
    (error: unknown) => ({ rows: [] as string[], error }),
  );
  const others = otherChecks(path, manifest, steps);
  const checked = await integrity;
  if (checked.error) return [`файл не открывается: ${errorText(checked.error)}`];
  const problems: string[] = [];
  if (checked.rows.length === 1 && checked.rows[0] === 'ok') report.push(`${check}: ok`);
  else problems.push(`${check}: ${checked.rows.slice(0, 3).join('; ')}`);
  report.push(...others.report);
  return [...problems, ...others.problems];
}

/** The schema version, the row counts and the pluggable steps, on a read-only connection. */
function otherChecks(
  path: string,
  manifest: Manifest,
  steps: readonly VerifyStep[],
): { problems: string[]; report: string[] } {
  const problems: string[] = [];
  const report: string[] = [];
  let db: Database;
  try {
    db = new Database(path, { readonly: true, storage: 'local' });
  } catch (e) {
    return { problems: [`файл не открывается: ${errorText(e)}`], report };
  }
  try {
    const conn = db.sqlite;
    const version = schemaVersion(conn);
    const migrated = conn.prepare('SELECT max(version) FROM schema_migration').pluck().get() as number | null;
    if (version !== manifest.schemaVersion || (migrated ?? 0) !== version)
      problems.push(`версия схемы ${version} (ожидалась ${manifest.schemaVersion})`);
    else report.push(`версия схемы: ${version}`);
    const actual = counts(conn);
    const differ = Object.keys(manifest.counts).filter((t) => actual[t] !== manifest.counts[t]);
    if (differ.length > 0)
      problems.push(
        `число строк не совпадает: ${differ.map((t) => `${t} ${actual[t]} ≠ ${manifest.counts[t]}`).join(', ')}`,
      );
    else
      report.push(
        `строк совпадает: ${Object.entries(actual)
          .map(([t, c]) => `${t} ${c}`)
          .join(', ')}`,
      );
    for (const step of steps) {
      const problem = step.check(db);
      if (problem) problems.push(`${step.name}: ${problem}`);
      else report.push(`${step.name}: ok`);
    }
  } catch (e) {
    problems.push(`проверка не удалась: ${errorText(e)}`);
  } finally {
    db.close();
  }
  return { problems, report };
}

/**
 * PRAGMA integrity_check on a thread of its own. The thread's code is plain JavaScript given inline
 * (no file to bundle), loading better-sqlite3 from where this module resolves it.
 */
const INTEGRITY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
try {
  const db = new Sqlite(workerData.path, { readonly: true, fileMustExist: true });
  try {
    // Read through a memory map: the check visits every page, and copying each one into the page
    // cache first was a third of its time on a five-year school.
    db.pragma('mmap_size = ' + workerData.mmapBytes);
    parentPort.postMessage({ rows: db.pragma(workerData.check).map((r) => r[workerData.check]) });
  } finally {
    db.close();
  }
} catch (e) {
  parentPort.postMessage({ error: { message: String(e && e.message), code: e && e.code } });
}`;

/** The memory map's limit for checking a copy: a school's journal is well under it. */
const MMAP_BYTES = 4 * 1024 ** 3;

export function integrityCheck(path: string, check: StructureCheck = 'integrity_check'): Promise<string[]> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(INTEGRITY_WORKER, {
      eval: true,
      workerData: { path, driver, mmapBytes: MMAP_BYTES, check },
    });
    worker.once('message', (m: { rows?: string[]; error?: { message: string; code?: string } }) => {
      if (m.rows) resolvePromise(m.rows);
      else reject(Object.assign(new Error(m.error?.message), { code: m.error?.code }));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export interface Verification {
  ok: boolean;
  report: string[];
  problems: string[];
  manifest: Manifest | null;
}

async function readManifest(copy: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(`${copy}.json`, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** A full verification of a copy already in place: re-hash against the manifest, then the contents. */
export async function verifyCopy(
  copy: string,
  steps: readonly VerifyStep[] = EXTRA_CHECKS,
): Promise<Verification> {
  const report: string[] = [];
  const manifest = await readManifest(copy);
  if (!manifest)
    return { ok: false, report, problems: ['нет описания копии (манифеста) рядом с файлом'], manifest };
  let size: number;
  try {
    size = (await stat(copy)).size;
  } catch (e) {
    return { ok: false, report, problems: [errorText(e)], manifest };
  }
  const problems: string[] = [];
  if (size !== manifest.size) problems.push(`размер ${size} байт, в манифесте ${manifest.size}`);
  const sha = await sha256File(copy);
  if (sha !== manifest.sha256) problems.push('SHA-256 не совпадает с манифестом: файл изменён или повреждён');
  else report.push('SHA-256 совпадает с манифестом');
  // A file whose hash differs is not opened: SQLite must not be pointed at arbitrary bytes to decide.
  if (problems.length === 0) problems.push(...(await verifyContents(copy, manifest, steps, report)));
  return { ok: problems.length === 0, report, problems, manifest };
}

/** Remembered hashes, so the status screen re-hashes a copy only when its size or time changed. */
const hashCache = new Map<string, { key: string; good: boolean }>();

/** The copies in a target (newest first), each with whether its file still matches its manifest. */
export async function listCopies(target: string): Promise<CopyInfo[]> {
  const folder = join(target, COPIES_FOLDER);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => /^journal-(weekly|monthly)-\d{8}-\d{6}\.sqlite$/.test(n));
  } catch {
    return [];
  }
  return listFiles(folder, names);
}

export async function listFiles(folder: string, names: string[]): Promise<CopyInfo[]> {
  const out: CopyInfo[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const manifest = await readManifest(path);
    if (!manifest) continue;
    let good = false;
    try {
      const s = await stat(path);
      const key = `${s.size}:${s.mtimeMs}:${manifest.sha256}`;
      const cached = hashCache.get(path);
      if (cached?.key === key) good = cached.good;
      else {
        good = s.size === manifest.size && (await sha256File(path)) === manifest.sha256;
        hashCache.set(path, { key, good });
      }
    } catch {
      good = false;
    }
    out.push({
      path,
      name,
      kind: manifest.kind === 'monthly' ? 'monthly' : 'weekly',
      takenAt: manifest.takenAt,
      size: manifest.size,
      good,
    });
  }
  return out.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** Keeps the newest `keep` good copies of a kind; damaged ones are removed only beyond them too. */
export async function rotate(folder: string, kind: BackupKind, keep: number): Promise<void> {
  const copies = (await listCopies(dirname(folder))).filter((c) => c.kind === kind);
  const good = copies.filter((c) => c.good);
  for (const c of good.slice(keep)) {
    await rm(c.path, { force: true });
    await rm(`${c.path}.json`, { force: true });
  }
}

/**
 * Restores the newest good copy of a target into a temporary folder, verifies it there and removes it:
 * proves the copies can be restored without touching the live journal.
 */
export async function restoreDrill(
  from: string,
  tempDir: string,
  steps: readonly VerifyStep[] = EXTRA_CHECKS,
): Promise<{ ok: boolean; report: string[]; copy: string | null }> {
  const report: string[] = [];
  const candidates = (await listCopies(from)).filter((c) => c.good);
  for (const c of candidates) {
    const check = await verifyCopy(c.path, steps);
    if (!check.ok) {
      report.push(`${c.name}: ${check.problems.join('; ')}`);
      continue;
    }
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    const restored = join(tempDir, `drill-${process.pid}-${Date.now()}.sqlite`);
    try {
      await copyDatabase(c.path, restored);
      const problems = await verifyContents(restored, check.manifest as Manifest, steps, report);
      if (problems.length > 0) {
        report.push(`${c.name}: после восстановления: ${problems.join('; ')}`);
        return { ok: false, report, copy: c.path };
      }
      report.push(`Копия ${c.name} восстановлена во временную папку и проверена`);
      return { ok: true, report, copy: c.path };
    } finally {
      await rm(restored, { force: true });
    }
  }
  report.push('Нет исправной копии для восстановления');
  return { ok: false, report, copy: null };
}

/** Copies a database file through SQLite's backup (the way a restore writes), owner-only. */
export async function copyDatabase(from: string, to: string): Promise<void> {
  const src = new BetterSqlite3(from, { readonly: true, fileMustExist: true });
  try {
    await src.backup(to, { progress: () => 1024 });
  } finally {
    src.close();
  }
  await chmod(to, 0o600);
}

/** The files a restore keeps beside the live journal, so that the restore can be undone. */
export function keptName(livePath: string, now: Date): string {
  return `${livePath}.before-restore-${stamp(now)}.sqlite`;
}

export async function listKept(livePath: string): Promise<CopyInfo[]> {
  const folder = dirname(livePath);
  const prefix = `${basename(livePath)}.before-restore-`;
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.startsWith(prefix) && n.endsWith('.sqlite'));
  } catch {
    return [];
  }
  return listFiles(folder, names);
}

/**
 * Restores a verified copy over the live journal. The caller holds the journal's connection (no call
 * writes meanwhile). The live contents are first kept beside the file (online backup + manifest, so
 * restoring the kept file undoes this), then the copy is written into the live file through SQLite's
 * backup, under SQLite's own locks, so the open connection sees the new contents on its next read.
 */
export async function restoreInto(
  livePath: string,
  copy: string,
  now: Date = new Date(),
  steps: readonly VerifyStep[] = EXTRA_CHECKS,
): Promise<{ ok: boolean; report: string[]; kept: string | null }> {
  const check = await verifyCopy(copy, steps);
  if (!check.ok) return { ok: false, report: [...check.report, ...check.problems], kept: null };
  const report = [...check.report];
  const kept = keptName(livePath, now);
  const live = new BetterSqlite3(livePath, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    await live.backup(kept, { progress: () => 1024 });
    await chmod(kept, 0o600);
    const keptConn = new BetterSqlite3(kept);
    keptConn.pragma('journal_mode = DELETE');
    const manifest: Manifest = {
      name: basename(kept),
      size: 0,
      sha256: '',
      counts: counts(keptConn),
      schemaVersion: schemaVersion(keptConn),
      takenAt: now.toISOString(),
      kind: 'before-restore',
      source: basename(livePath),
    };
    keptConn.close();
    manifest.size = (await stat(kept)).size;
    manifest.sha256 = await sha256File(kept);
    await writeFile(`${kept}.json`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    report.push(`Прежний журнал сохранён рядом: ${basename(kept)}`);
  } finally {
    live.close();
  }
  const src = new BetterSqlite3(copy, { readonly: true, fileMustExist: true });
  try {
    // Into the live file, so the connection that stays open sees the restored pages.
    await src.backup(livePath, { progress: () => 0x7fffffff });
  } finally {
    src.close();
  }
  const problems = await verifyContents(livePath, check.manifest as Manifest, steps, report);
  if (problems.length > 0) return { ok: false, report: [...report, ...problems], kept };
  report.push(`Журнал восстановлен из копии ${basename(copy)}`);
  return { ok: true, report, kept };
}
