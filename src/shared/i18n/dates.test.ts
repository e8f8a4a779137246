import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDayHeading,
  formatMoment,
  formatMonth,
  formatWeekdayLong,
  isValidIsoDate,
  mondayOf,
  parseRuDate,
} from './dates';

describe('Russian dates', () => {
  it('formats dates and finds the Monday of a week without time-zone drift', () => {
    expect(formatWeekdayLong('2026-11-16')).toBe('понедельник, 16 ноября');
    expect(formatDayHeading('2026-11-16')).toBe('Понедельник, 16 ноября');
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isValidIsoDate('2026-02-29')).toBe(false);
    expect(isValidIsoDate('2028-02-29')).toBe(true);
  });
});

describe('dates as people type them', () => {
  it('reads день.месяц.год, and nothing that is no such day', () => {
    expect(parseRuDate('01.09.2026')).toBe('2026-09-01');
    expect(parseRuDate(' 5.3.2027 ')).toBe('2027-03-05');
    expect(parseRuDate('31.02.2027')).toBeNull();
    expect(parseRuDate('2026-09-01')).toBeNull();
    expect(parseRuDate('1.9.26')).toBeNull();
  });
});

describe('formatMonth', () => {
  it('names a month with its year, capitalised at the start of a line', () => {
    expect(formatMonth(2026, 11)).toBe('ноябрь 2026');
    expect(formatMonth(2027, 1, true)).toBe('Январь 2027');
    expect(formatMonth(2027, 5)).toBe('май 2027');
  });
});

describe('formatMoment', () => {
  it("shows a stored UTC moment on this computer's clock, as the reports and the history do", () => {
    // Built from local parts, so the test holds in any time zone.
    expect(formatMoment(new Date(2026, 10, 20, 15, 4).toISOString())).toBe('20.11.2026, 15:04');
    expect(formatMoment(new Date(2027, 0, 5, 9, 0).toISOString())).toBe('05.01.2027, 09:00');
  });
});
