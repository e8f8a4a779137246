import type { ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { formatDate, weekday } from '../../shared/i18n/dates';
import { federalCalendar } from '../../shared/school-year/calendar-defaults';
import { PERIODS_OF_KIND, type YearCalendar, type YearSummary } from '../../shared/school-year/contract';
import type { Database } from '../db/database';
import type { AuthedContext } from '../router/context';
import { insertFederalCurriculum, insertYear } from './rows';
import {
  assertYearOpen,
  DAYS_PER_WEEK_KEY,
  daysPerWeek,
  findYear,
  outsideYear,
  type YearRow,
  yearQueries,
} from './school';

/** The deputy's calendar of the year (годовой календарный учебный график, 000 §3.6). */

const ROMAN = ['I', 'II', 'III', 'IV'];
const WEEKDAYS = ['', 'понедельника', 'вторника', 'среды', 'четверга', 'пятницы', 'субботы'];

function summary(y: {
  id: number;
  name: string;
  starts_on: string;
  ends_on: string;
  archived_at: string | null;
}) {
  return {
    id: y.id,
    name: y.name,
    startsOn: y.starts_on,
    endsOn: y.ends_on,
    archived: y.archived_at !== null,
  };
}

export function years(ctx: AuthedContext): YearSummary[] {
  return ctx.db
    .all(
      ctx.db.builder
        .selectFrom('academic_year')
        .select(['id', 'name', 'starts_on', 'ends_on', 'archived_at'])
        .orderBy('starts_on'),
    )
    .map(summary);
}

export function readCalendar(db: Database, yearId: number): YearCalendar {
  const year = findYear(db, yearId);
  const periods = db.all(
    db.builder
      .selectFrom('period')
      .select(['id', 'kind', 'number', 'name', 'grade_from', 'grade_to', 'starts_on', 'ends_on'])
      // Closed for at least one class (period_closure not reopened: the deputy's «Закрытие периодов»).
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('period_closure as c')
              .select('c.id')
              .whereRef('c.period_id', '=', 'period.id')
              .where('c.reopened_at', 'is', null),
          )
          .as('closed'),
      )
      .where('academic_year_id', '=', yearId)
      .orderBy('grade_from')
      .orderBy('starts_on'),
  );
  const schedules = db.all(
    db.builder
      .selectFrom('bell_schedule')
      .selectAll()
      .where('academic_year_id', '=', yearId)
      .orderBy('grade_from', 'desc')
      .orderBy('valid_from'),
  );
  const bells = db.all(
    db.builder
      .selectFrom('bell')
      .innerJoin('bell_schedule as s', 's.id', 'bell.schedule_id')
      .select(['bell.schedule_id', 'bell.number', 'bell.starts_at', 'bell.ends_at'])
      .where('s.academic_year_id', '=', yearId)
      .orderBy('bell.number'),
  );
  return {
    year: summary(year),
    daysPerWeek: daysPerWeek(db),
    periods: periods.map((p) => ({
      id: p.id,
      kind: p.kind,
      number: p.number,
      name: p.name,
      gradeFrom: p.grade_from,
      gradeTo: p.grade_to,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      closed: Boolean(p.closed),
    })),
    holidays: db.all(yearQueries.holidaysOfYear, { yearId }).map((h) => ({
      id: h.id,
      name: h.name,
      gradeFrom: h.grade_from,
      gradeTo: h.grade_to,
      startsOn: h.starts_on,
      endsOn: h.ends_on,
    })),
    changes: db.all(yearQueries.changesOfYear, { yearId }).map((c) => ({
      id: c.id,
      date: c.date,
      kind: c.kind,
      followsWeekday: c.follows_weekday,
      reason: c.reason,
    })),
    bellSchedules: schedules.map((s) => ({
      id: s.id,
      name: s.name,
      gradeFrom: s.grade_from,
      gradeTo: s.grade_to,
      validFrom: s.valid_from,
      validTo: s.valid_to,
      bells: bells
        .filter((b) => b.schedule_id === s.id)
        .map((b) => ({ number: b.number, startsAt: b.starts_at, endsAt: b.ends_at })),
    })),
  };
}

export function calendar(ctx: AuthedContext, input: ParsedInput<'year.calendar'>): YearCalendar {
  return readCalendar(ctx.db, input.yearId);
}

