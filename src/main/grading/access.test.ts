import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { one, type School } from '../../../test/school';

/**
 * The grading settings' methods × every kind of user (the journal's matrix leaves them to this
 * file). Written out by hand from DESIGN.md's table: the deputy sets the school's work types,
 * weights and rounding; every staff member reads them (the journal's suggestions, the
 * administrator's settings); the families' diary has no business with them.
 */
const GRADING_METHODS = methodsOf('grading');
type GradingMethod = (typeof GRADING_METHODS)[number];

const ALLOWED: Record<GradingMethod, Actor[]> = {
  'grading.settings': ['admin', 'director', 'deputy', 'inspector', 'teacher', 'classTeacher'],
  'grading.workTypeUse': ['director', 'deputy', 'inspector'],
  'grading.saveWorkType': ['deputy'],
  'grading.removeWorkType': ['deputy'],
  'grading.saveRules': ['deputy'],
};

let school: School | undefined;
const version = () =>
  JSON.parse(
    one<{ value: string } | undefined>(school!.db, "SELECT value FROM setting WHERE key = 'grading.version'")
      ?.value ?? '{"version":0}',
  ).version as number;
let added = 0;

/** A valid input read at call time (each allowed write moves the settings' version). */
function inputFor(method: GradingMethod): Record<string, unknown> {
  switch (method) {
    case 'grading.settings':
    case 'grading.workTypeUse':
      return {};
    case 'grading.saveWorkType':
      added++;
      return {
        expectedVersion: version(),
        id: null,
        name: `Устный опрос ${added}`,
        weight: 1.5,
        archived: false,
      };
    case 'grading.removeWorkType': {
      const id = one<{ id: number }>(
        school!.db,
        "SELECT id FROM work_type WHERE name LIKE 'Лишний вид %' ORDER BY id LIMIT 1",
      ).id;
      return { expectedVersion: version(), id };
    }
    case 'grading.saveRules':
      return { expectedVersion: version(), allowOne: false, rounding: 'x.6', minMarks: 4 };
  }
}

describe('grading access policy matrix', () => {
  accessMatrix({
    methods: GRADING_METHODS,
    allowed: ALLOWED,
    setup: (s) => {
      school = s;
      // Unused work types a deputy may remove, one left for every caller after the deputy's.
      for (let i = 1; i <= 3; i++)
        s.db.sqlite
          .prepare('INSERT INTO work_type (name, weight, sort_order) VALUES (?, 1, 100)')
          .run(`Лишний вид ${i}`);
    },
    inputFor,
  });
});
