import { ApiError } from '../../shared/api/errors';
import { formatDate, type IsoDate, weekday } from '../../shared/i18n/dates';
import { type SchoolCalendar, timetableDay } from '../../shared/school-year/school-days';
import { type Database, prepared } from '../db/database';
import { daysPerWeek } from './school';

/** The year's calendar (holidays, переносы, days per week) as the one school-day rule (shared/school-year/school-days.ts) reads it. */

const yearById = prepared<{ yearId: number }>()((db, p) =>
  db.selectFrom('academic_year').select(['starts_on', 'ends_on']).where('id', '=', p.yearId),
);
const holidaysOf = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('holiday')
    .select(['grade_from as gradeFrom', 'grade_to as gradeTo', 'starts_on as startsOn', 'ends_on as endsOn'])
    .where('academic_year_id', '=', p.yearId),
);
const changesOf = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('calendar_change')
    .select(['date', 'kind', 'follows_weekday as followsWeekday'])
    .where('academic_year_id', '=', p.yearId),
);
export function schoolCalendar(db: Database, yearId: number): SchoolCalendar {
  const year = db.first(yearById, { yearId });
  if (!year) throw new ApiError('NOT_FOUND', 'Учебный год не найден');
  return {
    startsOn: year.starts_on,
    endsOn: year.ends_on,
    holidays: db.all(holidaysOf, { yearId }),
    changes: db.all(changesOf, { yearId }),
    daysPerWeek: daysPerWeek(db),
  };
}

const WHY_NOT = ['воскресенье', '', '', '', '', '', 'суббота при пятидневной неделе'];

/** The refusal for a lesson on a day the class has no lessons, saying why in the school's words. */
export function notSchoolDay(
  calendar: SchoolCalendar,
  grade: number,
  className: string,
  date: IsoDate,
  field: string,
): ApiError {
  const holiday = calendar.holidays.find(
    (h) => grade >= h.gradeFrom && grade <= h.gradeTo && date >= h.startsOn && date <= h.endsOn,
  );
  const change = calendar.changes.find((c) => c.date === date);
  const why =
    date < calendar.startsOn || date > calendar.endsOn
      ? 'вне учебного года'
      : holiday
        ? 'каникулы или праздник'
        : change?.kind === 'day_off'
          ? 'выходной по переносу'
          : WHY_NOT[weekday(date)] || 'выходной';
  return new ApiError(
    'VALIDATION',
    `${formatDate(date)} — не учебный день для ${className} (${why}): урок в этот день поставить нельзя`,
    field,
  );
}

/** Refuses a date on which `grade` has no lessons (the same rule as the timetable's generation). */
export function assertSchoolDay(
  db: Database,
  yearId: number,
  grade: number,
  className: string,
  date: IsoDate,
  field: string,
): void {
  const calendar = schoolCalendar(db, yearId);
  if (timetableDay(calendar, grade, date) === null)
    throw notSchoolDay(calendar, grade, className, date, field);
}
