import { describe, expect, it } from 'vitest';
import { type Actor, accessMatrix } from '../../../test/access-matrix';
import { fixtures, one, type School, TODAY } from '../../../test/school';
import { studentsApi } from '../../shared/students/contract';

/**
 * The students feature's rows of the access policy matrix (src/main/journal/access.test.ts holds the
 * others): every method × every kind of user × own or foreign class. Written out by hand from
 * DESIGN.md's table of roles and 003 §2.1 / 004 §4.1–4.2, not computed from the policy code.
 *
 * "own" = 5А: the class teacher `klassruk` leads it, the subject teacher `teacher` teaches Russian in
 * it; "foreign" = 4А, which neither leads nor teaches.
 */
type Target = 'own' | 'foreign';
type Method = keyof typeof studentsApi;

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

function setup(s: School) {
  school = s;
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
}

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

describe('access policy matrix: students', () => {
  const matrix = accessMatrix({
    methods: Object.keys(studentsApi) as Method[],
    // The classes a caller may open are not one class's: no foreign target.
    targets: (method) => (method === 'students.classes' ? ['own'] : ['own', 'foreign']),
    targetNoun: 'class',
    allowed: ALLOWED,
    setup,
    inputFor,
  });

  it('lists to each caller only the classes they may open, with what they may do there', async () => {
    const names = async (actor: Actor) => {
      const r = await school.call('students.classes', {}, matrix.token(actor));
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as { name: string; access: string }[]).map((c) => `${c.name}:${c.access}`);
    };
    expect(await names('classTeacher')).toEqual(['5А:edit']);
    expect(await names('teacher')).toEqual(['5А:list']);
    expect(await names('deputy')).toEqual(['1А:read', '4А:read', '5А:read']);
    expect(await names('admin')).toEqual(['1А:edit', '4А:edit', '5А:edit']);
  });
});
