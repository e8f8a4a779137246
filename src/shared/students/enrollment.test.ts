import { describe, expect, it } from 'vitest';
import { type EnrollmentSpan, enrolledOn, leftDate, movementNote } from './enrollment';

const Q2 = { from: '2026-11-05', to: '2026-12-28' };
const listed = (to: string | null, leftKind: EnrollmentSpan['leftKind'] = null): EnrollmentSpan => ({
  from: '2026-09-01',
  to,
  enrolledKind: 'listed',
  leftKind,
});

describe('enrollment spans as the journal reads them', () => {
  it('a student is in the class from the first day to the last, both included', () => {
    const spans = [listed('2026-12-02', 'left')];
    expect(enrolledOn(spans, '2026-09-01')).toBe(true);
    expect(enrolledOn(spans, '2026-12-02')).toBe(true);
    expect(enrolledOn(spans, '2026-12-03')).toBe(false);
    expect(enrolledOn(spans, '2026-08-31')).toBe(false);
    expect(enrolledOn([listed(null)], '2027-05-20')).toBe(true);
  });

  it('writes «выбыл», «переведён» (on the first day in the new class) and «прибыл» as a paper journal does', () => {
    expect(movementNote([listed('2026-12-02', 'left')], Q2)).toBe('выбыл 02.12');
    expect(leftDate({ to: '2026-11-22', leftKind: 'transferred' })).toBe('2026-11-23');
    expect(movementNote([listed('2026-11-22', 'transferred')], Q2)).toBe('переведён 23.11');
    expect(
      movementNote([{ from: '2026-11-16', to: null, enrolledKind: 'arrived', leftKind: null }], Q2),
    ).toBe('прибыл 16.11');
    // Nothing to say on a page the move does not touch, or for the usual start of the year.
    expect(movementNote([listed(null)], Q2)).toBe('');
    expect(movementNote([listed('2027-03-01', 'left')], Q2)).toBe('');
  });
});
