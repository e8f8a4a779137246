import { describe, expect, it } from 'vitest';
import { isSchoolDay, type SchoolCalendar, timetableDay } from './school-days';

const calendar: SchoolCalendar = {
  startsOn: '2026-09-01',
  endsOn: '2027-05-26',
  holidays: [
    { gradeFrom: 1, gradeTo: 11, startsOn: '2026-10-26', endsOn: '2026-11-03' },
    { gradeFrom: 1, gradeTo: 1, startsOn: '2027-02-08', endsOn: '2027-02-14' },
  ],
  changes: [
    { date: '2026-12-28', kind: 'day_off', followsWeekday: null },
    { date: '2026-12-26', kind: 'school_day', followsWeekday: 1 },
  ],
  daysPerWeek: 5,
};

describe('school days', () => {
  it('runs the weekday’s timetable on an ordinary school day', () => {
    expect(timetableDay(calendar, 5, '2026-09-01')).toBe(2); // Tuesday
    expect(timetableDay(calendar, 5, '2026-09-06')).toBeNull(); // Sunday
    expect(timetableDay(calendar, 5, '2026-09-05')).toBeNull(); // Saturday, five-day week
    expect(timetableDay({ ...calendar, daysPerWeek: 6 }, 5, '2026-09-05')).toBe(6);
    expect(timetableDay({ ...calendar, daysPerWeek: 6 }, 1, '2026-09-05')).toBeNull(); // grade 1: five days
  });

  it('has no lessons outside the year and in the holidays of the grade’s band', () => {
    expect(isSchoolDay(calendar, 5, '2026-08-31')).toBe(false);
    expect(isSchoolDay(calendar, 5, '2027-05-27')).toBe(false);
    expect(isSchoolDay(calendar, 7, '2026-10-28')).toBe(false);
    expect(isSchoolDay(calendar, 1, '2027-02-09')).toBe(false); // grade 1's extra week
    expect(isSchoolDay(calendar, 2, '2027-02-09')).toBe(true);
  });

  it('follows transfers: a weekday off, a Saturday on Monday’s timetable', () => {
    expect(timetableDay(calendar, 5, '2026-12-28')).toBeNull();
    expect(timetableDay(calendar, 5, '2026-12-26')).toBe(1);
  });
});
