import { describe, expect, it } from 'vitest';
import { countMarks, figuresOf, standingOf } from './figures';

describe('report figures (domain-defaults §5)', () => {
  it('counts a class of 10 by hand: 2×«5», 3×«4», 3×«3», 1×«2», 1×«н/а», and one «осв» left out', () => {
    const f = figuresOf(countMarks(['5', '5', '4', '4', '4', '3', '3', '3', '2', 'н/а', 'осв', null]));
    expect(f.counted).toBe(10);
    expect(f.successPct).toBe(80); // 8 of 10
    expect(f.qualityPct).toBe(50); // 5 of 10
    // (2·100 + 3·64 + 3·36 + 1·16 + 1·7) / 10 = 523 / 10
    expect(f.sou).toBe(52.3);
    // (10 + 12 + 9 + 2) / 9 point marks = 33 / 9 = 3.666…
    expect(f.average).toBe(3.67);
  });

  it('gives no figure for nobody counted, and rounds percentages to one decimal', () => {
    expect(figuresOf(countMarks(['осв', null]))).toEqual({
      counted: 0,
      successPct: null,
      qualityPct: null,
      sou: null,
      average: null,
    });
    expect(figuresOf(countMarks(['5', '4', '2'])).successPct).toBe(66.7);
  });

  it('names a standing from all the subjects of a student', () => {
    expect(standingOf(['5', '5', 'осв', 'зач'])).toBe('excellent');
    expect(standingOf(['5', '4', '5'])).toBe('good');
    expect(standingOf(['5', '4', '3'])).toBe('oneThree');
    expect(standingOf(['3', '4', '3'])).toBe('other');
    expect(standingOf(['5', '5', 'н/а'])).toBe('failing');
    expect(standingOf(['5', '2'])).toBe('failing');
    expect(standingOf([null, 'осв'])).toBe(null);
  });
});