/** The year being edited: found, and not archived. */
function openYear(db: Database, yearId: number): YearRow {
  const year = findYear(db, yearId);
  assertYearOpen(db, yearId);
  return year;
}

const range = (from: string, to: string) => `${formatDate(from)} – ${formatDate(to)}`;

/**
 * A new academic year from the federal defaults in one step (calendar, bells, curriculum); a year
 * that overlaps one the school has is refused. Shared with the rollover.
 */
export function createYear(db: Database, startYear: number): number {
  const c = federalCalendar(startYear);
  const clash = db.first(
    db.builder
      .selectFrom('academic_year')
      .select(['name', 'starts_on', 'ends_on'])
      .where('starts_on', '<=', c.endsOn)
      .where('ends_on', '>=', c.startsOn),
  );
  if (clash) {
    throw new ApiError(
      'VALIDATION',
      `Учебный год ${c.name} (${range(c.startsOn, c.endsOn)}) пересекается с учебным годом ${clash.name} (${range(clash.starts_on, clash.ends_on)})`,
      'startYear',
    );
  }
  const yearId = insertYear(db, c);
  insertFederalCurriculum(db, yearId);
  return yearId;
}

export function create(ctx: AuthedContext, input: ParsedInput<'year.create'>): YearSummary {
  const yearId = createYear(ctx.db, input.startYear);
  const year = findYear(ctx.db, yearId);
  ctx.audit({ entity: 'academic_year', entityId: yearId, before: null, after: summary(year) });
  return summary(year);
}

function bandText(from: number, to: number): string {
  return from === to ? `${from} класса` : `${from}–${to} классов`;
}

/**
 * The periods of a band of grades: inside the year, in order, not overlapping each other nor the
 * periods of another band that shares a grade; the first starts with the year and the last ends
 * with it (between them only holidays). Periods keep their ids where they can (period marks and
 * closing refer to them); a period that is closed or has period marks is never removed.
 */
export function setPeriods(ctx: AuthedContext, input: ParsedInput<'year.setPeriods'>): YearCalendar {
  const { db } = ctx;
  const year = openYear(db, input.yearId);
  const kind = PERIODS_OF_KIND[input.kind];
  if (input.periods.length !== kind.count) {
    throw new ApiError(
      'VALIDATION',
      `${kind.plural[0]!.toUpperCase()}${kind.plural.slice(1)}: в году их ${kind.count}, указано ${input.periods.length}`,
      'periods',
    );
  }
  input.periods.forEach((p, i) => {
    const name = `${ROMAN[i]} ${kind.noun}`;
    if (p.startsOn < year.starts_on || p.endsOn > year.ends_on)
      throw outsideYear(p.startsOn < year.starts_on ? p.startsOn : p.endsOn, year, 'periods');
    const prev = input.periods[i - 1];
    if (prev && p.startsOn <= prev.endsOn)
      throw new ApiError(
        'VALIDATION',
        `${name} (${range(p.startsOn, p.endsOn)}) начинается раньше, чем кончается предыдущий период (${formatDate(prev.endsOn)})`,
        'periods',
      );
  });
  const first = input.periods[0]!;
  const last = input.periods[input.periods.length - 1]!;
  if (first.startsOn !== year.starts_on || last.endsOn !== year.ends_on) {
    throw new ApiError(
      'VALIDATION',
      `Периоды должны занимать весь учебный год: с ${formatDate(year.starts_on)} по ${formatDate(year.ends_on)}`,
      'periods',
    );
  }
  const existing = db.all(
    db.builder
      .selectFrom('period')
      .select(['id', 'grade_from', 'grade_to', 'name'])
      // Ever closed for a class: its closings (and their history) refer to it.
      .select((eb) =>
        eb
          .exists(
            eb.selectFrom('period_closure as c').select('c.id').whereRef('c.period_id', '=', 'period.id'),
          )
          .as('closedEver'),
      )
      .where('academic_year_id', '=', year.id)
      .orderBy('starts_on'),
  );
  const sameBand = existing.filter((p) => p.grade_from === input.gradeFrom && p.grade_to === input.gradeTo);
  const other = existing.find(
    (p) => !sameBand.includes(p) && p.grade_from <= input.gradeTo && p.grade_to >= input.gradeFrom,
  );
  if (other) {
    throw new ApiError(
      'VALIDATION',
      `У ${bandText(input.gradeFrom, input.gradeTo)} часть классов уже входит в другую группу периодов (${other.name}, ${bandText(other.grade_from, other.grade_to)})`,
      'gradeFrom',
    );
  }
  const before = sameBand.map((p) => p.id);
  // Removed periods (a year going from quarters to half-years): refused if they hold anything.
  for (const p of sameBand.slice(input.periods.length)) {
    const used = db.first(
      db.builder.selectFrom('final_mark').select('id').where('period_id', '=', p.id).limit(1),
    );
    if (p.closedEver || used)
      throw new ApiError(
        'CONFLICT',
        `Период «${p.name}» уже закрыт или в нём есть итоговые отметки: его нельзя удалить`,
        'kind',
      );
    db.run(db.builder.deleteFrom('period').where('id', '=', p.id));
  }
  input.periods.forEach((p, i) => {
    const values = {
      kind: input.kind,
      number: i + 1,
      name: `${ROMAN[i]} ${kind.noun}`,
      starts_on: p.startsOn,
      ends_on: p.endsOn,
    };
    const keep = sameBand[i];
    if (keep) db.run(db.builder.updateTable('period').set(values).where('id', '=', keep.id));
    else
      db.run(
        db.builder.insertInto('period').values({
          ...values,
          academic_year_id: year.id,
          grade_from: input.gradeFrom,
          grade_to: input.gradeTo,
          closed_at: null,
          closed_by: null,
        }),
      );
  });
  ctx.audit({ entity: 'period', entityId: null, before: { yearId: year.id, ids: before }, after: input });
  return readCalendar(db, year.id);
}

