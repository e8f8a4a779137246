import { type Database, prepared } from '../db/database';

/**
 * The periods of a year (четверти, полугодия): the statements the deputy's closing, the reports, the
 * printed book and the diaries all read them with, so each sees the same periods in the same order.
 */

const periodColumns = [
  'id',
  'name',
  'academic_year_id as yearId',
  'grade_from as gradeFrom',
  'grade_to as gradeTo',
  'starts_on as startsOn',
  'ends_on as endsOn',
] as const;

/** Every period of a year, grade band by grade band, each band's in order. */
export const periodsOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('period')
    .select(periodColumns)
    .where('academic_year_id', '=', p.yearId)
    .orderBy('grade_from')
    .orderBy('starts_on'),
);

/** The periods a grade's marks are given for (quarters up to grade 9, for instance), in order. */
export const periodsOfGrade = prepared<{ yearId: number; grade: number }>()((db, p) =>
  db
    .selectFrom('period')
    .select(periodColumns)
    .where('academic_year_id', '=', p.yearId)
    .where('grade_from', '<=', p.grade)
    .where('grade_to', '>=', p.grade)
    .orderBy('starts_on'),
);

const periodById = prepared<{ periodId: number }>()((db, p) =>
  db.selectFrom('period').select(periodColumns).where('id', '=', p.periodId),
);

export type PeriodRow = NonNullable<ReturnType<typeof periodRow>>;

/** The period, or undefined when there is none with that id. */
export function periodRow(db: Database, periodId: number) {
  return db.first(periodById, { periodId });
}
