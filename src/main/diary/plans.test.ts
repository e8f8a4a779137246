import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, queryPlan, type School } from '../../../test/school';
import type { Prepared } from '../db/database';
import { weekQueries } from './diary';

/**
 * The diary's week must cost the same whether the file keeps one academic year or ten: each query
 * reaches its rows through the current year's class (its loads, their lessons of the week, the
 * student's row of each lesson), never through student_id alone (every year's marks of the student)
 * or lesson.date (the whole school's week). The plan is SQLite's; no statistics are kept (no
 * ANALYZE), so it is the same on a small school as on a large one.
 */

let school: School;
beforeAll(() => {
  school = makeSchool();
});
afterAll(() => school.close());

const plan = <P>(q: Prepared<P, unknown>, params: P) => queryPlan(school.db, q, params);

const params = { classId: 1, studentId: 1, from: '2026-11-16', to: '2026-11-22' };
const LOADS_OF_CLASS = /^SEARCH l USING (COVERING )?INDEX teaching_load_class \(class_id=\?\)$/;
const LESSONS_OF_LOAD_AND_WEEK =
  /^SEARCH s USING (COVERING )?INDEX sqlite_autoindex_lesson_1 \(load_id=\? AND date>\? AND date<\?\)$/;

/** Positions of the lines that match each pattern, in order; -1 where none does. */
function steps(details: string[], ...patterns: RegExp[]): number[] {
  return patterns.map((p) => details.findIndex((d) => p.test(d)));
}

describe('diary.week query plans', () => {
  it.each(Object.keys(weekQueries) as (keyof typeof weekQueries)[])('%s scans no table', (name) => {
    const details = plan(weekQueries[name], params);
    expect(
      details.filter((d) => d.startsWith('SCAN ')),
      details.join('\n'),
    ).toEqual([]);
    // The indexes whose rows grow with every year kept are not used.
    expect(details.join('\n')).not.toMatch(/mark_student|absence_student|lesson_date/);
  });

  it('lessons: the class loads, then each load by date', () => {
    const details = plan(weekQueries.lessonsOfStudent, params);
    const [loads, lessons] = steps(details, LOADS_OF_CLASS, LESSONS_OF_LOAD_AND_WEEK);
    expect(loads, details.join('\n')).toBe(0);
    expect(lessons, details.join('\n')).toBeGreaterThan(loads!);
  });

  it("marks: the week's lessons of the class, then the student's mark of each by (lesson, student)", () => {
    const details = plan(weekQueries.marksOfStudent, params);
    const found = steps(
      details,
      LOADS_OF_CLASS,
      LESSONS_OF_LOAD_AND_WEEK,
      /^SEARCH m USING INDEX sqlite_autoindex_mark_1 \(lesson_id=\? AND student_id=\?\)$/,
    );
    expect(found, details.join('\n')).toEqual([0, 1, 2]);
  });

  it("absences: the week's lessons of the class, then the student's absence of each by (lesson, student)", () => {
    const details = plan(weekQueries.absencesOfStudent, params);
    const found = steps(
      details,
      LOADS_OF_CLASS,
      LESSONS_OF_LOAD_AND_WEEK,
      /^SEARCH a USING INDEX sqlite_autoindex_absence_1 \(lesson_id=\? AND student_id=\?\)$/,
    );
    expect(found, details.join('\n')).toEqual([0, 1, 2]);
  });
});
