import { closeSync, constants, openSync, readSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import {
  type Compilable,
  type CompiledQuery,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { ApiError, MESSAGES } from '../../shared/api/errors';
import { LeaseTimeout, WriterLease } from './lease';
import type { Schema } from './schema';
import { detectStorage, type Storage } from './storage';

/**
 * Kysely builds and compiles every query (so services stay portable to PostgreSQL); execution goes
 * straight to better-sqlite3 prepared statements, cached by SQL text. This is the only module that
 * touches the driver's API. Queries used on hot paths are compiled once (see `prepared`).
 */
export const builder = new Kysely<Schema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});
export type Builder = typeof builder;

const PARAM = '\u0000param:';

/** A query compiled once, with named parameters bound at each run. */
export interface Prepared<P, R> {
  readonly sql: string;
  readonly bind: (params: P) => unknown[];
  readonly _row?: R;
}

type Params<P> = { readonly [K in keyof P]: P[K] };

/**
 * Compile a query once: `prepared<{ id: number }>()((db, p) => db.selectFrom('x').where('id', '=', p.id))`.
 * Parameters are placeholders recognised after compilation, so the builder is never run again.
 */
export function prepared<P extends object = Record<string, never>>() {
  return <R>(build: (db: Builder, p: Params<P>) => Compilable<R>): Prepared<P, R> => {
    const placeholders = new Proxy({}, { get: (_t, name) => `${PARAM}${String(name)}` }) as Params<P>;
    const compiled = build(builder, placeholders).compile();
    const slots = compiled.parameters.map((v) =>
      typeof v === 'string' && v.startsWith(PARAM)
        ? { param: true as const, name: v.slice(PARAM.length) }
        : { param: false as const, value: v },
    );
    const bind = (params: P) =>
      slots.map((s) => toSqlite(s.param ? (params as Record<string, unknown>)[s.name] : s.value));
    return { sql: compiled.sql, bind };
  };
}

function toSqlite(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined) return null;
  return v;
}

export interface OpenOptions {
  storage?: Storage;
  readonly?: boolean;
  lease?: import('./lease').LeaseOptions;
}

export type SqliteFailure = 'busy' | 'io' | 'fatal' | 'other';

export function classifySqliteError(e: unknown): SqliteFailure {
  const code = (e as { code?: string })?.code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PROTOCOL') return 'io';
  // The file is gone, damaged or not a database: writing on would make it worse.
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return 'fatal';
  return 'other';
}

/** Said to every writer once the file answered CANTOPEN (for good), CORRUPT or NOTADB. */
export const STOPPED_MESSAGE =
  'Файл журнала повреждён или недоступен. Запись остановлена, изменения не сохранены. Сообщите администратору.';
/** Said when a share write could not be done (or proven done) within the bounded time. */
export const SHARE_UNAVAILABLE =
  'Общая папка с журналом не отвечает или занята. Изменения не сохранены, попробуйте ещё раз через минуту.';

/** How long a write on a share may keep retrying (lease wait, busy, transient I/O) before it gives up. */
const SHARE_WRITE_DEADLINE_MS = 20_000;

/**
 * The rollback journal's mode on a share. DELETE (SQLite's default) makes the share delete a file at
 * every commit, which SMB refuses now and then (SQLITE_IOERR_DELETE); TRUNCATE keeps the file and
 * empties it. JOURNAL_SHARE_MODE overrides (for measurements: docs/benchmarks.md).
 */
const SHARE_JOURNAL_MODE = ['DELETE', 'TRUNCATE', 'PERSIST'].includes(process.env.JOURNAL_SHARE_MODE ?? '')
  ? (process.env.JOURNAL_SHARE_MODE as string)
  : 'TRUNCATE';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the file change counter (header bytes 24–27), which every commit in rollback mode moves. */
function changeCounter(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    readSync(fd, buf, 0, 4, 24);
    return buf.readUInt32BE(0);
  } finally {
    closeSync(fd);
  }
}

/** A retryable failure inside a share write (not a refusal to show): retried until the deadline. */
class Transient extends Error {
  override name = 'Transient';
}

/**
 * A journal holds children's marks and the staff's password hashes: a file that does not exist yet is
 * created empty for this user alone (0600) before SQLite opens it, since SQLite would create it with
 * the umask (typically 0644). Its -wal, -shm and -journal files take the database file's mode.
 * Anything unusual (":memory:", a missing folder) is left to SQLite and its own error.
 */
function createOwnerOnly(path: string): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch {
    // It exists already (its mode is the owner's choice), or SQLite will say what is wrong.
  }
}

