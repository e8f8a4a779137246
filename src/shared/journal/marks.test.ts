import { describe, expect, it } from 'vitest';
import { markRefusal } from './marks';

describe('marks', () => {
  it('allows only the marks of the subject’s marking mode', () => {
    expect(markRefusal('4', 'points', { allowOne: false })).toBeNull();
    expect(markRefusal('1', 'points', { allowOne: true })).toBeNull();
    expect(markRefusal('1', 'points', { allowOne: false })).toMatch(/«1»/);
    expect(markRefusal('4', 'none', { allowOne: false })).toMatch(/не ставятся/);
  });
});
