import { ApiError } from '../../shared/api/errors';
import { formatDate, type IsoDate } from '../../shared/i18n/dates';
import { DEFAULT_MARK_SCALE, type MarkScale } from '../../shared/journal/marks';
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

export function markScale(db: Database): MarkScale {
  return getSetting(db, 'marks.scale', DEFAULT_MARK_SCALE);
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

const periodOfDate = prepared<{ yearId: number; grade: number; date: string }>()((db, p) =>
  db
    .selectFrom('period')
    .select(['id', 'name', 'closed_at'])
    .where('academic_year_id', '=', p.yearId)
    .where('grade_from', '<=', p.grade)
    .where('grade_to', '>=', p.grade)
    .where('starts_on', '<=', p.date)
    .where('ends_on', '>=', p.date),
);

/** Marks and lessons of a closed period can no longer be changed by teachers. */
export function assertPeriodOpen(db: Database, yearId: number, grade: number, date: IsoDate): void {
  const period = db.first(periodOfDate, { yearId, grade, date });
  if (period?.closed_at) {
    throw new ApiError(
      'FORBIDDEN',
      `Период «${period.name}» закрыт: изменения возможны только после того, как заместитель директора его откроет`,
    );
  }
}
