import { describe, expect, it } from 'vitest';
import { countOf } from './plural';

describe('Russian plurals', () => {
  it.each([
    [1, '1 ученик'],
    [2, '2 ученика'],
    [5, '5 учеников'],
    [11, '11 учеников'],
    [14, '14 учеников'],
    [21, '21 ученик'],
    [22, '22 ученика'],
    [111, '111 учеников'],
    [0, '0 учеников'],
  ])('%i → %s', (n, text) => {
    expect(countOf(n, 'ученик', 'ученика', 'учеников')).toBe(text);
  });
});
