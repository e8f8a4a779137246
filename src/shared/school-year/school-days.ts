import { type IsoDate, weekday } from '../i18n/dates';

/**
 * Which days a class has lessons (003 §2.2, ФОП п. 172): the one rule the year screens, the
 * timetable's lesson generation and the journal share. Pure: the caller reads the year's rows.
 */
export interface SchoolCalendar {
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** Каникулы and public holidays, per band of grades. */
  holidays: readonly { gradeFrom: number; gradeTo: number; startsOn: IsoDate; endsOn: IsoDate }[];
  /** Переносы: a weekday off, or a weekend day that is a school day following another weekday. */
  changes: readonly { date: IsoDate; kind: 'day_off' | 'school_day'; followsWeekday: number | null }[];
  /** 5 or 6 school days a week for grades 2–11; grade 1 always has a five-day week (СП 2.4.3648-20). */
  daysPerWeek: 5 | 6;
}

/**
 * The weekday (1 = Monday … 6 = Saturday) whose timetable runs on `date` for `grade`, or null when
 * the grade has no lessons that day: outside the year, a holiday of its band, a day off by a
 * transfer, Sunday, and Saturday in a five-day week. A transferred school day follows the weekday
 * named in the transfer; a holiday wins over a transfer.
 */
export function timetableDay(calendar: SchoolCalendar, grade: number, date: IsoDate): number | null {
  if (date < calendar.startsOn || date > calendar.endsOn) return null;
  const onHoliday = calendar.holidays.some(
    (h) => grade >= h.gradeFrom && grade <= h.gradeTo && date >= h.startsOn && date <= h.endsOn,
  );
  if (onHoliday) return null;
  const change = calendar.changes.find((c) => c.date === date);
  if (change?.kind === 'day_off') return null;
  if (change?.kind === 'school_day') return change.followsWeekday;
  const day = weekday(date);
  if (day === 0) return null;
  if (day === 6 && (calendar.daysPerWeek === 5 || grade === 1)) return null;
  return day;
}

/** Whether `grade` has lessons on `date` (see timetableDay). */
export function isSchoolDay(calendar: SchoolCalendar, grade: number, date: IsoDate): boolean {
  return timetableDay(calendar, grade, date) !== null;
}
