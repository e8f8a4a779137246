import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekday } from '../src/shared/i18n/dates';
import { ABSENCES, CLASSES, STAFF } from './fixtures';
import { all, makeSchool, one, type School } from './school';

/** The hand-made school is what test/fixtures.ts says it is, so a typo there cannot go unnoticed. */
let school: School;
beforeAll(() => {
  school = makeSchool();
});
afterAll(() => school.close());

describe('test school', () => {
  it('has the classes and students written out, each with a guardian', () => {
    const classes = all<{ name: string; n: number }>(
      school.db,
      'SELECT c.name, count(e.id) AS n FROM class c JOIN class_enrollment e ON e.class_id = c.id GROUP BY c.id ORDER BY c.grade',
    );
    expect(classes).toEqual(CLASSES.map((c) => ({ name: `${c.grade}${c.letter}`, n: c.students.length })));
    const orphans = one<{ n: number }>(
      school.db,
      'SELECT count(*) AS n FROM student WHERE id NOT IN (SELECT student_id FROM student_guardian)',
    ).n;
    expect(orphans).toBe(0);
  });

  it('gives every staff member their roles, and every teacher a page', () => {
    for (const s of STAFF) {
      const roles = all<{ role: string }>(
        school.db,
        'SELECT role FROM user_role r JOIN user_account u ON u.id = r.user_id WHERE u.login = ?',
        s.login,
      ).map((r) => r.role);
      expect(roles, s.login).toEqual(s.roles);
    }
    const idle = all<{ login: string }>(
      school.db,
      "SELECT u.login FROM user_account u JOIN user_role r ON r.user_id = u.id AND r.role = 'teacher' WHERE u.id NOT IN (SELECT teacher_id FROM teaching_load)",
    );
    expect(idle).toEqual([]);
  });

  it('has lessons only on school days of the year, and every written-out absence on some lesson', () => {
    const days = all<{ date: string; grade: number }>(
      school.db,
      'SELECT DISTINCT s.date, c.grade FROM lesson s JOIN teaching_load l ON l.id = s.load_id JOIN class c ON c.id = l.class_id',
    );
    const holidays = all<{ starts_on: string; ends_on: string; grade_from: number; grade_to: number }>(
      school.db,
      'SELECT * FROM holiday',
    );
    for (const d of days) {
      expect([1, 2, 3, 4, 5], d.date).toContain(weekday(d.date));
      expect(d.date >= '2026-09-01' && d.date <= '2027-05-26', d.date).toBe(true);
      const off = holidays.find(
        (h) =>
          d.grade >= h.grade_from && d.grade <= h.grade_to && d.date >= h.starts_on && d.date <= h.ends_on,
      );
      expect(off, `${d.date} grade ${d.grade}`).toBeUndefined();
    }
    for (const a of ABSENCES) {
      const n = one<{ n: number }>(
        school.db,
        `SELECT count(*) AS n FROM absence x JOIN lesson s ON s.id = x.lesson_id JOIN student p ON p.id = x.student_id
         WHERE p.last_name || ' ' || p.first_name || ' ' || p.middle_name = ? AND s.date = ? AND x.code = ?`,
        a.student,
        a.date,
        a.code,
      ).n;
      expect(n, `${a.student} ${a.date}`).toBeGreaterThan(0);
    }
  });
});