export function saveHoliday(ctx: AuthedContext, input: ParsedInput<'year.saveHoliday'>): YearCalendar {
  const { db } = ctx;
  const year = openYear(db, input.yearId);
  if (input.startsOn < year.starts_on) throw outsideYear(input.startsOn, year, 'startsOn');
  if (input.endsOn > year.ends_on) throw outsideYear(input.endsOn, year, 'endsOn');
  const values = {
    name: input.name,
    grade_from: input.gradeFrom,
    grade_to: input.gradeTo,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
  };
  if (input.holidayId === null) {
    const id = db.run(
      db.builder.insertInto('holiday').values({ ...values, academic_year_id: year.id }),
    ).lastId;
    ctx.audit({ entity: 'holiday', entityId: id, before: null, after: values });
  } else {
    const before = db.first(
      db.builder
        .selectFrom('holiday')
        .selectAll()
        .where('id', '=', input.holidayId)
        .where('academic_year_id', '=', year.id),
    );
    if (!before) throw new ApiError('NOT_FOUND', 'Каникулы не найдены', 'holidayId');
    db.run(db.builder.updateTable('holiday').set(values).where('id', '=', input.holidayId));
    ctx.audit({ entity: 'holiday', entityId: input.holidayId, before, after: values });
  }
  return readCalendar(db, year.id);
}

export function deleteHoliday(ctx: AuthedContext, input: ParsedInput<'year.deleteHoliday'>): YearCalendar {
  const { db } = ctx;
  const before = db.first(db.builder.selectFrom('holiday').selectAll().where('id', '=', input.holidayId));
  if (!before) throw new ApiError('NOT_FOUND', 'Каникулы не найдены', 'holidayId');
  openYear(db, before.academic_year_id);
  db.run(db.builder.deleteFrom('holiday').where('id', '=', input.holidayId));
  ctx.audit({ entity: 'holiday', entityId: input.holidayId, before, after: null });
  return readCalendar(db, before.academic_year_id);
}

/**
 * A перенос: a weekday made a day off, or a Saturday/Sunday made a school day following the
 * timetable of another weekday. One change per date (a second one for the date replaces it).
 */
