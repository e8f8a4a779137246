import { describe, expect, it } from 'vitest';
import { federalCalendar } from './calendar-defaults';

describe('federal calendar defaults', () => {
  it('2025/26 matches the published dates', () => {
    const c = federalCalendar(2025);
    expect([c.startsOn, c.endsOn]).toEqual(['2025-09-01', '2026-05-26']);
    expect(c.periods.filter((p) => p.kind === 'quarter').map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2025-09-01', '2025-10-24'],
      ['2025-11-05', '2025-12-30'],
      ['2026-01-12', '2026-03-27'],
      ['2026-04-06', '2026-05-26'],
    ]);
    expect(c.holidays.find((h) => h.gradeTo === 1)).toMatchObject({
      startsOn: '2026-02-16',
      endsOn: '2026-02-22',
    });
  });

  it('other years start on the first working day of September and end by 26 May', () => {
    const c = federalCalendar(2027);
    expect(c.startsOn).toBe('2027-09-01');
    expect(c.endsOn).toBe('2028-05-26');
    expect(federalCalendar(2029).startsOn).toBe('2029-09-03'); // 1 September 2029 is a Saturday
    expect(c.published).toBe(false);
  });
});
