import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { fixtures, one, type School } from '../../../test/school';

/**
 * The end of a period × every kind of user × own or foreign page, written out by hand (the journal's
 * matrix, src/main/journal/access.test.ts, leaves these methods to this file). The deputy closes and
 * reopens periods; the administration reads the closing screen; a load's period, year, exam and final
 * marks are set by its own teacher or the deputy and read by whoever reads the page.
 *
 * Targets: "own" = the teacher's page (for the class teacher: a page they teach); "class" = a page of
 * the class teacher's class taught by somebody else; "foreign" = a page of a class neither leads nor
 * teaches in. The closing methods name no page: they run on "own" only.
 */
type Target = 'own' | 'class' | 'foreign';

const PERIODS_METHODS = methodsOf('periods');
type PeriodsMethod = (typeof PERIODS_METHODS)[number];

const ADMINISTRATION: Actor[] = ['director', 'deputy', 'inspector'];

const ALLOWED: Record<PeriodsMethod, Partial<Record<Target, Actor[]>>> = {
  'periods.overview': { own: ADMINISTRATION },
  'periods.close': { own: ['deputy'] },
  'periods.reopen': { own: ['deputy'] },
  'periods.finalMarks': {
    own: ['director', 'deputy', 'inspector', 'teacher', 'classTeacher'],
    class: ['director', 'deputy', 'inspector', 'classTeacher'],
    foreign: ADMINISTRATION,
  },
  // Not the class teacher of somebody else's page, not a substitute, not the director or inspector.
  'periods.setFinalMark': {
    own: ['teacher', 'classTeacher', 'deputy'],
    class: ['deputy'],
    foreign: ['deputy'],
  },
};

let school: School;
let fx: ReturnType<typeof fixtures>;
const ids = { yearId: 0, quarter: 0, class5A: 0 };

function loadFor(actor: Actor, target: Target): number {
  if (target === 'class') return fx.classLoad.id;
  if (target === 'foreign') return fx.foreignLoad.id;
  if (actor === 'classTeacher')
    return one<{ id: number }>(
      school.db,
      "SELECT id FROM teaching_load WHERE teacher_id = ? AND marking_mode = 'points' ORDER BY id LIMIT 1",
      fx.classTeacherId,
    ).id;
  return fx.ownLoad.id;
}

/** The current period of the page's class. */
function periodOf(loadId: number): number {
  return one<{ id: number }>(
    school.db,
    `SELECT p.id FROM period p JOIN teaching_load l ON l.academic_year_id = p.academic_year_id
     JOIN class c ON c.id = l.class_id
     WHERE l.id = ? AND c.grade BETWEEN p.grade_from AND p.grade_to AND p.starts_on <= '2026-11-20' AND p.ends_on >= '2026-11-20'`,
    loadId,
  ).id;
}

/** The student each actor marks: the deputy another one than the teacher on the same page. */
function studentFor(actor: Actor, loadId: number): number {
  return one<{ id: number }>(
    school.db,
    `SELECT e.student_id AS id FROM teaching_load l JOIN class_enrollment e ON e.class_id = l.class_id
     WHERE l.id = ? AND (l.group_id IS NULL OR e.student_id IN (SELECT student_id FROM group_member WHERE group_id = l.group_id))
     ORDER BY e.student_id LIMIT 1 OFFSET ?`,
    loadId,
    actor === 'deputy' ? 1 : 0,
  ).id;
}

function inputFor(method: PeriodsMethod, actor: Actor, target: Target): Record<string, unknown> {
  const loadId = loadFor(actor, target);
  switch (method) {
    case 'periods.overview':
      return { yearId: ids.yearId };
    case 'periods.close':
      return { periodId: ids.quarter, target: { scope: 'class', classId: ids.class5A } };
    case 'periods.reopen':
      return {
        periodId: ids.quarter,
        target: { scope: 'class', classId: ids.class5A },
        reason: 'Исправление отметки',
      };
    case 'periods.finalMarks':
      return { loadId };
    case 'periods.setFinalMark':
      // «н/а» needs no minimum of marks: only access can refuse the call.
      return {
        loadId,
        studentId: studentFor(actor, loadId),
        kind: 'period',
        periodId: periodOf(loadId),
        value: 'н/а',
        expectedVersion: null,
      };
  }
}

describe('periods access policy matrix', () => {
  accessMatrix({
    // The marks are set before the quarter is closed; the reopening needs the closing before it.
    methods: [
      'periods.overview',
      'periods.finalMarks',
      'periods.setFinalMark',
      'periods.close',
      'periods.reopen',
    ] as const,
    targets: (method) =>
      method === 'periods.finalMarks' || method === 'periods.setFinalMark'
        ? ['own', 'class', 'foreign']
        : ['own'],
    allowed: ALLOWED,
    setup: (s) => {
      school = s;
      fx = fixtures(s.db);
      ids.yearId = one<{ id: number }>(s.db, 'SELECT id FROM academic_year').id;
      ids.quarter = one<{ id: number }>(s.db, "SELECT id FROM period WHERE name = 'I четверть'").id;
      ids.class5A = one<{ id: number }>(s.db, "SELECT id FROM class WHERE name = '5А'").id;
    },
    inputFor,
    targetNoun: 'page',
    written: {
      label: 'final marks and closings',
      count:
        'SELECT (SELECT count(*) FROM final_mark) + (SELECT count(*) FROM period_closure) + (SELECT count(*) FROM period_closure WHERE reopened_at IS NOT NULL) AS n',
      byAllowedWrite: 1,
    },
  });
});
