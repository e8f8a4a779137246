import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import type { Output } from '../../shared/api/contract';
import { parseTopic } from '../../shared/sync/topics';
import { Database } from '../db/database';
import { features } from '../features';
import { CHANGES_KEPT, recordChanges } from '../router/changes';
import type { Door } from '../router/context';
import { createRouter } from '../router/router';
import { MAX_CHANGES_READ } from './sync';

type Changes = Output<'sync.changes'>;

let school: School;
let fx: ReturnType<typeof fixtures>;
let teacher: string;
let parent: string;
/** A whole-class page of the demo teacher's on which the parent's child sits, one of its past lessons. */
let childLoad: { id: number; classId: number };
let lessonId: number;
/** A classmate of the child: not the parent's. */
let classmate: number;

beforeAll(async () => {
  school = makeSchool();
  fx = fixtures(school.db);
  teacher = await school.login('teacher');
  parent = await school.login('roditel', 'family');
  childLoad = one(
    school.db,
    `SELECT l.id, l.class_id AS classId FROM teaching_load l JOIN class_enrollment e ON e.class_id = l.class_id
     WHERE l.teacher_id = ? AND e.student_id = ? AND l.group_id IS NULL ORDER BY l.id LIMIT 1`,
    fx.teacherId,
    fx.ownChild,
  );
  lessonId = fx.lessonOf(childLoad.id).id;
  classmate = one<{ id: number }>(
    school.db,
    `SELECT e.student_id AS id FROM class_enrollment e WHERE e.class_id = ? AND e.student_id NOT IN
     (SELECT sg.student_id FROM student_guardian sg JOIN user_account u ON u.guardian_id = sg.guardian_id WHERE u.login = 'roditel')
     ORDER BY e.student_id LIMIT 1`,
    childLoad.classId,
  ).id;
});
afterAll(() => school.close());

async function changes(token: string, since?: number, door: Door = 'staff'): Promise<Changes> {
  const r = await school.call('sync.changes', since === undefined ? {} : { since }, token, door);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Changes;
}

/** Sets the student's mark on the lesson to a value other than the current one. */
async function markAgain(studentId: number, token = teacher) {
  const current = one<{ version: number; value: string } | undefined>(
    school.db,
    'SELECT version, value FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1',
    lessonId,
    studentId,
  );
  const r = await school.call(
    'journal.setMark',
    {
      lessonId,
      studentId,
      value: current?.value === '4' ? '5' : '4',
      expectedVersion: current?.version ?? null,
    },
    token,
  );
  expect(r.ok ? 'saved' : r.error).toBe('saved');
}

