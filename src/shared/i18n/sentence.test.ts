import { describe, expect, it } from 'vitest';
import { inSentence } from './sentence';

describe('a name inside a sentence', () => {
  it('lowers the first letter of a word, keeps an abbreviation', () => {
    expect(inSentence('Контрольная работа')).toBe('контрольная работа');
    expect(inSentence('ВПР')).toBe('ВПР');
    expect(inSentence('ОГЭ (пробный)')).toBe('ОГЭ (пробный)');
    expect(inSentence('')).toBe('');
  });
});
