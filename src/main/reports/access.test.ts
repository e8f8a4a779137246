import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { fixtures, one } from '../../../test/school';

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

const REPORTS_METHODS = methodsOf('reports');
type ReportsMethod = (typeof REPORTS_METHODS)[number];

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

describe('reports access policy matrix', () => {
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
