import { describe, expect, it } from 'vitest';
import { loginFor, transliterate, uniqueLogin } from './logins';

describe('logins from names (ICAO Doc 9303, as in Russian passports)', () => {
  it('transliterates every letter by the passport rule', () => {
    expect(transliterate('Щукина')).toBe('shchukina');
    expect(transliterate('Юлия')).toBe('iuliia');
    expect(transliterate('Подъячев')).toBe('podieiachev');
    expect(transliterate('Хрущёв')).toBe('khrushchev');
    expect(transliterate('Цой')).toBe('tsoi');
    expect(transliterate('Мельникова-Сибирская')).toBe('melnikovasibirskaia');
  });

  it('makes surname.initials and never a login that is taken', () => {
    expect(loginFor('Щукина', 'Юлия', 'Андреевна')).toBe('shchukina.ia');
    expect(loginFor('Ли', 'Ян', null)).toBe('li.i');
    const taken = new Set(['ivanova.as', 'ivanova.as2']);
    expect(uniqueLogin('ivanova.as', (l) => taken.has(l))).toBe('ivanova.as3');
    expect(uniqueLogin('petrov.ii', (l) => taken.has(l))).toBe('petrov.ii');
  });
});
