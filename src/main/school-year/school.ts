import { ApiError } from '../../shared/api/errors';
import { formatDate, type IsoDate } from '../../shared/i18n/dates';
import { DEFAULT_GRADING_RULES, type GradingRules } from '../../shared/journal/grading';
import { DEFAULT_MARK_SCALE, type MarkScale } from '../../shared/journal/marks';
import type { SchoolCalendar } from '../../shared/school-year/school-days';
import { type Database, prepared } from '../db/database';

/** Facts about the school year and settings that several services need. */

const settingByKey = prepared<{ key: string }>()((db, p) =>
  db.selectFrom('setting').select('value').where('key', '=', p.key),
);

export function getSetting<T>(db: Database, key: string, fallback: T): T {
  const row = db.first(settingByKey, { key });
  return row ? { ...fallback, ...(JSON.parse(row.value) as T) } : fallback;
}

/**
 * The journal's identity (migration 0005): the same in the journal and in its restored backups,
 * different for any other journal. Staff computers key what they keep for a journal by it.
 */
export function journalId(db: Database): string {
  const row = db.first(settingByKey, { key: 'journal.id' });
  if (!row) throw new Error('the journal has no identity (setting journal.id)');
  return JSON.parse(row.value) as string;
}

/** The school's grading settings (the deputy's «Оценивание», src/main/grading): read here, by every feature. */
const schoolNames = prepared()((db) =>
  db.selectFrom('school').select(['name', 'full_name as fullName', 'director_name as directorName']).limit(1),
);

/** The school's names and its director, as the first-run screen recorded them. */
export function schoolOf(db: Database) {
  return db.first(schoolNames, {});
}

/** The school as a printed document names it: its full name, or the short one. */
export function schoolTitle(db: Database): string {
  const s = schoolOf(db);
  return s?.fullName || s?.name || '';
}

export const MARK_SCALE_KEY = 'marks.scale';
export const MARK_RULES_KEY = 'marks.rules';

export function markScale(db: Database): MarkScale {
  return getSetting(db, MARK_SCALE_KEY, DEFAULT_MARK_SCALE);
}

/** The mark scale, the rounding preset and the minimum of marks, as shared/journal/grading.ts takes them. */
export function gradingRules(db: Database): GradingRules {
  const { rounding, minMarks } = getSetting(db, MARK_RULES_KEY, {
    rounding: DEFAULT_GRADING_RULES.rounding,
    minMarks: DEFAULT_GRADING_RULES.minMarks,
  });
  return { allowOne: markScale(db).allowOne, rounding, minMarks };
}

const yearOfDate = prepared<{ date: string }>()((db, p) =>
  db
    .selectFrom('academic_year')
    .select(['id', 'name', 'starts_on', 'ends_on'])
    .where('starts_on', '<=', p.date)
    .where('ends_on', '>=', p.date),
);

const latestYear = prepared()((db) =>
  db
    .selectFrom('academic_year')
    .select(['id', 'name', 'starts_on', 'ends_on'])
    .orderBy('starts_on', 'desc')
    .limit(1),
);

export interface YearRow {
  id: number;
  name: string;
  starts_on: string;
  ends_on: string;
}

/** The academic year a date falls in, if any. */
export function yearOf(db: Database, date: IsoDate): YearRow | undefined {
  return db.first(yearOfDate, { date });
}

/** The year in progress, or (in summer) the latest one the school has set up. */
export function currentYear(db: Database, today: IsoDate): YearRow | undefined {
  return yearOf(db, today) ?? db.first(latestYear);
}

export function outsideYear(date: IsoDate, year: YearRow, field: string): ApiError {
  return new ApiError(
    'VALIDATION',
    `Дата ${formatDate(date)} вне учебного года ${year.name} (${formatDate(year.starts_on)} – ${formatDate(year.ends_on)})`,
    field,
  );
}

const periodOfDate = prepared<{ yearId: number; grade: number; date: string; classId: number }>()((db, p) =>
  db
    .selectFrom('period as p')
    .innerJoin('class as c', (j) => j.on('c.id', '=', p.classId))
    .leftJoin('period_closure as pc', (j) =>
      j.onRef('pc.period_id', '=', 'p.id').onRef('pc.class_id', '=', 'c.id').on('pc.reopened_at', 'is', null),
    )
    .select(['p.id', 'p.name', 'c.name as className', 'pc.closed_at as closedAt'])
    .where('p.academic_year_id', '=', p.yearId)
    .where('p.grade_from', '<=', p.grade)
    .where('p.grade_to', '>=', p.grade)
    .where('p.starts_on', '<=', p.date)
    .where('p.ends_on', '>=', p.date),
);

