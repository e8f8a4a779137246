import { searchKey } from '../../shared/i18n/names';
import type { MarkingMode } from '../../shared/journal/marks';
import { DEFAULT_BELLS } from '../../shared/school-year/bells-defaults';
import type { CalendarDefaults } from '../../shared/school-year/calendar-defaults';
import { FEDERAL_CURRICULUM, markingModeFor } from '../../shared/school-year/curriculum-defaults';
import { type Database, prepared } from '../db/database';

/**
 * The statements a year is written with from the federal defaults: the deputy's «Новый учебный год»,
 * the rollover, the demo school and the tests' hand-made school all go through insertYear and
 * insertFederalCurriculum, so the demo holds exactly what a school could have made itself.
 */
export const yearRows = {
  bellSchedule: prepared<{
    yearId: number;
    name: string;
    gradeFrom: number;
    gradeTo: number;
    validFrom: string;
    validTo: string;
  }>()((db, p) =>
    db.insertInto('bell_schedule').values({
      academic_year_id: p.yearId,
      name: p.name,
      grade_from: p.gradeFrom,
      grade_to: p.gradeTo,
      valid_from: p.validFrom,
      valid_to: p.validTo,
    }),
  ),
  bell: prepared<{ scheduleId: number; number: number; startsAt: string; endsAt: string }>()((db, p) =>
    db
      .insertInto('bell')
      .values({ schedule_id: p.scheduleId, number: p.number, starts_at: p.startsAt, ends_at: p.endsAt }),
  ),
  year: prepared<{ name: string; startsOn: string; endsOn: string }>()((db, p) =>
    db.insertInto('academic_year').values({ name: p.name, starts_on: p.startsOn, ends_on: p.endsOn }),
  ),
  period: prepared<{
    yearId: number;
    kind: 'quarter' | 'trimester' | 'half_year';
    number: number;
    name: string;
    gradeFrom: number;
    gradeTo: number;
    startsOn: string;
    endsOn: string;
  }>()((db, p) =>
    db.insertInto('period').values({
      academic_year_id: p.yearId,
      kind: p.kind,
      number: p.number,
      name: p.name,
      grade_from: p.gradeFrom,
      grade_to: p.gradeTo,
      starts_on: p.startsOn,
      ends_on: p.endsOn,
      closed_at: null,
      closed_by: null,
    }),
  ),
  holiday: prepared<{
    yearId: number;
    name: string;
    gradeFrom: number;
    gradeTo: number;
    startsOn: string;
    endsOn: string;
  }>()((db, p) =>
    db.insertInto('holiday').values({
      academic_year_id: p.yearId,
      name: p.name,
      grade_from: p.gradeFrom,
      grade_to: p.gradeTo,
      starts_on: p.startsOn,
      ends_on: p.endsOn,
    }),
  ),
  subject: prepared<{ name: string; shortName: string; search: string; order: number }>()((db, p) =>
    db
      .insertInto('subject')
      .values({ name: p.name, short_name: p.shortName, search_name: p.search, sort_order: p.order }),
  ),
  curriculum: prepared<{
    yearId: number;
    grade: number;
    subjectId: number;
    hours: number;
    marking: MarkingMode;
  }>()((db, p) =>
    db.insertInto('curriculum_item').values({
      academic_year_id: p.yearId,
      grade: p.grade,
      class_id: null,
      subject_id: p.subjectId,
      hours_per_week: p.hours,
      marking_mode: p.marking,
    }),
  ),
};

/**
 * An academic year as the federal defaults give it: its periods, holidays and the default bell
 * schedules. Returns its id. The caller has checked that it overlaps no other year.
 */
export function insertYear(db: Database, calendar: CalendarDefaults): number {
  const q = yearRows;
  const yearId = db.run(q.year, {
    name: calendar.name,
    startsOn: calendar.startsOn,
    endsOn: calendar.endsOn,
  }).lastId;
  for (const p of calendar.periods) db.run(q.period, { yearId, ...p });
  for (const h of calendar.holidays) db.run(q.holiday, { yearId, ...h });
  const startYear = Number(calendar.startsOn.slice(0, 4));
  const onDay = (monthDay: string) => `${monthDay >= '09-01' ? startYear : startYear + 1}-${monthDay}`;
  for (const b of DEFAULT_BELLS) {
    const scheduleId = db.run(q.bellSchedule, {
      yearId,
      name: b.name,
      gradeFrom: b.gradeFrom,
      gradeTo: b.gradeTo,
      // Inside the year: the bells of a day outside it are never asked for.
      validFrom: [onDay(b.from), calendar.startsOn].sort()[1]!,
      validTo: [onDay(b.to), calendar.endsOn].sort()[0]!,
    }).lastId;
    for (const [number, startsAt, endsAt] of b.bells)
      db.run(q.bell, { scheduleId, number, startsAt, endsAt });
  }
  return yearId;
}

const subjectsByName = prepared()((db) => db.selectFrom('subject').select(['id', 'name']));
const maxSubjectOrder = prepared()((db) =>
  db.selectFrom('subject').select((eb) => eb.fn.max('sort_order').as('n')),
);

/**
 * The federal curriculum (curriculum-defaults.ts) as the year's grade plans; a subject the school
 * does not have yet is added. Returns every subject's id by name.
 */
export function insertFederalCurriculum(db: Database, yearId: number): Map<string, number> {
  const ids = new Map(db.all(subjectsByName).map((s) => [s.name, s.id]));
  let order = (db.first(maxSubjectOrder)?.n ?? -1) + 1;
  for (const s of FEDERAL_CURRICULUM) {
    if (ids.has(s.name)) continue;
    const id = db.run(yearRows.subject, {
      name: s.name,
      shortName: s.shortName,
      search: searchKey(s.name),
      order: order++,
    }).lastId;
    ids.set(s.name, id);
  }
  for (const s of FEDERAL_CURRICULUM) {
    s.hours.forEach((hours, i) => {
      if (hours > 0) {
        const grade = i + 1;
        db.run(yearRows.curriculum, {
          yearId,
          grade,
          subjectId: ids.get(s.name)!,
          hours,
          marking: markingModeFor(s, grade),
        });
      }
    });
  }
  return ids;
}