/**
 * One connection to the journal file. All work goes through `read` or `write`, which run one
 * transaction at a time on this connection (callers are async; SQLite's connection is not).
 */
export class Database {
  private conn: BetterSqlite3.Database;
  readonly storage: Storage;
  /** Share mode only: the cross-computer writer lease (lease.ts). */
  readonly lease: WriterLease | null;
  /** Set once the file answered CANTOPEN, CORRUPT or NOTADB: every write is refused from then on. */
  stopped: string | null = null;
  private readonly readonly: boolean;
  private commits = 0;
  /** Share mode: transactions re-run after a transient failure (the torture reports the rate). */
  retries = 0;
  /** The query builder, for queries that are not worth precompiling. */
  readonly builder = builder;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private inTransaction = false;

  constructor(
    readonly path: string,
    options: OpenOptions = {},
  ) {
    this.storage = options.storage ?? detectStorage(path);
    this.readonly = options.readonly ?? false;
    this.lease = this.storage === 'share' && !this.readonly ? new WriterLease(path, options.lease) : null;
    if (!options.readonly) createOwnerOnly(path);
    this.conn = this.connect();
  }

  /** The current connection (in share mode a new one for every write transaction). */
  get sqlite(): BetterSqlite3.Database {
    return this.conn;
  }

  private connect(): BetterSqlite3.Database {
    const db = new BetterSqlite3(this.path, { readonly: this.readonly });
    try {
      this.applyPragmas(db);
    } catch (e) {
      db.close();
      throw e;
    }
    return db;
  }

  /**
   * A fresh view of the file: a new connection has an empty page cache, so nothing is decided on pages
   * another computer has changed since (a share client's change counters cannot be trusted).
   */
  private reopen(): void {
    this.statements.clear();
    this.dataVersionStatement = undefined;
    try {
      if (this.conn.open) this.conn.close();
    } catch {
      // a connection the share broke: the new one is what matters
    }
    this.conn = this.connect();
  }

  private applyPragmas(db: BetterSqlite3.Database): void {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (db.readonly) return;
    if (this.storage === 'share') {
      // WAL needs shared memory, which network file systems do not provide.
      db.pragma(`journal_mode = ${SHARE_JOURNAL_MODE}`);
    } else {
      db.pragma('journal_mode = WAL');
    }
    // The journal is a legal document: a write is acknowledged only once it is on disk.
    db.pragma('synchronous = FULL');
  }

  private dataVersionStatement: BetterSqlite3.Statement | undefined;
  /**
   * Changes whenever another connection (another staff computer) commits to the file; our own
   * commits do not change it. Cheap enough to ask on every call.
   */
  dataVersion(): number {
    // On a share data_version misses other computers' commits. The file's own change counter does
    // not: it is read through a new file handle before each transaction (freshView, shareAttempt),
    // never inside one, because closing any handle of the file drops this process's byte-range
    // locks on it. It moves with our own commits too, which is harmless for caches.
    if (this.storage === 'share') return this.viewCounter * 1_000_000 + this.commits;
    this.dataVersionStatement ??= this.sqlite.prepare('PRAGMA data_version').pluck();
    return this.dataVersionStatement.get() as number;
  }

