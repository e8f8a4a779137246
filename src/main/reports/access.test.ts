import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { one, type School } from '../../../test/school';

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
