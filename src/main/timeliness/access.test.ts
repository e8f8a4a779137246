import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';

/**
 * The timeliness methods × every kind of user (the journal's matrix leaves them to this file): every
 * staff member may read the school's deadline (the page says it); the deputy sets it; the
 * administration reads the report (004 §4.2: the deputy controls timeliness; the director and the
 * inspector check it).
 */
const METHODS = methodsOf('timeliness');
type Method = (typeof METHODS)[number];
const STAFF: Actor[] = ['admin', 'director', 'deputy', 'inspector', 'teacher', 'classTeacher'];

const ALLOWED: Record<Method, Actor[]> = {
  'timeliness.rule': STAFF,
  'timeliness.saveRule': ['deputy'],
  'timeliness.report': ['director', 'deputy', 'inspector'],
};

function inputFor(method: Method): Record<string, unknown> {
  switch (method) {
    case 'timeliness.rule':
      return {};
    case 'timeliness.saveRule':
      return { kind: 'days', days: 3 };
    case 'timeliness.report':
      return { from: '2026-11-01', to: '2026-11-30', teacherId: null };
  }
}

describe('timeliness access policy matrix', () => {
  accessMatrix({ methods: METHODS, allowed: ALLOWED, inputFor });
});
