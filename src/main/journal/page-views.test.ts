import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSchool, PASSWORD } from '../../../test/fixtures';
import { all, fixtures, makeSchool, NOW, one, type School, TODAY, tempDir } from '../../../test/school';
import { openJournal } from '../db/migrate';
import { features } from '../features';
import { createRouter } from '../router/router';

let school: School;
let fx: ReturnType<typeof fixtures>;
beforeEach(() => {
  school = makeSchool();
  fx = fixtures(school.db);
});
afterEach(() => school.close());

const userId = (login: string) =>
  one<{ id: number }>(school.db, 'SELECT id FROM user_account WHERE login = ?', login).id;

interface ViewRow {
  load_id: number;
  user_id: number;
  day: string;
  first_at: string;
}

/** The page_view rows, read after every queued write (Database runs transactions in call order). */
function views(): Promise<ViewRow[]> {
  return school.db.read(() =>
    all<ViewRow>(school.db, 'SELECT * FROM page_view ORDER BY day, user_id, load_id'),
  );
}

async function open(token: string, loadId: number) {
  const r = await school.call('journal.page', { loadId }, token);
  if (!r.ok) throw new Error(r.error.message);
}

describe('page views (кто открывал страницу)', () => {
  it('records the first opening of a page per user and day: twice a day is one row, another day another row', async () => {
    const teacher = await school.login('teacher');
    await open(teacher, fx.ownLoad.id);
    const later = new Date(NOW.getTime() + 20 * 60_000);
    school.setNow(later);
    await open(teacher, fx.ownLoad.id);
    expect(await views()).toEqual([
      { load_id: fx.ownLoad.id, user_id: fx.teacherId, day: '2026-11-20', first_at: NOW.toISOString() },
    ]);

    const nextDay = new Date(NOW.getTime() + 24 * 3600_000);
    school.setNow(nextDay);
    await open(await school.login('teacher'), fx.ownLoad.id);
    expect((await views()).map((v) => [v.day, v.first_at])).toEqual([
      ['2026-11-20', NOW.toISOString()],
      ['2026-11-21', nextDay.toISOString()],
    ]);
  });

  it('records every user who opens the page: the deputy and the inspector beside the teacher', async () => {
    await open(await school.login('teacher'), fx.ownLoad.id);
    await open(await school.login('zavuch'), fx.ownLoad.id);
    await open(await school.login('inspector'), fx.ownLoad.id);
    const rows = await views();
    expect(rows.map((v) => v.user_id).sort()).toEqual(
      [fx.teacherId, userId('zavuch'), userId('inspector')].sort(),
    );
    expect(new Set(rows.map((v) => v.load_id))).toEqual(new Set([fx.ownLoad.id]));
  });

  it('records nothing for a page the user may not open', async () => {
    const teacher = await school.login('teacher');
    const r = await school.call('journal.page', { loadId: fx.foreignLoad.id }, teacher);
    expect(r.ok).toBe(false);
    expect(await views()).toEqual([]);
  });

  it('serves the page when the view cannot be recorded, logs it, and records it at the next opening', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    school.db.sqlite.exec(
      "CREATE TRIGGER refuse_view BEFORE INSERT ON page_view BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const teacher = await school.login('teacher');
    await open(teacher, fx.ownLoad.id);
    expect(await views()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(`page view of load ${fx.ownLoad.id}`),
      expect.anything(),
    );
    school.db.sqlite.exec('DROP TRIGGER refuse_view');
    await open(teacher, fx.ownLoad.id);
    expect((await views()).length).toBe(1);
    warn.mockRestore();
  });

  it('keeps the row another computer wrote first for the same day (no error, one row)', async () => {
    school.db.sqlite
      .prepare("INSERT INTO page_view (load_id, user_id, day, first_at) VALUES (?, ?, '2026-11-20', ?)")
      .run(fx.ownLoad.id, fx.teacherId, '2026-11-20T05:00:00.000Z');
    await open(await school.login('teacher'), fx.ownLoad.id);
    expect((await views()).map((v) => v.first_at)).toEqual(['2026-11-20T05:00:00.000Z']);
  });
});

describe('page views on a shared folder (share mode)', () => {
  it('are written under the writer lease, once per day, whichever computer opens the page first', async () => {
    const tmp = tempDir();
    const path = join(tmp.dir, 'journal.sqlite');
    // Two staff computers on the same file, each with its own connection and router.
    const first = openJournal(path, { storage: 'share' }).db;
    buildSchool(first, TODAY);
    const second = openJournal(path, { storage: 'share' }).db;
    try {
      const loadId = fixtures(first).ownLoad.id;
      const openOn = async (db: typeof first, login: string) => {
        const router = createRouter(db, features, { clock: () => NOW });
        const session = await router.call('auth.login', { login, password: PASSWORD }, { door: 'staff' });
        if (!session.ok) throw new Error(session.error.message);
        const token = (session.value as { token: string }).token;
        const r = await router.call('journal.page', { loadId }, { token, door: 'staff' });
        if (!r.ok) throw new Error(r.error.message);
      };
      await openOn(first, 'teacher');
      await openOn(second, 'teacher');
      await openOn(second, 'zavuch');
      // Each connection's view write is queued behind its read: wait for both to be done.
      await Promise.all([first.read(() => undefined), second.read(() => undefined)]);
      const rows = await first.read(() =>
        all<{ user_id: number }>(first, 'SELECT user_id FROM page_view WHERE load_id = ?', loadId),
      );
      expect(rows.length).toBe(2);
    } finally {
      second.close();
      first.close();
      tmp.cleanup();
    }
  });
});
