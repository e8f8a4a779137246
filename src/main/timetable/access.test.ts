import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School, TODAY } from '../../../test/school';
import { api, METHOD_NAMES, type MethodName } from '../../shared/api/contract';
import type { Door } from '../router/context';

/**
 * The timetable's methods × every kind of user (the journal's matrix, src/main/journal/access.test.ts,
 * leaves them to this file). Written out by hand from DESIGN.md's table: the deputy writes the
 * timetable and the day's changes; teachers, class teachers and the administration read the
 * timetable; the day's changes and their register are the administration's (002 §5.4).
 */
type Actor =
  | 'admin'
  | 'director'
  | 'deputy'
  | 'inspector'
  | 'teacher'
  | 'classTeacher'
  | 'parent'
  | 'student'
  | 'anonymous';

const LOGINS: Record<Exclude<Actor, 'anonymous'>, [string, Door]> = {
  admin: ['admin', 'staff'],
  director: ['director', 'staff'],
  deputy: ['zavuch', 'staff'],
  inspector: ['inspector', 'staff'],
  teacher: ['teacher', 'staff'],
  classTeacher: ['klassruk', 'staff'],
  parent: ['roditel', 'family'],
  student: ['uchenik', 'family'],
};
const ACTORS = [...Object.keys(LOGINS), 'anonymous'] as Actor[];

type TimetableMethod = Extract<MethodName, `timetable.${string}`>;
const READERS: Actor[] = ['director', 'deputy', 'inspector', 'teacher', 'classTeacher'];
const ADMINISTRATION: Actor[] = ['director', 'deputy', 'inspector'];

const ALLOWED: Record<TimetableMethod, Actor[]> = {
  'timetable.overview': READERS,
  'timetable.classTimetable': READERS,
  'timetable.save': ['deputy'],
  'timetable.day': ADMINISTRATION,
  'timetable.cancelLesson': ['deputy'],
  'timetable.restoreLesson': ['deputy'],
  'timetable.substitute': ['deputy'],
  'timetable.moveLesson': ['deputy'],
  'timetable.addLesson': ['deputy'],
  'timetable.register': ADMINISTRATION,
};

let school: School;
const tokens = new Map<Actor, string | null>();
const ids = { class4A: 0, lesson: 0, cancelled: 0, empty: 0, history: 0, grigorev: 0 };

beforeAll(async () => {
  school = makeSchool();
  const id = (sql: string) => one<{ id: number }>(school.db, sql).id;
  ids.class4A = id("SELECT id FROM class WHERE name = '4А'");
  ids.history = id(
    "SELECT l.id FROM teaching_load l JOIN subject s ON s.id = l.subject_id WHERE s.name = 'История'",
  );
  ids.grigorev = id("SELECT id FROM user_account WHERE login = 'grigorev.po'");
  ids.lesson = id(`SELECT id FROM lesson WHERE date = '${TODAY}' AND number = 1 ORDER BY id LIMIT 1`);
  ids.empty = id(`SELECT id FROM lesson WHERE load_id = ${ids.history} AND date = '2026-11-24'`);
  ids.cancelled = id(`SELECT id FROM lesson WHERE date = '2026-11-19' AND number = 2 ORDER BY id LIMIT 1`);
  school.db.sqlite
    .prepare("UPDATE lesson SET cancelled_at = ?, cancel_reason = 'Карантин' WHERE id = ?")
    .run('2026-11-19T06:00:00.000Z', ids.cancelled);
  for (const [actor, [login, door]] of Object.entries(LOGINS))
    tokens.set(actor as Actor, await school.login(login, door));
  tokens.set('anonymous', null);
});
afterAll(() => school.close());

/** A valid input, so that only access can refuse the call. */
function inputFor(method: TimetableMethod): Record<string, unknown> {
  switch (method) {
    case 'timetable.overview':
      return {};
    case 'timetable.classTimetable':
      return { classId: ids.class4A };
    case 'timetable.save':
      return { classId: ids.class4A, validFrom: '2026-11-23', slots: [] };
    case 'timetable.day':
      return { date: TODAY };
    case 'timetable.cancelLesson':
      return { lessonId: ids.lesson, reason: 'Учитель болен' };
    case 'timetable.restoreLesson':
      return { lessonId: ids.cancelled };
    case 'timetable.substitute':
      return {
        lessonId: ids.empty,
        teacherId: one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'kim.as'").id,
      };
    case 'timetable.moveLesson':
      return { lessonId: ids.empty, date: '2026-11-25', number: 7 };
    case 'timetable.addLesson':
      return { loadId: ids.history, date: '2026-11-23', number: 9 };
    case 'timetable.register':
      return { month: '2026-11' };
  }
}

const REFUSALS = ['FORBIDDEN', 'UNAUTHENTICATED', 'UNKNOWN_METHOD'];

describe('timetable access policy matrix', () => {
  const methods = METHOD_NAMES.filter((m): m is TimetableMethod => m.startsWith('timetable.'));
  const cases = methods.flatMap((method) => ACTORS.map((actor) => [method, actor] as const));

  it.each(cases)('%s by %s', async (method, actor) => {
    const allowed = ALLOWED[method].includes(actor);
    const auditBefore = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const door = actor === 'anonymous' ? 'staff' : LOGINS[actor][1];
    const r = await school.call(method, inputFor(method) as never, tokens.get(actor) ?? null, door);
    const audited = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n - auditBefore;
    if (allowed) {
      expect(r.ok ? 'allowed' : r.error).toBe('allowed');
      if (api[method].write) expect(audited, 'audit rows').toBeGreaterThan(0);
      else expect(audited, 'audit rows').toBe(0);
    } else {
      expect(r.ok ? 'allowed' : REFUSALS.includes(r.error.code) ? 'refused' : r.error).toBe('refused');
      expect(audited, 'audit rows').toBe(0);
    }
  });

  it('covers every timetable method of the contract', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(methods.sort());
  });
});
