import { existsSync, rmSync, statSync } from 'node:fs';
import { api } from '../shared/api/contract';
import { ApiError, type ApiResult } from '../shared/api/errors';
import type { ChainCheck } from '../shared/audit/contract';
import { localIsoDate } from '../shared/i18n/dates';
import { startupAuditCheck } from './audit/audit';
import type { Database } from './db/database';
import {
  checkJournalPath,
  createJournalFile,
  JournalPathRefused,
  prepareJournalFile,
} from './db/journal-file';
import { DatabaseRefused, openJournal } from './db/migrate';
import { features } from './features';
import { type CallMeta, type CallRouter, toJsonAnswer } from './router/answer';
import { createRouter, type Router, validationError } from './router/router';

/**
 * Opens the journal file and builds the router over it; both transports start from here. Only the
 * default local demo file (`createDemo`) may be created and filled with the embedded demo school. A
 * named file that does not exist yet is created only from the first-run screen (`startApp`).
 */
export interface AppOptions {
  dbPath: string;
  createDemo: boolean;
  checkOutputs?: boolean;
  /**
   * Tests only: a fixed moment every call is made at (an ISO time), so an end-to-end spec that
   * enters marks "today" holds on any day it runs. Never set by a school's start.
   */
  testNow?: string;
}

export interface App {
  db: Database;
  router: Router;
  createdDemo: boolean;
  /** The start-up check of the audit chain, running in the background (null if the file closed first). */
  auditCheck: Promise<ChainCheck | null>;
}

export async function openApp(options: AppOptions): Promise<App> {
  const file = prepareJournalFile(options.dbPath, options.createDemo);
  if (file.created) {
    // The generator (and faker) load only here, so a real school's start never carries them.
    const { writeDemoFile } = await import('./demo/generate');
    await writeDemoFile(file.path, { students: 550, seed: 2026, today: localIsoDate(new Date()) });
  }
  const { db } = openJournal(file.path);
  const testNow = options.testNow ? new Date(options.testNow) : null;
  const router = createRouter(db, features, {
    checkOutputs: options.checkOutputs ?? false,
    ...(testNow ? { clock: () => new Date(testNow) } : {}),
  });
  // Direct edits of the file (anyone who can write it can) show as a broken chain: checked at every
  // start, in short steps between the first calls, and shown on the administrator's screen.
  const auditCheck = startupAuditCheck(db);
  return { db, router, createdDemo: file.created, auditCheck };
}

/** A started application: the router's door, whether or not the journal file exists yet. */
export interface Startup extends CallRouter {
  createdDemo: boolean;
  /** The full path of the journal still to be created on the first-run screen; null once it is open. */
  readonly pendingPath: string | null;
  /** Resolves once the journal is open: at once for an existing file, after setup.create otherwise. */
  opened: Promise<App>;
  close(): void;
}

const NOT_CREATED =
  'Журнал ещё не создан: откройте программу для сотрудников и заполните экран первого запуска.';

/**
 * Starts on any path: an existing journal (or the default demo file) opens as `openApp` does; a named
 * file that does not exist yet starts *pending* — no database, nothing created — answering only
 * setup.status and setup.create until the person has confirmed the path and filled the form. Then the
 * file is created (O_EXCL: a file that appeared meanwhile is refused, never overwritten), migrated
 * (under the writer lease on a share, as every opening), and the journal's own router runs
 * setup.create in its write transaction with its audit rows; from then on every call goes to it.
 */
export async function startApp(options: AppOptions): Promise<Startup> {
  const file = checkJournalPath(options.dbPath);
  if (file.exists || options.createDemo) {
    const app = await openApp(options);
    return {
      createdDemo: app.createdDemo,
      pendingPath: null,
      opened: Promise.resolve(app),
      call: app.router.call,
      callJson: app.router.callJson,
      close: () => app.db.close(),
    };
  }
  return pendingStart(file.path, options);
}

function pendingStart(path: string, options: AppOptions): Startup {
  let app: App | null = null;
  let closed = false;
  let opened!: (app: App) => void;
  const openedPromise = new Promise<App>((resolve) => {
    opened = resolve;
  });
  /** One creation at a time: a second tab's submission waits, then meets the open journal. */
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(f: () => Promise<T>): Promise<T> => {
    const run = queue.then(f, f);
    queue = run.catch(() => {});
    return run;
  };
  const become = (a: App) => {
    app = a;
    opened(a);
  };

  /** Opens a journal somebody else created at the path meanwhile; a refusal is answered as it is. */
  const adopt = async (): Promise<ApiResult<unknown> | null> => {
    try {
      become(await openApp({ ...options, dbPath: path, createDemo: false }));
      return null;
    } catch (e) {
      return refusal(e);
    }
  };

  async function create(rawInput: unknown, meta: CallMeta): Promise<ApiResult<unknown>> {
    if (app) return app.router.call('setup.create', rawInput, meta);
    // The same schema the router applies, before anything touches the disk: bad input creates nothing.
    const parsed = api['setup.create'].input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toBody() };
    try {
      createJournalFile(path);
    } catch (e) {
      if (e instanceof JournalPathRefused && e.appeared) {
        const refused = await adopt();
        return refused ?? { ok: false, error: { code: 'CONFLICT', message: e.message } };
      }
      return refusal(e, 'path');
    }
    let made: App;
    try {
      made = await openApp({ ...options, dbPath: path, createDemo: false });
    } catch (e) {
      removeCreated(path);
      return refusal(e, 'path');
    }
    const result = await made.router.call('setup.create', parsed.data, meta);
    if (!result.ok) {
      // Nothing half-made stays behind: the file was ours, and nobody could log into it.
      made.db.close();
      removeCreated(path);
      return result;
    }
    become(made);
    return result;
  }

  async function call(method: string, rawInput: unknown, meta: CallMeta): Promise<ApiResult<unknown>> {
    if (app) return app.router.call(method, rawInput, meta);
    if (closed) return { ok: false, error: { code: 'UNAVAILABLE', message: NOT_CREATED } };
    if (meta.door === 'staff' && method === 'setup.status') {
      // Created meanwhile by another computer or program: open it and answer from it.
      if (existsSync(path)) {
        const refused = await serialized(async () => (app ? null : adopt()));
        if (refused) return refused;
        return call(method, rawInput, meta);
      }
      return { ok: true, value: { state: 'missing', path } };
    }
    if (meta.door === 'staff' && method === 'setup.create') return serialized(() => create(rawInput, meta));
    return { ok: false, error: { code: 'NOT_FOUND', message: NOT_CREATED } };
  }

  return {
    createdDemo: false,
    get pendingPath() {
      return app ? null : path;
    },
    opened: openedPromise,
    call,
    callJson: async (method, input, meta) => toJsonAnswer(await call(method, input, meta)),
    close() {
      closed = true;
      app?.db.close();
    },
  };
}

function refusal(e: unknown, field?: string): ApiResult<unknown> {
  if (e instanceof ApiError) return { ok: false, error: e.toBody() };
  if (e instanceof JournalPathRefused || e instanceof DatabaseRefused)
    return { ok: false, error: { code: 'CONFLICT', message: e.message, ...(field ? { field } : {}) } };
  console.error('[setup] creating the journal failed', e);
  return {
    ok: false,
    error: { code: 'INTERNAL', message: 'Не удалось создать журнал. Ничего не сохранено.' },
  };
}

/** Removes a journal file this start created a moment ago and could not fill (and SQLite's companions). */
function removeCreated(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (statSync(p, { throwIfNoEntry: false })?.isFile()) rmSync(p, { force: true });
  }
}
