import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTORS, type Actor, accessMatrix, doorOf, LOGINS } from '../../../test/access-matrix';
import { all, fixtures, one, type School, TODAY } from '../../../test/school';
import { METHOD_NAMES, type MethodName } from '../../shared/api/contract';
import { DEFAULT_BACKUP_SETTINGS } from '../../shared/backups/contract';

/**
 * The access policy as a matrix: every API method × every kind of user × own or foreign data.
 * Expectations are written out by hand from DESIGN.md's table of roles — not computed from the
 * policy code — so a change in the policy that breaks the table fails here.
 *
 * Targets: "own" = the user's own data (the teacher's page, the parent's child); "class" = a page of
 * the class teacher's own class taught by somebody else; "foreign" = somebody else's.
 */
type Target = 'own' | 'class' | 'foreign';

const TARGETS: Target[] = ['own', 'class', 'foreign'];

const STAFF_READERS: Actor[] = ['director', 'deputy', 'inspector', 'teacher', 'classTeacher'];
const EVERYONE_SIGNED_IN: Actor[] = [
  'admin',
  'director',
  'deputy',
  'inspector',
  'teacher',
  'classTeacher',
  'parent',
  'student',
];

/**
 * Features with a matrix of their own (src/main/<feature>/access.test.ts): their methods are checked
 * there, with the targets that matter to them. A new feature with its own matrix adds its prefix here.
 */
const OWN_MATRIX_PREFIXES = [
  'year',
  'accounts',
  'import',
  'students',
  'timetable',
  'timeliness',
  'grading',
  'topicPlan',
  'periods',
  'reports',
] as const;
const OWN_MATRIX_FOLDER: Record<(typeof OWN_MATRIX_PREFIXES)[number], string> = {
  year: 'school-year',
  accounts: 'accounts',
  import: 'import',
  students: 'students',
  timetable: 'timetable',
  timeliness: 'timeliness',
  grading: 'grading',
  topicPlan: 'topic-plan',
  periods: 'periods',
  reports: 'reports',
};
type OwnMatrix = `${(typeof OWN_MATRIX_PREFIXES)[number]}.${string}`;
const hasOwnMatrix = (m: MethodName): m is Extract<MethodName, OwnMatrix> =>
  OWN_MATRIX_PREFIXES.some((p) => m.startsWith(`${p}.`));
const MATRIX_METHODS = METHOD_NAMES.filter((m) => !hasOwnMatrix(m)) as Exclude<MethodName, OwnMatrix>[];

