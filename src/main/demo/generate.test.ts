import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, TODAY, tempDir } from '../../../test/school';
import type { Output } from '../../shared/api/contract';
import type { Database } from '../db/database';
import { openJournal } from '../db/migrate';
import { features } from '../features';
import type { Door } from '../router/context';
import { createRouter, type Router } from '../router/router';
import { DEMO_PASSWORD, demoAcademicStart, generateDemoSchool } from './generate';

/**
 * The demo generator itself: what the login screen promises about the demo accounts holds in the
 * generated school. Every other unit test runs on the small hand-made school of test/fixtures.ts.
 */
describe('demo school', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Database;
  let router: Router;
  beforeAll(() => {
    tmp = tempDir();
    db = openJournal(join(tmp.dir, 'demo.sqlite')).db;
    // 300 students give classes of about 27, so language groups exist.
    generateDemoSchool(db, { students: 300, seed: 7, today: TODAY, lessonsUntil: 'period' });
    router = createRouter(db, features, { checkOutputs: true, clock: () => NOW });
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  async function login(login: string, door: Door): Promise<string> {
    const r = await router.call('auth.login', { login, password: DEMO_PASSWORD }, { door });
    if (!r.ok) throw new Error(`${login}: ${r.error.message}`);
    return (r.value as { token: string }).token;
  }
  async function value<T>(r: Promise<{ ok: boolean; value?: unknown }>): Promise<T> {
    const a = await r;
    if (!a.ok) throw new Error(JSON.stringify(a));
    return a.value as T;
  }

  it('lists one account per role on the login screen, and each logs in with the demo password', async () => {
    const staff = await value<Output<'auth.demoAccounts'>>(
      router.call('auth.demoAccounts', {}, { door: 'staff' }),
    );
    const family = await value<Output<'auth.demoAccounts'>>(
      router.call('auth.demoAccounts', {}, { door: 'family' }),
    );
    expect(staff.demo).toBe(true);
    expect(staff.accounts.map((a) => a.login)).toEqual([
      'director',
      'zavuch',
      'admin',
      'inspector',
      'teacher',
      'klassruk',
    ]);
    expect(family.accounts.map((a) => a.login)).toEqual(['roditel', 'uchenik']);
    for (const a of staff.accounts) expect(await login(a.login, 'staff')).toBeTruthy();
    for (const a of family.accounts) expect(await login(a.login, 'family')).toBeTruthy();
  });

  it('gives the teacher Russian in a 5th class and the class teacher a class with pages of others', async () => {
    const teacher = await value<Output<'journal.myLoads'>>(
      router.call('journal.myLoads', {}, { door: 'staff', token: await login('teacher', 'staff') }),
    );
    expect(teacher).toContainEqual(
      expect.objectContaining({ className: '5А', subjectName: 'Русский язык', writable: true }),
    );
    const ct = await value<Output<'journal.myLoads'>>(
      router.call('journal.myLoads', {}, { door: 'staff', token: await login('klassruk', 'staff') }),
    );
    expect(ct.some((l) => l.writable)).toBe(true);
    expect(ct.some((l) => !l.writable)).toBe(true);
  });

  it("gives the parent two children, one in the teacher's class, one of them the student account", async () => {
    const children = await value<Output<'diary.children'>>(
      router.call('diary.children', {}, { door: 'family', token: await login('roditel', 'family') }),
    );
    expect(children).toHaveLength(2);
    expect(children.map((c) => c.className)).toContain('5А');
    const self = await value<Output<'diary.children'>>(
      router.call('diary.children', {}, { door: 'family', token: await login('uchenik', 'family') }),
    );
    expect(self).toHaveLength(1);
    expect(children.map((c) => c.studentId)).toContain(self[0]!.studentId);
  });

  it('splits English into two groups in large classes and marks only lessons before today', () => {
    const groups = db.sqlite
      .prepare(
        "SELECT count(*) AS n FROM class_group g JOIN subject s ON s.id = g.subject_id WHERE s.name LIKE 'Иностранный%'",
      )
      .get() as { n: number };
    expect(groups.n).toBeGreaterThan(0);
    const after = db.sqlite
      .prepare('SELECT count(*) AS n FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date >= ?')
      .get(TODAY) as { n: number };
    expect(after.n).toBe(0);
    const before = db.sqlite
      .prepare('SELECT count(*) AS n FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date < ?')
      .get(TODAY) as { n: number };
    expect(before.n).toBeGreaterThan(0);
    // Lessons up to the end of the current quarter (II четверть ends 30 December).
    const last = db.sqlite.prepare('SELECT max(date) AS d FROM lesson').get() as { d: string };
    expect(last.d).toBe('2026-12-30');
  });
});

describe('demo school year', () => {
  it('shows the year in progress, or the one just ended in summer and in the first week of September', () => {
    expect(demoAcademicStart('2026-11-22')).toBe(2026);
    expect(demoAcademicStart('2027-03-01')).toBe(2026);
    expect(demoAcademicStart('2027-07-15')).toBe(2026);
    expect(demoAcademicStart('2027-09-03')).toBe(2026);
    expect(demoAcademicStart('2027-09-08')).toBe(2027);
  });

  it('a demo made in summer has lessons only inside its academic year', () => {
    const tmp = tempDir();
    const { db } = openJournal(join(tmp.dir, 'summer.sqlite'));
    try {
      generateDemoSchool(db, { students: 40, seed: 3, today: '2027-07-15', lessonsUntil: 'period' });
      const range = db.sqlite.prepare('SELECT min(date) AS first, max(date) AS last FROM lesson').get() as {
        first: string;
        last: string;
      };
      expect(range.first >= '2026-09-01').toBe(true);
      expect(range.last <= '2027-05-26').toBe(true);
      const marksAfter = db.sqlite
        .prepare(
          "SELECT count(*) AS n FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date > '2027-05-26'",
        )
        .get() as { n: number };
      expect(marksAfter.n).toBe(0);
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
