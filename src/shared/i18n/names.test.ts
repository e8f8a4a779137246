import { describe, expect, it } from 'vitest';
import { searchKey } from './names';

describe('names', () => {
  it('normalizes names for search (Cyrillic case and ё)', () => {
    expect(searchKey('Соловьёв', 'Пётр')).toBe('соловьев петр');
  });
});