/** Who is allowed, per method and target. Anything not listed must be refused. */
const ALLOWED: Record<Exclude<MethodName, OwnMatrix>, Partial<Record<Target, Actor[]>>> = {
  'auth.login': { own: [...EVERYONE_SIGNED_IN, 'anonymous'] },
  'auth.demoAccounts': { own: [...EVERYONE_SIGNED_IN, 'anonymous'] },
  'auth.me': { own: EVERYONE_SIGNED_IN },
  'auth.logout': { own: EVERYONE_SIGNED_IN },
  'auth.changePassword': { own: EVERYONE_SIGNED_IN },
  'journal.myLoads': { own: STAFF_READERS },
  'journal.page': {
    own: STAFF_READERS,
    class: ['director', 'deputy', 'inspector', 'classTeacher'],
    foreign: ['director', 'deputy', 'inspector'],
  },
  // A cell's history: whoever reads the page (parents never; a teacher only their own pages).
  'journal.cellHistory': {
    own: STAFF_READERS,
    class: ['director', 'deputy', 'inspector', 'classTeacher'],
    foreign: ['director', 'deputy', 'inspector'],
  },
  // Only the teacher who teaches the page writes to it: not the class teacher (001 §2.12), not the administration.
  'journal.setMark': { own: ['teacher', 'classTeacher'] },
  'journal.setAbsence': { own: ['teacher', 'classTeacher'] },
  'journal.clearCell': { own: ['teacher', 'classTeacher'] },
  'journal.updateMark': { own: ['teacher', 'classTeacher'] },
  'journal.deleteMark': { own: ['teacher', 'classTeacher'] },
  'journal.restoreCell': { own: ['teacher', 'classTeacher'] },
  'journal.updateLesson': { own: ['teacher', 'classTeacher'] },
  'journal.addLesson': { own: ['teacher', 'classTeacher'] },
  'journal.setOwed': { own: ['teacher', 'classTeacher'] },
  'journal.clearOwed': { own: ['teacher', 'classTeacher'] },
  'journal.markAttendanceTaken': { own: ['teacher', 'classTeacher'] },
  'sync.changes': { own: EVERYONE_SIGNED_IN },
  'diary.children': { own: ['parent', 'student'] },
  // A parent only their own children (000 §3.7), a student only themselves.
  'diary.week': { own: ['parent', 'student'] },
  'diary.weekPdf': { own: ['parent', 'student'] },
  // Paper diaries and report cards: the class teacher of the class ("own"), the deputy and the director any.
  'diary.classWeekPdf': { own: ['director', 'deputy', 'classTeacher'], foreign: ['director', 'deputy'] },
  'diary.reportCards': { own: ['director', 'deputy', 'classTeacher'], foreign: ['director', 'deputy'] },
  'diary.classPeriods': { own: ['director', 'deputy', 'classTeacher'], foreign: ['director', 'deputy'] },
  'audit.verify': { own: ['admin', 'director'] },
  'audit.lastCheck': { own: ['admin', 'director'] },
  'backups.settings': { own: ['admin'] },
  'backups.saveSettings': { own: ['admin'] },
  'backups.status': { own: ['admin'] },
  'backups.runNow': { own: ['admin'] },
  'backups.drill': { own: ['admin'] },
  'backups.restore': { own: ['admin'] },
  // Before anyone can log in, so open to anyone at the staff door; setup.create is refused on a journal
  // that has accounts whoever calls (a CONFLICT, not an access refusal): src/main/setup/access.test.ts.
  'setup.status': {
    own: ['admin', 'director', 'deputy', 'inspector', 'teacher', 'classTeacher', 'anonymous'],
  },
  'setup.create': {},
};

let school: School;
let fx: ReturnType<typeof fixtures>;

/** The page each target means for this actor. */
function loadFor(actor: Actor, target: Target): number {
  if (target === 'class') return fx.classLoad.id;
  if (target === 'foreign') return fx.foreignLoad.id;
  if (actor === 'classTeacher') {
    return one<{ id: number }>(
      school.db,
      'SELECT id FROM teaching_load WHERE teacher_id = ? ORDER BY id LIMIT 1',
      fx.classTeacherId,
    ).id;
  }
  return fx.ownLoad.id;
}

