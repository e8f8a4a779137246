import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, queryPlan, type School } from '../../../test/school';
import type { Prepared } from '../db/database';
import { myLoadsQueries } from './loads';

/**
 * journal.myLoads must cost the same whether the file keeps one academic year or ten: the pages of a
 * teacher, of the classes they lead, and of the whole school are found by (person, year) or by year,
 * never by scanning teaching_load or by teacher alone (every year's loads).
 */

let school: School;
beforeAll(() => {
  school = makeSchool();
});
afterAll(() => school.close());

const plan = <P>(q: Prepared<P, unknown>, params: P) => queryPlan(school.db, q, params);

describe('journal.myLoads query plans', () => {
  it("a teacher's pages: taught by (teacher, year), led by (class teacher, year), nothing scanned", () => {
    const details = plan(myLoadsQueries.loadsOfTeacher, {
      userId: 1,
      yearId: 1,
      from: '2026-09-01',
      to: '2027-05-26',
    });
    const text = details.join('\n');
    expect(
      details.filter((d) => d.startsWith('SCAN ')),
      text,
    ).toEqual([]);
    expect(text).toMatch(
      /SEARCH tl USING COVERING INDEX teaching_load_teacher_year \(teacher_id=\? AND academic_year_id=\?\)/,
    );
    expect(text).toMatch(
      /SEARCH cc USING COVERING INDEX class_teacher_year \(class_teacher_id=\? AND academic_year_id=\?\)/,
    );
    expect(text).toMatch(/SEARCH cl USING (COVERING )?INDEX teaching_load_class \(class_id=\?\)/);
    expect(text).toMatch(/SEARCH l USING INTEGER PRIMARY KEY/);
    // The substitute's pages: the year's lessons by date, not the whole lesson table.
    expect(text).toMatch(
      /SEARCH sl USING (COVERING )?INDEX lesson_teacher_date \(teacher_id=\? AND date>\? AND date<\?\)/,
    );
  });

  it("the administration's pages: the year's loads by year, nothing scanned", () => {
    const details = plan(myLoadsQueries.loadsOfYear, { yearId: 1 });
    const text = details.join('\n');
    expect(
      details.filter((d) => d.startsWith('SCAN ')),
      text,
    ).toEqual([]);
    expect(text).toMatch(/SEARCH l USING INDEX teaching_load_year \(academic_year_id=\?\)/);
  });
});
