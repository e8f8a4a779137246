import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { fixtures, one, type School } from '../../../test/school';

/**
 * The control reports × every kind of user × what they ask about. The administration (004 §4.2:
 * the deputy controls the journal, the director and the inspector check it) reads all three; the
 * dynamics of a class is also its class teacher's, the dynamics of a subject in a parallel also the
 * teacher's who teaches it there. The fill report and the access log are the administration's only.
 */
const METHODS = methodsOf('reports').filter(
  (m): m is 'reports.dynamics' | 'reports.fill' | 'reports.accessLog' =>
    m === 'reports.dynamics' || m === 'reports.fill' || m === 'reports.accessLog',
);
type Method = (typeof METHODS)[number];
type Target = 'ownClass' | 'foreignClass' | 'ownSubject' | 'foreignSubject' | 'school';
const ADMINISTRATION: Actor[] = ['director', 'deputy', 'inspector'];

const ALLOWED: Record<Method, Partial<Record<Target, Actor[]>>> = {
  // ownClass: 5А, the class teacher's; ownSubject: Russian in the 5th grade, the teacher's.
  'reports.dynamics': {
    ownClass: [...ADMINISTRATION, 'classTeacher'],
    foreignClass: ADMINISTRATION,
    ownSubject: [...ADMINISTRATION, 'teacher'],
    foreignSubject: ADMINISTRATION,
  },
  'reports.fill': { school: ADMINISTRATION },
  'reports.accessLog': { school: ADMINISTRATION },
};

let ids: { yearId: number; class5: number; class1: number; russian: number; math: number } | undefined;

function idsOf(school: School) {
  const id = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;
  return {
    yearId: id('SELECT id FROM academic_year ORDER BY id LIMIT 1'),
    class5: id("SELECT id FROM class WHERE name = '5А'"),
    class1: id("SELECT id FROM class WHERE name = '1А'"),
    russian: id("SELECT id FROM subject WHERE name = 'Русский язык'"),
    math: id("SELECT id FROM subject WHERE name = 'Математика'"),
  };
}

function inputFor(method: Method, _actor: Actor, target: Target): Record<string, unknown> {
  const i = ids!;
  switch (method) {
    case 'reports.dynamics':
      if (target === 'ownClass') return { yearId: i.yearId, classId: i.class5 };
      if (target === 'foreignClass') return { yearId: i.yearId, classId: i.class1 };
      if (target === 'ownSubject') return { yearId: i.yearId, subjectId: i.russian, grade: 5 };
      return { yearId: i.yearId, subjectId: i.math, grade: 4 };
    case 'reports.fill':
      return { month: '2026-11' };
    case 'reports.accessLog':
      return { from: '2026-11-01', to: '2026-11-30' };
  }
}

describe('control reports access policy matrix', () => {
  accessMatrix<Method, Target>({
    methods: METHODS,
    allowed: ALLOWED,
    targets: (m) =>
      m === 'reports.dynamics' ? ['ownClass', 'foreignClass', 'ownSubject', 'foreignSubject'] : ['school'],
    targetNoun: 'report',
    setup: (school) => {
      ids = idsOf(school);
    },
    inputFor,
  });
});

describe('reports access policy matrix (ledgers and results)', () => {
  /**
   * The reports × every kind of user × own or foreign class, written out by hand (the journal's matrix
   * leaves these methods to this file). The deputy, the director and the inspector read every class's
   * reports; the class teacher their own class; a subject teacher the per-subject results of the
   * classes they teach (reports.results) and nothing else; the administrator, parents and students none.
   *
   * Targets: "own" = the class teacher's class 5А (the teacher teaches Russian there); "foreign" = a
   * class neither named teacher leads or teaches in.
   */
  type Target = 'own' | 'foreign';

  // The control reports (dynamics, fill, access log) have their matrix in access.test.ts.
  const OWN = [
    'reports.options',
    'reports.achievementLedger',
    'reports.results',
    'reports.attendance',
    'reports.classTeacher',
    'reports.export',
  ] as const;
  type ReportsMethod = (typeof OWN)[number];

  const ADMINISTRATION: Actor[] = ['director', 'deputy', 'inspector'];
  const CLASS_READERS = { own: [...ADMINISTRATION, 'classTeacher'] as Actor[], foreign: ADMINISTRATION };

  const ALLOWED: Record<ReportsMethod, Partial<Record<Target, Actor[]>>> = {
    // The picker's lists, filtered by who asks (checked in reports.test.ts): no class named.
    'reports.options': { own: [...ADMINISTRATION, 'classTeacher', 'teacher'] },
    'reports.achievementLedger': CLASS_READERS,
    // The teacher sees the line of their own Russian in 5А; nobody but the administration a foreign class.
    'reports.results': { own: [...ADMINISTRATION, 'classTeacher', 'teacher'], foreign: ADMINISTRATION },
    'reports.attendance': CLASS_READERS,
    'reports.classTeacher': CLASS_READERS,
    'reports.export': CLASS_READERS,
  };

  const ids = { yearId: 0, quarter: 0, own: 0, foreign: 0 };

  function inputFor(method: ReportsMethod, _actor: Actor, target: Target): Record<string, unknown> {
    const classId = target === 'own' ? ids.own : ids.foreign;
    switch (method) {
      case 'reports.options':
        return { yearId: ids.yearId };
      case 'reports.achievementLedger':
        return { classId, yearId: ids.yearId };
      case 'reports.results':
        return { periodId: ids.quarter, classId };
      case 'reports.attendance':
        return { yearId: ids.yearId, month: '2026-11', classId };
      case 'reports.classTeacher':
        return { classId, periodId: ids.quarter };
      case 'reports.export':
        return {
          report: { kind: 'achievementLedger', params: { classId, yearId: ids.yearId } },
          format: 'xlsx',
        };
    }
  }

  accessMatrix({
    methods: [
      'reports.options',
      'reports.achievementLedger',
      'reports.results',
      'reports.attendance',
      'reports.classTeacher',
      'reports.export',
    ] as const,
    targets: (method) => (method === 'reports.options' ? ['own'] : ['own', 'foreign']),
    allowed: ALLOWED,
    setup: (s) => {
      const fx = fixtures(s.db);
      ids.yearId = one<{ id: number }>(s.db, 'SELECT id FROM academic_year').id;
      ids.own = fx.ctClassId;
      ids.foreign = fx.loadClass(fx.foreignLoad.id);
      const grade = one<{ grade: number }>(s.db, 'SELECT grade FROM class WHERE id = ?', ids.own).grade;
      ids.quarter = one<{ id: number }>(
        s.db,
        "SELECT id FROM period WHERE name = 'I четверть' AND grade_from <= ? AND grade_to >= ?",
        grade,
        grade,
      ).id;
    },
    inputFor,
    targetNoun: 'class',
  });
});
