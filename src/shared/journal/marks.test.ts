import { describe, expect, it } from 'vitest';
import { markRefusal, weightedAverage } from './marks';

describe('marks', () => {
  it('weighted average Σ(mark×weight)/Σweight ignores pass/fail marks', () => {
    expect(
      weightedAverage([
        { value: '5', weight: 4 },
        { value: '3', weight: 1 },
        { value: 'зач', weight: 1 },
      ]),
    ).toBe(4.6);
    expect(weightedAverage([])).toBeNull();
  });

  it('allows only the marks of the subject’s marking mode', () => {
    expect(markRefusal('4', 'points', { allowOne: false })).toBeNull();
    expect(markRefusal('1', 'points', { allowOne: true })).toBeNull();
    expect(markRefusal('1', 'points', { allowOne: false })).toMatch(/«1»/);
    expect(markRefusal('4', 'none', { allowOne: false })).toMatch(/не ставятся/);
  });
});
