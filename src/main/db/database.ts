import { closeSync, constants, openSync } from 'node:fs';
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
}

export type SqliteFailure = 'busy' | 'io' | 'other';

export function classifySqliteError(e: unknown): SqliteFailure {
  const code = (e as { code?: string })?.code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PROTOCOL') return 'io';
  return 'other';
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
  readonly sqlite: BetterSqlite3.Database;
  readonly storage: Storage;
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
    if (!options.readonly) createOwnerOnly(path);
    this.sqlite = new BetterSqlite3(path, { readonly: options.readonly ?? false });
    this.applyPragmas();
  }

  private applyPragmas(): void {
    const db = this.sqlite;
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (this.sqlite.readonly) return;
    if (this.storage === 'share') {
      // WAL needs shared memory, which network file systems do not provide.
      db.pragma('journal_mode = DELETE');
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
    return this.exclusive(() => this.transaction('BEGIN DEFERRED', fn));
  }

  /**
   * The one way to write. BEGIN IMMEDIATE takes the write lock up front (a deferred transaction that
   * upgrades gets SQLITE_BUSY without waiting); a busy or transient I/O failure to start is retried a
   * bounded number of times; nothing is reported as saved unless COMMIT returned.
   */
  write<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.exclusive(() => this.transaction('BEGIN IMMEDIATE', fn));
  }

  private async transaction<T>(begin: string, fn: () => Promise<T> | T): Promise<T> {
    if (this.inTransaction) throw new Error('Nested transaction');
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
