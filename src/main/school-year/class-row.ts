import { type Database, prepared } from '../db/database';

/**
 * A class by its id, with its academic year and its class teacher (классный руководитель): what the
 * roster, the timetable, the reports and the printed documents all ask of a class. One statement, so
 * each of them sees the same class.
 */
const classById = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('class as c')
    .innerJoin('academic_year as y', 'y.id', 'c.academic_year_id')
    .leftJoin('user_account as t', 't.id', 'c.class_teacher_id')
    .select([
      'c.id',
      'c.name',
      'c.grade',
      'c.academic_year_id as yearId',
      'y.name as academicYear',
      'y.starts_on as yearStartsOn',
      'y.ends_on as yearEndsOn',
      'y.archived_at as archivedAt',
      'c.class_teacher_id as classTeacherId',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
    ])
    .where('c.id', '=', p.classId),
);

/** The classes of a year, grade by grade, each grade's by letter. */
export const classesOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('class')
    .select(['id', 'name', 'grade'])
    .where('academic_year_id', '=', p.yearId)
    .orderBy('grade')
    .orderBy('letter'),
);

export type ClassRow = NonNullable<ReturnType<typeof classRow>>;

/** The class, or undefined when there is none with that id. */
export function classRow(db: Database, classId: number) {
  return db.first(classById, { classId });
}
