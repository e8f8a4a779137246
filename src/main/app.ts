import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { localIsoDate } from '../shared/i18n/dates';
import type { Database } from './db/database';
import { openJournal } from './db/migrate';
import { generateDemoSchool } from './demo/generate';
import { createRouter, type Router } from './router';

/**
 * Opens the journal file (creating the embedded demo school when the file does not exist yet and
 * the demo is wanted) and builds the router over it. Both transports start from here.
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
}

export function openApp(options: AppOptions): App {
  const isNew = !existsSync(options.dbPath);
  if (isNew && !options.createDemo) throw new Error(`Файл журнала не найден: ${options.dbPath}`);
  mkdirSync(dirname(options.dbPath), { recursive: true });
  const { db } = openJournal(options.dbPath);
  if (isNew) {
    generateDemoSchool(db, {
      students: 550,
      seed: 2026,
      today: localIsoDate(new Date()),
      lessonsUntil: 'period',
    });
  }
  return {
    db,
    router: createRouter(db, { checkOutputs: options.checkOutputs ?? false }),
    createdDemo: isNew,
  };
}
