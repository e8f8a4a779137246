import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKUP_SETTINGS } from './contract';
import { isDue, isStale, lastScheduled } from './schedule';

// Friday 18:00 weekly, the 1st at 19:00 monthly (local time).
const s = DEFAULT_BACKUP_SETTINGS;
const local = (d: number, h: number, m = 0) => new Date(2026, 10, d, h, m);

describe('the backup schedule', () => {
  it('finds the latest scheduled moment', () => {
    expect(lastScheduled('weekly', s, local(20, 18, 1))).toEqual(local(20, 18)); // Friday after 18:00
    expect(lastScheduled('weekly', s, local(20, 17, 59))).toEqual(local(13, 18)); // a week before
    expect(lastScheduled('weekly', s, local(23, 9))).toEqual(local(20, 18)); // the Monday after
    expect(lastScheduled('monthly', s, local(1, 18))).toEqual(new Date(2026, 9, 1, 19));
    expect(lastScheduled('monthly', s, local(15, 12))).toEqual(local(1, 19));
  });

  it('a copy is due when none was taken since that moment, and stale a day later', () => {
    expect(isDue('weekly', s, null, local(20, 9))).toBe(true);
    expect(isDue('weekly', s, local(20, 18, 5), local(23, 9))).toBe(false);
    expect(isDue('weekly', s, local(19, 9), local(20, 18, 1))).toBe(true);
    expect(isStale('weekly', s, local(19, 9), local(20, 20))).toBe(false);
    expect(isStale('weekly', s, local(19, 9), local(21, 19))).toBe(true);
  });
});