describe('sync.changes', () => {
  it('the first poll gives the version and no topics: the screen has nothing to compare with', async () => {
    const first = await changes(teacher);
    expect(first.topics).toBeNull();
    expect(await changes(teacher, first.version)).toEqual({ version: first.version, topics: [] });
  });

  it('does not move when a read refreshes the session or a login fails: only journal data moves it', async () => {
    const { version } = await changes(teacher);
    const seen = () =>
      one<{ at: string }>(
        school.db,
        "SELECT max(s.last_seen_at) AS at FROM session s JOIN user_account u ON u.id = s.user_id WHERE u.login = 'teacher'",
      ).at;
    const before = seen();
    try {
      // Later than the session's touch interval: this read commits a new last_seen_at.
      school.setNow(new Date(`${TODAY}T10:30:00Z`));
      expect((await school.call('journal.myLoads', {}, teacher)).ok).toBe(true);
      expect(seen(), 'the read refreshed the session').not.toBe(before);
      await school.call('auth.login', { login: 'teacher', password: 'wrong-password' }, null);
      expect(await changes(teacher, version)).toEqual({ version, topics: [] });
    } finally {
      school.setNow(new Date(`${TODAY}T10:00:00Z`));
    }
  });

  it("a mark moves it with the page's and the student's topics; a refused write moves nothing", async () => {
    const { version } = await changes(teacher);
    await markAgain(classmate);
    const after = await changes(teacher, version);
    expect(after.version).toBeGreaterThan(version);
    expect([...(after.topics ?? [])].sort()).toEqual([`load:${childLoad.id}`, `student:${classmate}`].sort());
    expect(await changes(teacher, after.version)).toEqual({ version: after.version, topics: [] });

    // A stale version is refused and rolled back: nothing to refresh.
    const stale = await school.call(
      'journal.setMark',
      { lessonId, studentId: classmate, value: '3', expectedVersion: 999 },
      teacher,
    );
    expect(stale.ok).toBe(false);
    expect((await changes(teacher)).version).toBe(after.version);
  });

  it("a lesson's topic reaches the page and every student of the class", async () => {
    const { version } = await changes(teacher);
    const lesson = one<{ version: number }>(school.db, 'SELECT version FROM lesson WHERE id = ?', lessonId);
    const r = await school.call(
      'journal.updateLesson',
      { lessonId, topic: `Тема ${version}`, homework: '', expectedVersion: lesson.version },
      teacher,
    );
    expect(r.ok).toBe(true);
    expect((await changes(teacher, version)).topics?.sort()).toEqual(
      [`class:${childLoad.classId}`, `load:${childLoad.id}`].sort(),
    );
  });

  it("a parent sees only their own children's topics, never another student's id, a page or a class", async () => {
    const start = await changes(parent, undefined, 'family');
    await markAgain(classmate);
    const afterClassmate = await changes(parent, start.version, 'family');
    expect(afterClassmate.version).toBeGreaterThan(start.version);
    expect(afterClassmate.topics).toEqual([]);

    await markAgain(fx.ownChild);
    await markAgain(classmate);
    const afterChild = await changes(parent, afterClassmate.version, 'family');
    expect(afterChild.topics).toEqual([`student:${fx.ownChild}`]);

    // A change to the whole class (a lesson's homework) reaches the parent as their child's topic.
    const lesson = one<{ version: number }>(school.db, 'SELECT version FROM lesson WHERE id = ?', lessonId);
    await school.call(
      'journal.updateLesson',
      {
        lessonId,
        topic: 'Сказуемое',
        homework: `Упр. ${afterChild.version}`,
        expectedVersion: lesson.version,
      },
      teacher,
    );
    const afterLesson = await changes(parent, afterChild.version, 'family');
    expect(afterLesson.topics).toEqual([`student:${fx.ownChild}`]);

    // Everything the family door ever answered, over all of this: own children only.
    const all = await changes(parent, start.version, 'family');
    for (const t of all.topics ?? []) {
      expect(parseTopic(t)?.kind, t).toBe('student');
      expect(t).toBe(`student:${fx.ownChild}`);
    }
    // The student sees themself the same way.
    const student = await school.login('uchenik', 'family');
    expect((await changes(student, start.version, 'family')).topics).toEqual([`student:${fx.ownChild}`]);
  });

  it("another computer's write is seen: the version is read from the file, not from this connection", async () => {
    const { version } = await changes(teacher);
    const other = new Database(school.path);
    try {
      const router = createRouter(other, features, { clock: () => new Date(`${TODAY}T10:00:00Z`) });
      const login = await router.call(
        'auth.login',
        { login: 'teacher', password: 'demo2026' },
        { door: 'staff' },
      );
      if (!login.ok) throw new Error(login.error.message);
      const token = (login.value as { token: string }).token;
      const current = one<{ version: number; value: string } | undefined>(
        school.db,
        'SELECT version, value FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1',
        lessonId,
        classmate,
      );
      const r = await router.call(
        'journal.setMark',
        {
          lessonId,
          studentId: classmate,
          value: current?.value === '4' ? '5' : '4',
          expectedVersion: current?.version ?? null,
        },
        { token, door: 'staff' },
      );
      expect(r.ok).toBe(true);
    } finally {
      other.close();
    }
    expect((await changes(teacher, version)).topics?.sort()).toEqual(
      [`load:${childLoad.id}`, `student:${classmate}`].sort(),
    );
  });

  it('says "refresh everything" when the screen is too far behind, and keeps the table bounded', async () => {
    // What it answers for is never pruned.
    expect(MAX_CHANGES_READ).toBeLessThan(CHANGES_KEPT);
    await school.db.write(() => {
      const many = new Set(Array.from({ length: CHANGES_KEPT + 50 }, (_, i) => `load:${i + 1}`));
      recordChanges(school.db, new Date(), many);
    });
    const { version } = await changes(teacher);
    const rows = one<{ n: number; oldest: number }>(
      school.db,
      'SELECT count(*) AS n, min(id) AS oldest FROM data_change',
    );
    expect(rows.n).toBe(CHANGES_KEPT);
    expect(rows.oldest).toBe(version - CHANGES_KEPT + 1);
    expect((await changes(teacher, version - MAX_CHANGES_READ - 1)).topics).toBeNull();
    expect((await changes(teacher, version - MAX_CHANGES_READ)).topics).toHaveLength(MAX_CHANGES_READ);
    // A version from the future (the file was restored from a backup since): refresh everything.
    expect((await changes(teacher, version + 10)).topics).toBeNull();
  });
});