/** A valid input for the method, aimed at the target, so that only access can refuse it. */
function inputFor(method: MethodName, actor: Actor, target: Target): Record<string, unknown> {
  const loadId = loadFor(actor, target);
  const lesson = fx.lessonOf(loadId);
  const studentId = fx.studentOf(loadId);
  const cell = () => {
    const mark = one<{ version: number; value: string } | undefined>(
      school.db,
      'SELECT version, value FROM mark WHERE lesson_id = ? AND student_id = ?',
      lesson.id,
      studentId,
    );
    const absence = one<{ version: number; code: string } | undefined>(
      school.db,
      'SELECT version, code FROM absence WHERE lesson_id = ? AND student_id = ?',
      lesson.id,
      studentId,
    );
    return {
      markVersion: mark?.version ?? null,
      absenceVersion: absence?.version ?? null,
      // Always a change, so that an allowed write has something to audit.
      newMark: mark?.value === '4' ? '5' : '4',
      newAbsence: absence?.code === 'late' ? 'ill' : 'late',
    };
  };
  switch (method) {
    case 'auth.login':
      return actor === 'anonymous'
        ? { login: 'teacher', password: 'demo2026' }
        : { login: LOGINS[actor][0], password: 'demo2026' };
    case 'auth.changePassword':
      return { currentPassword: 'demo2026', newPassword: 'demo2026' };
    case 'journal.page':
      return { loadId };
    case 'journal.cellHistory':
      return { lessonId: lesson.id, studentId };
    case 'journal.setMark':
      return { lessonId: lesson.id, studentId, value: cell().newMark, expectedVersion: cell().markVersion };
    case 'journal.setAbsence':
      return {
        lessonId: lesson.id,
        studentId,
        code: cell().newAbsence,
        expectedVersion: cell().absenceVersion,
      };
    case 'journal.clearCell': {
      const { markVersion, absenceVersion } = cell();
      return { lessonId: lesson.id, studentId, markVersion, absenceVersion };
    }
    case 'journal.updateMark': {
      const mark = markInSlot1(lesson.id, studentId);
      // Always a change: the other of two work types, so that an allowed write has something to audit.
      const types = all<{ id: number }>(school.db, 'SELECT id FROM work_type ORDER BY id LIMIT 2');
      const workTypeId = types.find((t) => t.id !== mark.work_type_id)!.id;
      return {
        lessonId: lesson.id,
        studentId,
        slot: 1,
        workTypeId,
        comment: '',
        expectedVersion: mark.version,
      };
    }
    case 'journal.deleteMark': {
      const mark = markInSlot1(lesson.id, studentId);
      return { lessonId: lesson.id, studentId, slot: 1, expectedVersion: mark.version };
    }
    case 'journal.restoreCell': {
      // An emptied cell, as Delete leaves it; the undo puts a mark back.
      school.db.sqlite
        .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
        .run(lesson.id, studentId);
      school.db.sqlite
        .prepare('DELETE FROM absence WHERE lesson_id = ? AND student_id = ?')
        .run(lesson.id, studentId);
      const workTypeId = one<{ id: number }>(school.db, 'SELECT min(id) AS id FROM work_type').id;
      return {
        lessonId: lesson.id,
        studentId,
        marks: [{ slot: 1, value: '4', workTypeId, comment: '' }],
        absence: null,
      };
    }
    case 'journal.updateLesson': {
      const v = one<{ version: number }>(
        school.db,
        'SELECT version FROM lesson WHERE id = ?',
        lesson.id,
      ).version;
      return { lessonId: lesson.id, topic: `Тема ${actor}`, homework: '', expectedVersion: v };
    }
    case 'journal.addLesson': {
      // A lesson number still free on that page today, so that only access can refuse the call.
      const taken = all<{ number: number }>(
        school.db,
        'SELECT number FROM lesson WHERE load_id = ? AND date = ?',
        loadId,
        TODAY,
      ).map((l) => l.number);
      return { loadId, date: TODAY, number: [9, 8, 7, 6, 5, 4, 3, 2, 1].find((n) => !taken.includes(n)) };
    }
    case 'journal.setOwed': {
      // A cell without marks (an owed work waits for one); always a change of the due date.
      school.db.sqlite
        .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
        .run(lesson.id, studentId);
      const owed = owedIn(lesson.id, studentId);
      const dueOn = owed?.due_on === '2026-12-05' ? '2026-12-06' : '2026-12-05';
      return { lessonId: lesson.id, studentId, dueOn, expectedVersion: owed?.version ?? null };
    }
    case 'journal.clearOwed': {
      if (!owedIn(lesson.id, studentId))
        school.db.sqlite
          .prepare(
            `INSERT INTO owed_work (lesson_id, student_id, due_on, created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, '2026-12-05', '2026-11-19T09:00:00.000Z', 1, '2026-11-19T09:00:00.000Z', 1)`,
          )
          .run(lesson.id, studentId);
      return { lessonId: lesson.id, studentId, expectedVersion: owedIn(lesson.id, studentId)!.version };
    }
    case 'journal.markAttendanceTaken':
      // Not taken yet (an absence entered by an earlier case takes it), so an allowed call writes.
      school.db.sqlite.prepare('UPDATE lesson SET attendance_taken_at = NULL WHERE id = ?').run(lesson.id);
      return { lessonId: lesson.id };
    case 'diary.week':
      return { studentId: target === 'own' ? fx.ownChild : fx.otherChild, weekOf: TODAY };
    case 'diary.weekPdf':
      return { studentId: target === 'own' ? fx.ownChild : fx.otherChild, date: TODAY };
    case 'diary.classPeriods':
      return { classId: paperClass(target) };
    case 'diary.classWeekPdf':
      return { classId: paperClass(target), date: TODAY, onlyPaper: false };
    case 'diary.reportCards': {
      const classId = paperClass(target);
      const period = one<{ id: number }>(
        school.db,
        `SELECT p.id FROM period p JOIN class c ON c.academic_year_id = p.academic_year_id
         WHERE c.id = ? AND c.grade BETWEEN p.grade_from AND p.grade_to ORDER BY p.starts_on LIMIT 1`,
        classId,
      );
      return { classId, periodId: period.id };
    }
    case 'backups.saveSettings':
      return DEFAULT_BACKUP_SETTINGS;
    case 'backups.restore':
      return { path: '/нет/такой/копии.sqlite' };
    default:
      return {};
  }
}

