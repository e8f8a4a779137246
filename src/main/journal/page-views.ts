import { localIsoDate } from '../../shared/i18n/dates';
import { type Database, prepared } from '../db/database';

/**
 * Page views (просмотры страниц, 004 §4.2 «кто открывал», 000 §5.2 «страницы не открывались»): the
 * first time each day a user opens a journal page, one page_view row (migration 0018).
 *
 * Not an audit row: audit_log is the hash-chained record of changes to the journal (who changed what
 * from what to what), which must stay complete and verifiable; a view changes nothing, happens many
 * times more often than a change, and needs no before/after. Putting views in the chain would make
 * every page read a write under the chain's lock and bury the changes among reads. The reports ask
 * only «who opened which page on which days», which one row per user, page and day answers.
 *
 * journal.page stays a read (read transaction, no write lock while the page is built). The row is
 * written after the read, in a write of its own that Database queues behind the read's transaction
 * (one transaction at a time, in call order) — the same in host, share (under the writer lease) and
 * browser mode, since all of them go through Database.write. A process remembers what it recorded
 * today, so a page opened again costs nothing; INSERT OR IGNORE covers another process (another
 * computer on the share) having recorded it first. Recording is best effort: a failure is logged and
 * never fails the page the user asked for (the page was read already).
 */

/** One view; a second one of the same page, user and day is ignored. */
export const insertPageView = prepared<{ loadId: number; userId: number; day: string; at: string }>()(
  (db, p) =>
    db
      .insertInto('page_view')
      .values({ load_id: p.loadId, user_id: p.userId, day: p.day, first_at: p.at })
      .onConflict((oc) => oc.doNothing()),
);

/** Per connection: the day and the "user:load" pairs recorded on it by this process. */
const recorded = new WeakMap<Database, { day: string; keys: Set<string> }>();

/**
 * Notes that `userId` opened page `loadId` at `now`; returns the pending write (tests await it), or
 * null when this process recorded that view today already.
 */
export function notePageView(
  db: Database,
  view: { loadId: number; userId: number; now: Date },
): Promise<void> | null {
  const day = localIsoDate(view.now);
  let today = recorded.get(db);
  if (!today || today.day !== day) {
    // A new day starts a new set, so the memory holds one day's pairs at most.
    today = { day, keys: new Set() };
    recorded.set(db, today);
  }
  const key = `${view.userId}:${view.loadId}`;
  if (today.keys.has(key)) return null;
  today.keys.add(key);
  const at = view.now.toISOString();
  return db
    .write(() => {
      db.run(insertPageView, { loadId: view.loadId, userId: view.userId, day, at });
    })
    .catch((e: unknown) => {
      // Tried again at the next opening; the page itself was served.
      today.keys.delete(key);
      console.warn(`[journal] page view of load ${view.loadId} by user ${view.userId} not recorded`, e);
    });
}