const periodById = prepared<{ periodId: number; classId: number }>()((db, p) =>
  db
    .selectFrom('period as p')
    .innerJoin('class as c', (j) => j.on('c.id', '=', p.classId))
    .leftJoin('period_closure as pc', (j) =>
      j.onRef('pc.period_id', '=', 'p.id').onRef('pc.class_id', '=', 'c.id').on('pc.reopened_at', 'is', null),
    )
    .select(['p.id', 'p.name', 'c.name as className', 'pc.closed_at as closedAt'])
    .where('p.id', '=', p.periodId),
);

const closedOfClass = prepared<{ yearId: number; grade: number; classId: number }>()((db, p) =>
  db
    .selectFrom('period as p')
    .innerJoin('period_closure as pc', (j) =>
      j.onRef('pc.period_id', '=', 'p.id').on('pc.class_id', '=', p.classId).on('pc.reopened_at', 'is', null),
    )
    .select(['p.starts_on as from', 'p.ends_on as to'])
    .where('p.academic_year_id', '=', p.yearId)
    .where('p.grade_from', '<=', p.grade)
    .where('p.grade_to', '>=', p.grade),
);

/** The date ranges of the periods closed for a class now (for work over many lessons, as the КТП's fill). */
export function closedPeriodsOf(
  db: Database,
  at: { yearId: number; grade: number; classId: number },
): { from: IsoDate; to: IsoDate }[] {
  return db.all(closedOfClass, at);
}

/** Where a write lands: a lesson's (or a new lesson's) day in a class, or a period of a class by id. */
export type PeriodPlace =
  | { yearId: number; grade: number; classId: number; date: IsoDate }
  | { periodId: number; classId: number };

/**
 * The one check every write into a period calls (marks, absences, topics and homework, lessons added,
 * moved, cancelled or substituted, period marks): the period is closed for this class (a row of
 * period_closure not reopened, migration 0015) → refused, naming the period and the class. The deputy
 * closes and reopens (src/main/periods/closing.ts).
 */
export function assertPeriodOpen(db: Database, at: PeriodPlace): void {
  const period = 'periodId' in at ? db.first(periodById, at) : db.first(periodOfDate, at);
  if (period?.closedAt) {
    throw new ApiError(
      'FORBIDDEN',
      `Период «${period.name}» закрыт для ${period.className} класса: изменения возможны только после того, как заместитель директора откроет его снова`,
    );
  }
}

const yearById = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('academic_year')
    .select(['id', 'name', 'starts_on', 'ends_on', 'archived_at'])
    .where('id', '=', p.yearId),
);

/** A year by id, or NOT_FOUND naming the field that carried the id. */
export function findYear(db: Database, yearId: number, field = 'yearId') {
  const year = db.first(yearById, { yearId });
  if (!year) throw new ApiError('NOT_FOUND', 'Учебный год не найден', field);
  return year;
}

/**
 * The one rule for a year after the rollover: still readable, no longer writable. Every write to a
 * year's data checks it — the journal's (through the page's scope check, journal/access.ts) and the
 * year's own set-up.
 */
export function assertYearOpen(db: Database, yearId: number): void {
  const year = db.first(yearById, { yearId });
  if (year?.archived_at) {
    throw new ApiError(
      'FORBIDDEN',
      `Учебный год ${year.name} закрыт: он переведён в архив ${formatDate(year.archived_at.slice(0, 10))}, его данные можно только просматривать`,
    );
  }
}

export const DAYS_PER_WEEK_KEY = 'school.daysPerWeek';

/** The school's week: 5 or 6 school days for grades 2–11 (grade 1 always has five, СП 2.4.3648-20). */
export function daysPerWeek(db: Database): 5 | 6 {
  return getSetting<{ days: 5 | 6 }>(db, DAYS_PER_WEEK_KEY, { days: 5 }).days;
}

const holidaysOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('holiday')
    .select(['id', 'name', 'grade_from', 'grade_to', 'starts_on', 'ends_on'])
    .where('academic_year_id', '=', p.yearId)
    .orderBy('starts_on')
    .orderBy('grade_from'),
);

const changesOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('calendar_change')
    .select(['id', 'date', 'kind', 'follows_weekday', 'reason'])
    .where('academic_year_id', '=', p.yearId)
    .orderBy('date'),
);

/**
 * A year's rows as the one school-day rule (shared/school-year/school-days.ts) takes them: the year
 * screens and the timetable's lesson generation read the calendar through this.
 */
export function schoolCalendar(db: Database, yearId: number): SchoolCalendar {
  const year = findYear(db, yearId);
  return {
    startsOn: year.starts_on,
    endsOn: year.ends_on,
    holidays: db.all(holidaysOfYear, { yearId }).map((h) => ({
      gradeFrom: h.grade_from,
      gradeTo: h.grade_to,
      startsOn: h.starts_on,
      endsOn: h.ends_on,
    })),
    changes: db.all(changesOfYear, { yearId }).map((c) => ({
      date: c.date,
      kind: c.kind,
      followsWeekday: c.follows_weekday,
    })),
    daysPerWeek: daysPerWeek(db),
  };
}

export const yearQueries = { holidaysOfYear, changesOfYear };