export function saveChange(ctx: AuthedContext, input: ParsedInput<'year.saveChange'>): YearCalendar {
  const { db } = ctx;
  const year = openYear(db, input.yearId);
  if (input.date < year.starts_on || input.date > year.ends_on) throw outsideYear(input.date, year, 'date');
  const day = weekday(input.date);
  const weekend = day === 0 || day === 6;
  if (input.kind === 'school_day' && !weekend)
    throw new ApiError(
      'VALIDATION',
      `${formatDate(input.date)} — и так учебный день: рабочим по переносу делают субботу или воскресенье`,
      'date',
    );
  if (input.kind === 'day_off' && day === 0)
    throw new ApiError('VALIDATION', `${formatDate(input.date)} — воскресенье, и так выходной`, 'date');
  const values = { kind: input.kind, follows_weekday: input.followsWeekday, reason: input.reason };
  const before = db.first(
    db.builder
      .selectFrom('calendar_change')
      .selectAll()
      .where('academic_year_id', '=', year.id)
      .where('date', '=', input.date),
  );
  if (before) db.run(db.builder.updateTable('calendar_change').set(values).where('id', '=', before.id));
  else
    db.run(
      db.builder
        .insertInto('calendar_change')
        .values({ ...values, academic_year_id: year.id, date: input.date }),
    );
  ctx.audit({
    entity: 'calendar_change',
    entityId: before?.id ?? null,
    before: before ?? null,
    after: { date: input.date, ...values },
  });
  return readCalendar(db, year.id);
}

export function deleteChange(ctx: AuthedContext, input: ParsedInput<'year.deleteChange'>): YearCalendar {
  const { db } = ctx;
  const before = db.first(
    db.builder.selectFrom('calendar_change').selectAll().where('id', '=', input.changeId),
  );
  if (!before) throw new ApiError('NOT_FOUND', 'Перенос не найден', 'changeId');
  openYear(db, before.academic_year_id);
  db.run(db.builder.deleteFrom('calendar_change').where('id', '=', input.changeId));
  ctx.audit({ entity: 'calendar_change', entityId: input.changeId, before, after: null });
  return readCalendar(db, before.academic_year_id);
}

/** «Рабочая суббота по расписанию понедельника» — how a transferred school day reads. */
export function followsText(weekdayNumber: number): string {
  return `по расписанию ${WEEKDAYS[weekdayNumber] ?? ''}`;
}

export function setDaysPerWeek(ctx: AuthedContext, input: ParsedInput<'year.setDaysPerWeek'>): YearCalendar {
  const { db } = ctx;
  openYear(db, input.yearId);
  const before = daysPerWeek(db);
  const value = JSON.stringify({ days: input.daysPerWeek });
  db.run(
    db.builder
      .insertInto('setting')
      .values({ key: DAYS_PER_WEEK_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
  ctx.audit({
    entity: 'setting',
    entityId: null,
    before: { [DAYS_PER_WEEK_KEY]: before },
    after: { [DAYS_PER_WEEK_KEY]: input.daysPerWeek },
  });
  return readCalendar(db, input.yearId);
}

/** The bells of one schedule: numbered lessons in order, each ending before the next starts. */
export function saveBells(ctx: AuthedContext, input: ParsedInput<'year.saveBells'>): YearCalendar {
  const { db } = ctx;
  const schedule = db.first(
    db.builder.selectFrom('bell_schedule').selectAll().where('id', '=', input.scheduleId),
  );
  if (!schedule) throw new ApiError('NOT_FOUND', 'Расписание звонков не найдено', 'scheduleId');
  openYear(db, schedule.academic_year_id);
  const bells = [...input.bells].sort((a, b) => a.number - b.number);
  bells.forEach((b, i) => {
    if (b.startsAt >= b.endsAt)
      throw new ApiError(
        'VALIDATION',
        `Урок ${b.number}: конец (${b.endsAt}) должен быть позже начала (${b.startsAt})`,
        'bells',
      );
    const prev = bells[i - 1];
    if (prev?.number === b.number)
      throw new ApiError('VALIDATION', `Урок ${b.number} указан дважды`, 'bells');
    if (prev && b.startsAt < prev.endsAt)
      throw new ApiError(
        'VALIDATION',
        `Урок ${b.number} начинается (${b.startsAt}) раньше, чем кончается урок ${prev.number} (${prev.endsAt})`,
        'bells',
      );
  });
  const before = db.all(db.builder.selectFrom('bell').selectAll().where('schedule_id', '=', schedule.id));
  db.run(db.builder.deleteFrom('bell').where('schedule_id', '=', schedule.id));
  for (const b of bells)
    db.run(
      db.builder
        .insertInto('bell')
        .values({ schedule_id: schedule.id, number: b.number, starts_at: b.startsAt, ends_at: b.endsAt }),
    );
  ctx.audit({ entity: 'bell_schedule', entityId: schedule.id, before, after: bells });
  return readCalendar(db, schedule.academic_year_id);
}
