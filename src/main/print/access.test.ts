import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { one } from '../../../test/school';

/**
 * The printing methods × every kind of user (the journal's matrix leaves them to this file): the
 * bound journal is printed by the deputy (завуч), who prepares it for binding, and the director, who
 * signs it (004 §6.6–6.7); nobody else, not even the inspector, takes the whole book away.
 */
const METHODS = methodsOf('print');
type Method = (typeof METHODS)[number];

const ALLOWED: Record<Method, Actor[]> = {
  'print.bookTargets': ['director', 'deputy'],
  'print.book': ['director', 'deputy'],
};

const ids = { classId: 0, yearId: 0 };

describe('print access policy matrix', () => {
  accessMatrix({
    methods: METHODS,
    allowed: ALLOWED,
    setup(school) {
      const cls = one<{ id: number; yearId: number }>(
        school.db,
        "SELECT id, academic_year_id AS yearId FROM class WHERE name = '5А'",
      );
      ids.classId = cls.id;
      ids.yearId = cls.yearId;
    },
    inputFor: (method) => (method === 'print.book' ? { ...ids } : { yearId: ids.yearId }),
  });
});