  close(): void {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.sqlite.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  all<P, R>(q: Prepared<P, R>, ...params: ParamsArg<P>): R[];
  all<R>(q: Compilable<R> | CompiledQuery<R>): R[];
  all<R>(q: Prepared<never, R> | Compilable<R> | CompiledQuery<R>, params?: unknown): R[] {
    const { sql, args } = resolve(q, params);
    return this.statement(sql).all(...args) as R[];
  }

  first<P, R>(q: Prepared<P, R>, ...params: ParamsArg<P>): R | undefined;
  first<R>(q: Compilable<R> | CompiledQuery<R>): R | undefined;
  first<R>(q: Prepared<never, R> | Compilable<R> | CompiledQuery<R>, params?: unknown): R | undefined {
    const { sql, args } = resolve(q, params);
    return this.statement(sql).get(...args) as R | undefined;
  }

  /** Runs an INSERT/UPDATE/DELETE; returns the rows changed and the last inserted id. */
  run<P>(q: Prepared<P, unknown>, ...params: ParamsArg<P>): RunResult;
  run(q: Compilable<unknown> | CompiledQuery<unknown>): RunResult;
  run(
    q: Prepared<never, unknown> | Compilable<unknown> | CompiledQuery<unknown>,
    params?: unknown,
  ): RunResult {
    const { sql, args } = resolve(q, params);
    const r = this.statement(sql).run(...args);
    return { changes: r.changes, lastId: Number(r.lastInsertRowid) };
  }

  /** A short read transaction (a consistent snapshot of several queries). */
  read<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.storage !== 'share') return this.exclusive(() => this.transaction('BEGIN DEFERRED', fn));
    return this.exclusive(async () => {
      try {
        this.freshView();
        return await this.transaction('BEGIN DEFERRED', fn);
      } catch (e) {
        // A share's moment of absence is a clear «try again», never INTERNAL.
        const kind = classifySqliteError(e);
        if (kind === 'busy' || kind === 'io' || (e as { code?: string }).code === 'SQLITE_CANTOPEN')
          throw new ApiError('UNAVAILABLE', SHARE_UNAVAILABLE);
        throw e;
      }
    });
  }

  /**
   * The one way to write. BEGIN IMMEDIATE takes the write lock up front (a deferred transaction that
   * upgrades gets SQLITE_BUSY without waiting); a busy or transient I/O failure to start is retried a
   * bounded number of times; nothing is reported as saved unless COMMIT returned.
   */
  write<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.lease) return this.exclusive(() => this.shareWrite(fn));
    return this.exclusive(() => this.transaction('BEGIN IMMEDIATE', fn));
  }

  /**
   * A write on a share (DESIGN.md): under the writer lease, on a fresh connection, with the COMMIT's
   * outcome proven. A transient failure (busy, I/O, the lease lost) re-runs the whole transaction
   * until the deadline, then answers UNAVAILABLE; a damaged or vanished file stops all writing.
   */
  private async shareWrite<T>(fn: () => Promise<T> | T): Promise<T> {
    const lease = this.lease as WriterLease;
    const deadline = Date.now() + SHARE_WRITE_DEADLINE_MS;
    for (let attempt = 1; ; attempt++) {
      if (this.stopped) throw new ApiError('UNAVAILABLE', STOPPED_MESSAGE);
      try {
        await lease.acquire(deadline);
      } catch (e) {
        if (e instanceof LeaseTimeout) throw new ApiError('UNAVAILABLE', SHARE_UNAVAILABLE);
        throw e;
      }
      let failure: unknown;
      try {
        return await this.shareAttempt(fn);
      } catch (e) {
        if (!(e instanceof Transient) && classifySqliteError(e) === 'other') throw e;
        failure = e;
      } finally {
        lease.release();
      }
      if (classifySqliteError(failure) === 'fatal') {
        // CANTOPEN may be a share's moment of absence: retried while there is time; CORRUPT is not.
        const code = (failure as { code?: string }).code ?? '';
        if (!code.startsWith('SQLITE_CANTOPEN') || Date.now() >= deadline) {
          this.stop(code);
          throw new ApiError('UNAVAILABLE', STOPPED_MESSAGE);
        }
      }
      if (Date.now() >= deadline) throw new ApiError('UNAVAILABLE', SHARE_UNAVAILABLE);
      this.retries++;
      await sleep(Math.min(20 * attempt, 200) * (0.5 + Math.random()));
    }
  }

  /** Stops writing for good: the administrator has to look at the file first. */
  private stop(code: string): void {
    this.stopped = code;
    console.error(`[db] ${this.path}: ${code}; writing stopped until the administrator checks the file`);
  }

  private viewCounter = -1;
  /**
   * Before a read on a share: when the file's change counter (read through a new file handle, not
   * through SQLite's cache) moved since this connection was opened, open a new one, so the screens of
   * this computer see what another computer wrote without trusting data_version.
   */
  private freshView(): void {
    let counter: number;
    try {
      counter = changeCounter(this.path);
    } catch {
      return; // the read itself will say what is wrong
    }
    if (counter !== this.viewCounter) {
      this.reopen();
      this.viewCounter = counter;
    }
  }

  private async shareAttempt<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.inTransaction) throw new Error('Nested transaction');
    this.reopen();
    // Read before BEGIN, while this connection holds no byte-range lock (closing another handle of
    // the file would drop them); under the lease no other computer commits in between.
    const before = changeCounter(this.path);
    this.viewCounter = before;
    const db = this.conn;
    db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    let result: T;
    const changesBefore = this.totalChanges();
    try {
      result = await fn();
    } catch (e) {
      this.rollbackQuietly();
      throw e;
    } finally {
      this.inTransaction = false;
    }
    const changed = this.totalChanges() !== changesBefore;
    if (!(this.lease as WriterLease).stillHeld()) {
      // Another computer took the lease over (we were slower than its stale bound): not committed.
      this.rollbackQuietly();
      throw new Transient('lease lost before commit');
    }
    try {
      db.exec('COMMIT');
    } catch (e) {
      if (!changed) {
        this.rollbackQuietly();
        return result;
      }
      if (this.committed(before)) return result;
      throw e;
    }
    this.commits++;
    return result;
  }

  private totalChanges(): number {
    return this.conn.prepare('SELECT total_changes()').pluck().get() as number;
  }

  private rollbackQuietly(): void {
    try {
      if (this.conn.inTransaction) this.conn.exec('ROLLBACK');
    } catch {
      // the connection is replaced before the next transaction anyway
    }
  }

  /**
   * Whether a COMMIT that answered an error is nevertheless in the file. Still under the lease: the
   * old connection is closed, a fresh one reads the file (rolling back a hot journal, which is what
   * decides a half-done commit), and the change counter says whether our commit moved it.
   */
  private committed(before: number): boolean {
    for (let i = 0; i < 20; i++) {
      try {
        this.statements.clear();
        this.dataVersionStatement = undefined;
        if (this.conn.open) this.conn.close();
        this.conn = this.connect();
        this.conn.prepare('SELECT count(*) FROM sqlite_master').get();
        this.conn.close();
        const after = changeCounter(this.path);
        this.conn = this.connect();
        if (after === before) return false;
        this.commits++;
        return true;
      } catch (e) {
        if (
          classifySqliteError(e) === 'fatal' &&
          !String((e as { code?: string }).code).startsWith('SQLITE_CANTOPEN')
        )
          throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
    }
    // Neither proven: say so rather than guess.
    this.stop('COMMIT_UNKNOWN');
    throw new ApiError('UNAVAILABLE', STOPPED_MESSAGE);
  }

  private async transaction<T>(begin: string, fn: () => Promise<T> | T): Promise<T> {
    if (this.inTransaction) throw new Error('Nested transaction');
    const writing = begin !== 'BEGIN DEFERRED';
    if (writing && this.stopped) throw new ApiError('UNAVAILABLE', STOPPED_MESSAGE);
    try {
      return await this.plainTransaction(begin, fn);
    } catch (e) {
      // A damaged or vanished file stops writing here too (local files, reads that met it).
      if (classifySqliteError(e) === 'fatal') {
        this.stop((e as { code?: string }).code ?? 'SQLITE_CORRUPT');
        throw new ApiError('UNAVAILABLE', STOPPED_MESSAGE);
      }
      throw e;
    }
  }

  private async plainTransaction<T>(begin: string, fn: () => Promise<T> | T): Promise<T> {
    await this.begin(begin);
    this.inTransaction = true;
    try {
      const result = await fn();
      this.sqlite.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  private async begin(begin: string): Promise<void> {
    const attempts = 5;
    for (let i = 1; ; i++) {
      try {
        this.sqlite.exec(begin);
        return;
      } catch (e) {
        const kind = classifySqliteError(e);
        if (kind === 'other') throw e;
        if (i >= attempts) throw new ApiError('UNAVAILABLE', MESSAGES.unavailable);
        await new Promise((r) => setTimeout(r, 20 * i));
      }
    }
  }

  /**
   * A synchronous write transaction for bulk work that is not a user's call (the demo generator,
   * imports): one BEGIN IMMEDIATE around many prepared inserts.
   */
  bulk<T>(fn: () => T): T {
    if (this.inTransaction) throw new Error('Nested transaction');
    if (this.stopped) throw new ApiError('UNAVAILABLE', STOPPED_MESSAGE);
    if (!this.lease) return this.bulkTransaction(fn);
    // On a share the same lease as every write, and a fresh view under it.
    this.lease.acquireSync(Date.now() + SHARE_WRITE_DEADLINE_MS);
    try {
      this.reopen();
      return this.bulkTransaction(fn);
    } finally {
      this.lease.release();
    }
  }

  private bulkTransaction<T>(fn: () => T): T {
    this.sqlite.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    try {
      const result = fn();
      this.sqlite.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  /** Runs one transaction at a time on this connection, in call order. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

type ParamsArg<P> = Record<string, never> extends P ? [params?: P] : [params: P];

export interface RunResult {
  changes: number;
  lastId: number;
}

function resolve(
  q: Prepared<never, unknown> | Compilable<unknown> | CompiledQuery<unknown>,
  params?: unknown,
) {
  if ('bind' in q) return { sql: q.sql, args: (q.bind as (p: unknown) => unknown[])(params ?? {}) };
  const compiled = 'compile' in q ? q.compile() : q;
  return { sql: compiled.sql, args: compiled.parameters.map(toSqlite) };
}
