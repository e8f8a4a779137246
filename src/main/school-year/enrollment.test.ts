import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import { enrolledOn } from '../../shared/students/enrollment';
import { inClassDuring, inClassOn, notLeftBefore } from './enrollment';

/**
 * The rule «зачислен на дату» on a real file: a student of 5А who came on 5 November, left on
 * 12 November (their last day in the class) and came back on 18 November. Every day is asked of the
 * database through the helpers, the way the journal, the diary and the class lists ask.
 */
let school: School;
let classId: number;
let studentId: number;
const spans = [
  { from: '2026-11-05', to: '2026-11-12' },
  { from: '2026-11-18', to: null },
];

beforeAll(() => {
  school = makeSchool();
  classId = one<{ id: number }>(school.db, "SELECT id FROM class WHERE name = '5А'").id;
  studentId = Number(
    school.db.sqlite
      .prepare(
        "INSERT INTO student (last_name, first_name, search_name, created_at) VALUES ('Орлова', 'Вера', 'орлова вера', '2026-11-01T00:00:00Z')",
      )
      .run().lastInsertRowid,
  );
  const enroll = school.db.sqlite.prepare(
    'INSERT INTO class_enrollment (class_id, student_id, enrolled_on, left_on) VALUES (?, ?, ?, ?)',
  );
  for (const s of spans) enroll.run(classId, studentId, s.from, s.to);
});
afterAll(() => school.close());

/** The enrollments of the student that are kept on `day`, by their first day. */
const onDay = (day: string) =>
  school.db
    .all(
      school.db.builder
        .selectFrom('class_enrollment')
        .select('enrolled_on')
        .where('student_id', '=', studentId)
        .where((eb) => inClassOn(eb, 'class_enrollment', day)),
    )
    .map((r) => r.enrolled_on);

describe('inClassOn: the student is in the class on that day', () => {
  it('from the day of enrollment to the day of leaving, both included, and again after coming back', () => {
    expect(onDay('2026-11-04')).toEqual([]);
    expect(onDay('2026-11-05')).toEqual(['2026-11-05']);
    expect(onDay('2026-11-12')).toEqual(['2026-11-05']);
    expect(onDay('2026-11-13')).toEqual([]);
    expect(onDay('2026-11-17')).toEqual([]);
    expect(onDay('2026-11-18')).toEqual(['2026-11-18']);
    expect(onDay('2026-12-25')).toEqual(['2026-11-18']);
  });

  it('against a date column: the lessons of 5А the student sits in are the days the grid opens for them', () => {
    const rows = school.db.all(
      school.db.builder
        .selectFrom('lesson as l')
        .innerJoin('teaching_load as t', 't.id', 'l.load_id')
        .innerJoin('class_enrollment as e', (j) =>
          j.onRef('e.class_id', '=', 't.class_id').on('e.student_id', '=', studentId),
        )
        .select('l.date')
        .distinct()
        .where('t.class_id', '=', classId)
        .where((eb) => inClassOn(eb, 'e', eb.ref('l.date')))
        .orderBy('l.date'),
    );
    const allDays = school.db.all(
      school.db.builder
        .selectFrom('lesson as l')
        .innerJoin('teaching_load as t', 't.id', 'l.load_id')
        .select('l.date')
        .distinct()
        .where('t.class_id', '=', classId)
        .orderBy('l.date'),
    );
    const days = rows.map((r) => r.date);
    expect(days.length).toBeGreaterThan(0);
    // The same days the renderer leaves open in the journal's grid (shared/students/enrollment.ts).
    expect(days).toEqual(allDays.map((r) => r.date).filter((d) => enrolledOn(spans, d)));
    expect(days).not.toContain('2026-11-13');
    expect(days).toContain('2026-11-12');
  });
});

const during = (from: string, to: string) =>
  school.db
    .all(
      school.db.builder
        .selectFrom('class_enrollment as e')
        .innerJoin('student as s', 's.id', 'e.student_id')
        .select('e.enrolled_on')
        .where('s.id', '=', studentId)
        .where((eb) => inClassDuring(eb, 'e', from, to))
        .orderBy('e.enrolled_on'),
    )
    .map((r) => r.enrolled_on);

describe('inClassDuring: in the class on at least one day of a page or a week', () => {
  it('a range that touches an enrollment by one day at either end keeps it', () => {
    expect(during('2026-11-01', '2026-11-04')).toEqual([]);
    expect(during('2026-11-01', '2026-11-05')).toEqual(['2026-11-05']);
    expect(during('2026-11-12', '2026-11-17')).toEqual(['2026-11-05']);
    expect(during('2026-11-13', '2026-11-17')).toEqual([]);
    expect(during('2026-11-01', '2026-11-30')).toEqual(['2026-11-05', '2026-11-18']);
  });
});

describe('notLeftBefore: in the class on that day or enrolled in it later', () => {
  it('keeps the enrollment that starts later and drops the one that ended before', () => {
    const notLeft = (day: string) =>
      school.db
        .all(
          school.db.builder
            .selectFrom('class_enrollment')
            .select('enrolled_on')
            .where('student_id', '=', studentId)
            .where((eb) => notLeftBefore(eb, 'class_enrollment', day))
            .orderBy('enrolled_on'),
        )
        .map((r) => r.enrolled_on);
    expect(notLeft('2026-11-01')).toEqual(['2026-11-05', '2026-11-18']);
    expect(notLeft('2026-11-12')).toEqual(['2026-11-05', '2026-11-18']);
    expect(notLeft('2026-11-13')).toEqual(['2026-11-18']);
  });
});