/** The class teacher's own class, or a class neither named teacher leads. */
const paperClass = (target: Target) => (target === 'own' ? fx.ctClassId : fx.loadClass(fx.foreignLoad.id));

function owedIn(lessonId: number, studentId: number) {
  return one<{ version: number; due_on: string } | undefined>(
    school.db,
    'SELECT version, due_on FROM owed_work WHERE lesson_id = ? AND student_id = ?',
    lessonId,
    studentId,
  );
}

/** The cell's first mark, put there directly when the cell has none (setup: not what is checked). */
function markInSlot1(lessonId: number, studentId: number): { version: number; work_type_id: number } {
  const sql = 'SELECT version, work_type_id FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1';
  const found = one<{ version: number; work_type_id: number } | undefined>(
    school.db,
    sql,
    lessonId,
    studentId,
  );
  if (found) return found;
  school.db.sqlite
    .prepare(
      `INSERT INTO mark (lesson_id, student_id, slot, value, work_type_id, weight, created_at, created_by, updated_at, updated_by)
       SELECT ?, ?, 1, '4', min(id), 1, '2026-09-01T09:00:00.000Z', 1, '2026-09-01T09:00:00.000Z', 1 FROM work_type`,
    )
    .run(lessonId, studentId);
  return one<{ version: number; work_type_id: number }>(school.db, sql, lessonId, studentId);
}

describe('access policy matrix', () => {
  accessMatrix({
    methods: MATRIX_METHODS,
    // Checked below: logout ends the session it is called with; setup.create in src/main/setup.
    ownCases: ['auth.logout', 'setup.create'],
    targets: (method) =>
      method === 'diary.classWeekPdf' || method === 'diary.reportCards' || method === 'diary.classPeriods'
        ? ['own', 'foreign']
        : TARGETS.filter((t) => t === 'own' || targetsMatter(method)),
    allowed: ALLOWED,
    setup: (s) => {
      school = s;
      fx = fixtures(s.db);
    },
    inputFor,
    allowedAnswer: {
      // Same password again is refused by the service, which proves the router let the call through.
      'auth.changePassword': (r) =>
        expect(r).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION', message: 'Новый пароль должен отличаться от текущего' },
        }),
    },
  });

  it('logout is open to everyone signed in, and only to them', async () => {
    for (const actor of ACTORS) {
      const token = actor === 'anonymous' ? null : await school.login(LOGINS[actor][0], LOGINS[actor][1]);
      const r = await school.call('auth.logout', {}, token, doorOf(actor));
      expect(r.ok, actor).toBe(actor !== 'anonymous');
    }
  });

  it("leaves to other files only methods named in their feature's own matrix", () => {
    for (const m of METHOD_NAMES.filter(hasOwnMatrix)) {
      const prefix = m.split('.')[0] as (typeof OWN_MATRIX_PREFIXES)[number];
      const file = join(import.meta.dirname, '..', OWN_MATRIX_FOLDER[prefix], 'access.test.ts');
      expect(readFileSync(file, 'utf8'), `${m} in ${file}`).toContain(`'${m}'`);
    }
  });
});

function targetsMatter(method: MethodName): boolean {
  return method.startsWith('journal.') && method !== 'journal.myLoads'
    ? true
    : method.startsWith('diary.') && method !== 'diary.children';
}
