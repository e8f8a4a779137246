import type { ChainCheck } from '../shared/audit/contract';
import { localIsoDate } from '../shared/i18n/dates';
import { startupAuditCheck } from './audit/audit';
import type { Database } from './db/database';
import { prepareJournalFile } from './db/journal-file';
import { openJournal } from './db/migrate';
import { features } from './features';
import { createRouter, type Router } from './router/router';

/**
 * Opens the journal file and builds the router over it; both transports start from here. Only the
 * default local demo file (`createDemo`) may be created, and then it is filled with the embedded
 * demo school: a path the user named must already exist.
 */
export interface AppOptions {
  dbPath: string;
  createDemo: boolean;
  checkOutputs?: boolean;
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
  const { db } = openJournal(file.path);
  if (file.created) {
    // The generator (and faker) load only here, so a real school's start never carries them.
    const { generateDemoSchool } = await import('./demo/generate');
    generateDemoSchool(db, {
      students: 550,
      seed: 2026,
      today: localIsoDate(new Date()),
      lessonsUntil: 'period',
    });
  }
  const router = createRouter(db, features, { checkOutputs: options.checkOutputs ?? false });
  // Direct edits of the file (anyone who can write it can) show as a broken chain: checked at every
  // start, in short steps between the first calls, and shown on the administrator's screen.
  const auditCheck = startupAuditCheck(db);
  return { db, router, createdDemo: file.created, auditCheck };
}
