import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import { api, type MethodName } from '../../shared/api/contract';
import { studentsApi } from '../../shared/students/contract';
import type { Door } from '../router/context';

/**
 * The students feature's rows of the access policy matrix (src/main/journal/access.test.ts holds the
 * others): every method × every kind of user × own or foreign class. Written out by hand from
 * DESIGN.md's table of roles and 003 §2.1 / 004 §4.1–4.2, not computed from the policy code.
 *
 * "own" = 5А: the class teacher `klassruk` leads it, the subject teacher `teacher` teaches Russian in
 * it; "foreign" = 4А, which neither leads nor teaches.
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
type Target = 'own' | 'foreign';
type Method = keyof typeof studentsApi;

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
const READERS: Actor[] = ['admin', 'director', 'deputy', 'inspector'];
const KEEPERS_OWN: Actor[] = ['admin', 'classTeacher'];

/** Who is allowed, per method and target. Anything not listed must be refused. */
const ALLOWED: Record<Method, Record<Target, Actor[]>> = {
  // Each caller gets the classes they may open (filtered by the service), so nobody on the staff is refused.
  'students.classes': { own: [...READERS, 'teacher', 'classTeacher'], foreign: [] },
  // The list: also a subject teacher of the class (names, movement, groups — without personal data).
  'students.classList': { own: [...READERS, 'teacher', 'classTeacher'], foreign: READERS },
  'students.groups': { own: [...READERS, 'teacher', 'classTeacher'], foreign: READERS },
  // The card's personal data: the class teacher and the administration, never a subject teacher.
  'students.card': { own: [...READERS, 'classTeacher'], foreign: READERS },
  // Kept by the class teacher of the class and the administrator only (003 §2.1, 002 §5.3).
  'students.saveCard': { own: KEEPERS_OWN, foreign: ['admin'] },
  'students.arrive': { own: KEEPERS_OWN, foreign: ['admin'] },
  'students.leave': { own: KEEPERS_OWN, foreign: ['admin'] },
  'students.transfer': { own: KEEPERS_OWN, foreign: ['admin'] },
  'students.setGroup': { own: KEEPERS_OWN, foreign: ['admin'] },
  'students.cancelMovement': { own: KEEPERS_OWN, foreign: ['admin'] },
};

let school: School;
let classes: Record<Target, number>;
let firstA: number;
let english: number;
const tokens = new Map<Actor, string | null>();

beforeAll(async () => {
  school = makeSchool();
  const fx = fixtures(school.db);
  const classOf = (name: string) =>
    one<{ id: number }>(school.db, 'SELECT id FROM class WHERE name = ?', name).id;
  classes = { own: fx.ctClassId, foreign: classOf('4А') };
  firstA = classOf('1А');
  english = one<{ id: number }>(
    school.db,
    "SELECT id FROM subject WHERE name = 'Иностранный язык (английский)'",
  ).id;
  // 4А gets an English group too, so that setGroup has something to do in the foreign class.
  school.db.sqlite
    .prepare("INSERT INTO class_group (class_id, subject_id, name) VALUES (?, ?, '1 группа')")
    .run(classes.foreign, english);
  for (const [actor, [login, door]] of Object.entries(LOGINS))
    tokens.set(actor as Actor, await school.login(login, door));
  tokens.set('anonymous', null);
});
afterAll(() => school.close());

let fresh = 0;
/** A student of the class since 1 September with nothing in the journal: free to move or group. */
function newStudent(classId: number): number {
  fresh++;
  const id = Number(
    school.db.sqlite
      .prepare(
        "INSERT INTO student (last_name, first_name, search_name, created_at) VALUES (?, 'Тест', ?, '2026-09-01T00:00:00Z')",
      )
      .run(`Проверочный${fresh}`, `проверочный${fresh} тест`).lastInsertRowid,
  );
  school.db.sqlite
    .prepare("INSERT INTO class_enrollment (class_id, student_id, enrolled_on) VALUES (?, ?, '2026-09-01')")
    .run(classId, id);
  return id;
}

/** A valid input aimed at the target, so that only access can refuse it. */
function inputFor(method: Method, actor: Actor, target: Target): Record<string, unknown> {
  const classId = classes[target];
  const order = { orderNo: `${fresh + 1}-у`, orderDate: TODAY };
  switch (method) {
    case 'students.classes':
      return {};
    case 'students.classList':
    case 'students.groups':
      return { classId };
    case 'students.card':
      return { studentId: newStudent(classId) };
    case 'students.saveCard': {
      const studentId = newStudent(classId);
      return {
        studentId,
        expectedVersion: 1,
        lastName: `Проверочный${fresh}`,
        firstName: 'Тест',
        middleName: '',
        birthDate: null,
        gender: null,
        address: '',
        phone: '+7 900 000-00-00',
        homePhone: '',
        email: '',
        notes: `Заметка: ${actor}`,
        guardians: [],
      };
    }
    case 'students.arrive':
      return {
        classId,
        date: TODAY,
        ...order,
        lastName: `Прибывший${++fresh}`,
        firstName: 'Тест',
        middleName: '',
        birthDate: null,
        gender: null,
      };
    case 'students.leave':
      return { classId, studentId: newStudent(classId), date: TODAY, ...order, leftTo: 'МБОУ СОШ № 5' };
    case 'students.transfer':
      return { classId, studentId: newStudent(classId), toClassId: firstA, date: TODAY, ...order };
    case 'students.cancelMovement': {
      const studentId = newStudent(classId);
      school.db.sqlite
        .prepare("UPDATE class_enrollment SET left_on = ?, left_kind = 'left' WHERE student_id = ?")
        .run(TODAY, studentId);
      return { classId, studentId };
    }
    case 'students.setGroup': {
      const groupId = one<{ id: number }>(
        school.db,
        'SELECT id FROM class_group WHERE class_id = ? AND subject_id = ? ORDER BY id LIMIT 1',
        classId,
        english,
      ).id;
      return { classId, subjectId: english, studentId: newStudent(classId), groupId };
    }
  }
}

const REFUSALS = ['FORBIDDEN', 'UNAUTHENTICATED', 'UNKNOWN_METHOD'];

describe('access policy matrix: students', () => {
  const methods = Object.keys(studentsApi) as Method[];
  const cases = methods.flatMap((method) =>
    ACTORS.flatMap((actor) =>
      (method === 'students.classes' ? ['own' as const] : (['own', 'foreign'] as const)).map(
        (target) => [method, actor, target] as const,
      ),
    ),
  );

  it.each(cases)('%s by %s on %s class', async (method, actor, target) => {
    const allowed = ALLOWED[method][target].includes(actor);
    const input = inputFor(method, actor, target);
    const auditBefore = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const door = actor === 'anonymous' ? 'staff' : LOGINS[actor][1];
    const r = await school.call(method as MethodName, input as never, tokens.get(actor) ?? null, door);
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

  it('lists to each caller only the classes they may open, with what they may do there', async () => {
    const names = async (actor: Actor) => {
      const r = await school.call('students.classes', {}, tokens.get(actor) ?? null);
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as { name: string; access: string }[]).map((c) => `${c.name}:${c.access}`);
    };
    expect(await names('classTeacher')).toEqual(['5А:edit']);
    expect(await names('teacher')).toEqual(['5А:list']);
    expect(await names('deputy')).toEqual(['1А:read', '4А:read', '5А:read']);
    expect(await names('admin')).toEqual(['1А:edit', '4А:edit', '5А:edit']);
  });
});
