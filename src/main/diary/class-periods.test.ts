import { afterAll, beforeAll, expect, it } from 'vitest';
import { all, fixtures, makeSchool, type School } from '../../../test/school';

let school: School;
beforeAll(() => {
  school = makeSchool();
});
afterAll(() => school.close());

it("lists the periods of the class's year and grade, in order, for the report card's choice", async () => {
  const fx = fixtures(school.db);
  const token = await school.login('klassruk');
  const r = await school.call('diary.classPeriods', { classId: fx.ctClassId }, token, 'staff');
  const expected = all<{ id: number; name: string; startsOn: string; endsOn: string }>(
    school.db,
    `SELECT p.id, p.name, p.starts_on AS startsOn, p.ends_on AS endsOn FROM period p JOIN class c
     ON c.academic_year_id = p.academic_year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
     WHERE c.id = ? ORDER BY p.starts_on`,
    fx.ctClassId,
  );
  expect(expected.length).toBeGreaterThan(1);
  expect(r).toEqual({ ok: true, value: expected });
});
