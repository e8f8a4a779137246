import { type Database, prepared } from '../db/database';

/**
 * data_change: what each write changed, as topics (src/shared/sync/topics.ts), written by the router
 * in the write's own transaction. Its largest id is the journal's change version (sync.changes):
 * it moves only when journal data changes, never on reads or session bookkeeping, and it is read
 * from the file itself, so it also tells one computer what another changed.
 */

/** Rows kept: the newest ones, enough for every open screen that polls to find what it missed. */
export const CHANGES_KEPT = 10_000;

const insertChange = prepared<{ topic: string; at: string }>()((db, p) =>
  db.insertInto('data_change').values({ topic: p.topic, at: p.at }),
);

// Ids are contiguous (INTEGER PRIMARY KEY takes max + 1 and only the oldest rows are deleted), so
// "every id up to the newest minus CHANGES_KEPT" is an index range of the few rows to drop.
const pruneChanges = prepared<{ upTo: number }>()((db, p) =>
  db.deleteFrom('data_change').where('id', '<=', p.upTo),
);

/** Records the topics of one write; call inside its transaction, after the service ran. */
export function recordChanges(db: Database, at: Date, topics: ReadonlySet<string>): void {
  if (topics.size === 0) return;
  const stamp = at.toISOString();
  let last = 0;
  for (const topic of topics) last = db.run(insertChange, { topic, at: stamp }).lastId;
  if (last > CHANGES_KEPT) db.run(pruneChanges, { upTo: last - CHANGES_KEPT });
}
