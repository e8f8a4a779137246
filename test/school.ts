import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Prepared } from '../src/main/db/database';
import { openJournal } from '../src/main/db/migrate';
import { features } from '../src/main/features';
import type { Door } from '../src/main/router/context';
import { createRouter } from '../src/main/router/router';
import type { Input, MethodName } from '../src/shared/api/contract';
import { buildSchool, PASSWORD } from './fixtures';

/** "Today" in every unit test: a Friday in the II quarter of 2026/2027. */
export const TODAY = '2026-11-20';
export const NOW = new Date(`${TODAY}T10:00:00Z`);

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The hand-made school of test/fixtures.ts in a real SQLite file in a temporary folder, with a
 * router whose clock can be moved. Tests about the demo generator itself live in src/main/demo/.
 *
 * @param _options ignored: accepted so that calls written when this was a generated demo school of
 *   `students` students still compile; the hand-made school has a fixed size.
 */
export function makeSchool(_options: { students?: number } = {}) {
  const tmp = tempDir();
  const path = join(tmp.dir, 'journal.sqlite');
  const { db } = openJournal(path);
  buildSchool(db, TODAY);
  let now = NOW;
  const router = createRouter(db, features, { checkOutputs: true, clock: () => now });
  return {
    db,
    path,
    router,
    setNow(d: Date) {
      now = d;
    },
    close() {
      db.close();
      tmp.cleanup();
    },
    /** Calls the router and returns its { ok, value | error } answer. */
    call<M extends MethodName>(method: M, input: Input<M>, token: string | null, door: Door = 'staff') {
      return router.call(method, input, { token, door });
    },
    async login(login: string, door: Door = 'staff', password = PASSWORD): Promise<string> {
      const r = await router.call('auth.login', { login, password }, { door });
      if (!r.ok) throw new Error(`login ${login}: ${r.error.message}`);
      return (r.value as { token: string }).token;
    },
  };
}

export type School = ReturnType<typeof makeSchool>;

/** Everything in the database that a call could have changed, to prove a refused call changed nothing. */
export function snapshot(db: Database): string {
  const tables = ['mark', 'absence', 'lesson', 'audit_log', 'user_account', 'session'];
  return JSON.stringify(tables.map((t) => db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all()));
}

export function one<T>(db: Database, sql: string, ...params: unknown[]): T {
  return db.sqlite.prepare(sql).get(...params) as T;
}

export function all<T>(db: Database, sql: string, ...params: unknown[]): T[] {
  return db.sqlite.prepare(sql).all(...params) as T[];
}

/**
 * Ids the tests need, found by what they mean rather than by number: the teacher's page, a page of
 * the class teacher's class that neither named teacher teaches, a page of a class neither of them
 * teaches or leads, a lesson on a page, a student who sits in it, the parent's children.
 */
export function fixtures(db: Database) {
  const user = (login: string) =>
    one<{ id: number }>(db, 'SELECT id FROM user_account WHERE login = ?', login).id;
  const teacherId = user('teacher');
  const classTeacherId = user('klassruk');
  // The teacher's Russian in 5А (test/fixtures.ts), a whole-class page.
  const ownLoad = one<{ id: number; class_id: number }>(
    db,
    `SELECT l.id, l.class_id FROM teaching_load l JOIN subject s ON s.id = l.subject_id
     WHERE l.teacher_id = ? AND s.name = 'Русский язык' AND l.group_id IS NULL`,
    teacherId,
  );
  const ctClass = one<{ id: number }>(db, 'SELECT id FROM class WHERE class_teacher_id = ?', classTeacherId);
  // A page of the class teacher's class that neither named teacher teaches: readable by the class teacher only.
  const classLoad = one<{ id: number }>(
    db,
    'SELECT id FROM teaching_load WHERE class_id = ? AND teacher_id NOT IN (?, ?) AND group_id IS NULL ORDER BY id LIMIT 1',
    ctClass.id,
    teacherId,
    classTeacherId,
  );
  // A page of a class neither named teacher teaches in or leads.
  const foreignLoad = one<{ id: number }>(
    db,
    `SELECT l.id FROM teaching_load l JOIN class c ON c.id = l.class_id
     WHERE coalesce(c.class_teacher_id, 0) NOT IN (?, ?) AND l.group_id IS NULL AND l.marking_mode = 'points'
       AND c.id NOT IN (SELECT class_id FROM teaching_load WHERE teacher_id IN (?, ?)) ORDER BY l.id LIMIT 1`,
    teacherId,
    classTeacherId,
    teacherId,
    classTeacherId,
  );
  // Pages with the other marking modes: no marks at all (grade 1), and «зачёт»/«незачёт» (ОРКСЭ).
  const loadMarked = (mode: 'none' | 'pass_fail') =>
    one<{ id: number; teacher_id: number }>(
      db,
      'SELECT id, teacher_id FROM teaching_load WHERE marking_mode = ? ORDER BY id LIMIT 1',
      mode,
    );
  const lessonOf = (loadId: number) =>
    one<{ id: number; date: string }>(
      db,
      'SELECT id, date FROM lesson WHERE load_id = ? AND date < ? ORDER BY date DESC, number DESC LIMIT 1',
      loadId,
      TODAY,
    );
  /** A student who sits in the lessons of this page (a member of its group, if it has one). */
  const studentOf = (loadId: number) =>
    one<{ id: number }>(
      db,
      `SELECT e.student_id AS id FROM teaching_load l JOIN class_enrollment e ON e.class_id = l.class_id
       WHERE l.id = ? AND (l.group_id IS NULL OR e.student_id IN (SELECT student_id FROM group_member WHERE group_id = l.group_id))
       ORDER BY e.student_id LIMIT 1`,
      loadId,
    ).id;
  const loadClass = (loadId: number) =>
    one<{ class_id: number }>(db, 'SELECT class_id FROM teaching_load WHERE id = ?', loadId).class_id;
  const loginOf = (userId: number) =>
    one<{ login: string }>(db, 'SELECT login FROM user_account WHERE id = ?', userId).login;
  const parent = one<{ guardian_id: number }>(
    db,
    "SELECT guardian_id FROM user_account WHERE login = 'roditel'",
  );
  const ownChild = one<{ student_id: number }>(
    db,
    "SELECT student_id FROM user_account WHERE login = 'uchenik'",
  ).student_id;
  // The parent's other child (the student account is one of the two).
  const secondChild = one<{ id: number }>(
    db,
    'SELECT student_id AS id FROM student_guardian WHERE guardian_id = ? AND student_id <> ?',
    parent.guardian_id,
    ownChild,
  ).id;
  const otherChild = one<{ id: number }>(
    db,
    'SELECT id FROM student WHERE id NOT IN (SELECT student_id FROM student_guardian WHERE guardian_id = ?) ORDER BY id LIMIT 1',
    parent.guardian_id,
  ).id;
  return {
    teacherId,
    classTeacherId,
    ownLoad,
    classLoad,
    foreignLoad,
    noMarksLoad: loadMarked('none'),
    passFailLoad: loadMarked('pass_fail'),
    ctClassId: ctClass.id,
    lessonOf,
    studentOf,
    loadClass,
    loginOf,
    ownChild,
    secondChild,
    otherChild,
  };
}

/** SQLite's plan for a prepared query, one line per step («SEARCH l USING INDEX …»). */
export function queryPlan<P>(db: Database, q: Prepared<P, unknown>, params: P): string[] {
  const rows = db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.bind(params)) as {
    detail: string;
  }[];
  return rows.map((r) => r.detail);
}
