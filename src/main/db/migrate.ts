import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrationsDir } from '../paths';
import { Database, type OpenOptions } from './database';
import { WriterLease } from './lease';
import { detectStorage } from './storage';

/** Marks a SQLite file as a school journal ("SJRN"), so we never migrate somebody else's database. */
export const APPLICATION_ID = 0x534a524e;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Refusals to open a file; the message is for the user, and the file is left as it was. */
export class DatabaseRefused extends Error {
  override name = 'DatabaseRefused';
}

export function loadMigrations(dir = migrationsDir): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new Error(`Migration numbering has a gap or a duplicate at ${file}`);
    const sql = readFileSync(join(dir, file), 'utf8');
    return { version, name: file, sql, checksum: sha256(sql) };
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text.replaceAll('\r\n', '\n')).digest('hex');
}

interface FileState {
  exists: boolean;
  applicationId: number;
  userVersion: number;
  tables: number;
  applied: { version: number; name: string; checksum: string }[];
}

function inspect(path: string): FileState {
  if (!existsSync(path) || statSync(path).size === 0) {
    return { exists: false, applicationId: 0, userVersion: 0, tables: 0, applied: [] };
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    const tables = (
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
    ).n;
    const hasLedger = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'")
      .get();
    const applied = hasLedger
      ? (db
          .prepare('SELECT version, name, checksum FROM schema_migration ORDER BY version')
          .all() as FileState['applied'])
      : [];
    return { exists: true, applicationId, userVersion, tables, applied };
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new DatabaseRefused(
        `Файл «${basename(path)}» не является базой данных SQLite. Он не был изменён.`,
      );
    }
    throw e;
  } finally {
    db?.close();
  }
}

/** Checks what is in the file against what this program knows, before anything is written to it. */
function refusal(state: FileState, migrations: Migration[], path: string): string | null {
  const file = basename(path);
  if (!state.exists) return null;
  if (state.applicationId !== APPLICATION_ID && !(state.applicationId === 0 && state.tables === 0)) {
    return `Файл «${file}» не является базой школьного журнала. Он не был изменён.`;
  }
  const latest = migrations.length;
  if (state.userVersion > latest) {
    return `База «${file}» создана более новой версией программы (схема ${state.userVersion}, эта программа знает схемы до ${latest}). Обновите программу на этом компьютере. База не была изменена.`;
  }
  for (const row of state.applied) {
    const known = migrations[row.version - 1];
    if (!known || known.checksum !== row.checksum) {
      return `Миграция ${row.name} в базе «${file}» отличается от файла миграции программы. Такая база не будет открыта и не была изменена; обратитесь к разработчикам.`;
    }
  }
  return null;
}

export interface OpenResult {
  db: Database;
  applied: number[];
  backupPath: string | null;
}

/**
 * Opens the journal file and brings its schema up to date: checks it is ours and not from the future,
 * backs it up, then applies pending migrations under an exclusive lock, each once, recorded with a
 * checksum. Another computer may be doing the same at the same moment: the version is re-read inside
 * the lock, so each migration runs exactly once.
 */
export function openJournal(
  path: string,
  options: OpenOptions & { migrations?: Migration[] } = {},
): OpenResult {
  const migrations = options.migrations ?? loadMigrations();
  const storage = options.storage ?? detectStorage(path);
  if (storage !== 'share' || options.readonly)
    return openUnderLease(path, { ...options, storage }, migrations);
  // On a share one computer checks, recovers and migrates at a time; the others wait and then find
  // the schema current (the version is re-read inside the lease).
  const lease = new WriterLease(path, options.lease);
  try {
    lease.acquireSync(Date.now() + 60_000);
  } catch {
    throw new DatabaseRefused(
      `Файл «${basename(path)}» занят другим компьютером дольше минуты. Попробуйте запустить программу позже.`,
    );
  }
  try {
    return openUnderLease(path, { ...options, storage }, migrations, () => lease.beat());
  } finally {
    lease.release();
  }
}

/**
 * A rollback journal left by a crash (`-journal` beside the file) must be played back before anything
 * reads the file read-only (a read-only connection answers SQLITE_READONLY_ROLLBACK): a read-write
 * connection does it on its first read. On a share this runs under the lease.
 */
function recoverHotJournal(path: string): void {
  const journal = `${path}-journal`;
  if (!existsSync(journal) || statSync(journal).size === 0) return;
  const db = new BetterSqlite3(path, { fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } finally {
    db.close();
  }
}

function openUnderLease(
  path: string,
  options: OpenOptions,
  migrations: Migration[],
  beat: () => void = () => {},
): OpenResult {
  if (!options.readonly && existsSync(path)) recoverHotJournal(path);
  const before = inspect(path);
  const refused = refusal(before, migrations, path);
  if (refused) throw new DatabaseRefused(refused);

  let backupPath: string | null = null;
  if (before.exists && before.userVersion > 0 && before.userVersion < migrations.length) {
    backupPath = backupBeforeMigration(path, before.userVersion);
  }

  const db = new Database(path, options);
  try {
    const applied = applyPending(db, migrations, path, beat);
    return { db, applied, backupPath };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * A copy of the journal before its schema changes. It holds the same children's data as the journal,
 * so it is the owner's alone: the folder 0700, the file created empty with 0600 before VACUUM INTO
 * fills it (SQLite would create it with the process umask, typically 0644).
 */
function backupBeforeMigration(path: string, version: number): string {
  const dir = join(dirname(path), 'backups');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  ownerOnly(dir, 0o700);
  const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
  const target = join(dir, `${basename(path, '.sqlite')}.schema-${version}.${stamp}.sqlite`);
  // O_EXCL: VACUUM INTO accepts an empty file, and we never overwrite an existing backup.
  closeSync(openSync(target, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  const src = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    src.prepare('VACUUM INTO ?').run(target);
  } catch (e) {
    unlinkSync(target);
    throw e;
  } finally {
    src.close();
  }
  return target;
}

/**
 * Narrows a folder made before this rule (mkdir's mode applies only to a new one). A share may not
 * let us change modes: its own permissions apply there, and that is no reason to stop.
 */
function ownerOnly(path: string, mode: number): void {
  if (process.platform === 'win32') return;
  try {
    chmodSync(path, mode);
  } catch {
    // see above
  }
}

function applyPending(db: Database, migrations: Migration[], path: string, beat: () => void): number[] {
  const sqlite = db.sqlite;
  const applied: number[] = [];
  sqlite.exec('BEGIN EXCLUSIVE');
  try {
    const appId = sqlite.pragma('application_id', { simple: true }) as number;
    const tables = (
      sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
    ).n;
    if (appId !== APPLICATION_ID) {
      if (appId !== 0 || tables > 0)
        throw new DatabaseRefused(
          `Файл «${basename(path)}» не является базой школьного журнала. Он не был изменён.`,
        );
      sqlite.pragma(`application_id = ${APPLICATION_ID}`);
      sqlite.exec(`CREATE TABLE schema_migration (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        checksum   TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )`);
    }
    // Re-read inside the lock: another computer may have migrated since we looked.
    const current = sqlite.pragma('user_version', { simple: true }) as number;
    if (current > migrations.length) {
      throw new DatabaseRefused(
        `База «${basename(path)}» создана более новой версией программы. Обновите программу.`,
      );
    }
    const insert = sqlite.prepare(
      'INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
    );
    for (const m of migrations.slice(current)) {
      sqlite.exec(m.sql);
      insert.run(m.version, m.name, m.checksum, new Date().toISOString());
      sqlite.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
      beat();
    }
    sqlite.exec('COMMIT');
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw e;
  }
  return applied;
}
