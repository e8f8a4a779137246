import { describe, expect, it } from 'vitest';
import { api } from '../api/contract';
import { passwordProblem } from './password-rules';

describe('password rules', () => {
  it.each([
    'qwerty123',
    'QWERTY123',
    'йцукен12',
    'йцукенгш',
    '12345678',
    '87654321',
    '11111111',
    'password',
    'Password2026!',
    'пароль123',
    'Пароль!!',
    '1q2w3e4r',
    'aaaaaaaa',
  ])('refuses the common %s', (p) => {
    expect(passwordProblem(p)).toMatch(/распространён/);
  });

  it('refuses short ones and the login itself, in any case and inside the password', () => {
    expect(passwordProblem('Кот-1')).toBe('Новый пароль должен быть не короче 8 символов');
    expect(passwordProblem('Ivanova.Olga-7', 'ivanova.olga')).toBe('Пароль не должен содержать логин');
    expect(passwordProblem('Мой-ZAVUCH-7', 'zavuch')).toBe('Пароль не должен содержать логин');
    expect(passwordProblem('Мой-ZAVUCH-7', 'teacher')).toBeNull();
  });

  it('accepts passwords people make up', () => {
    for (const p of [
      'Свой-пароль-2026',
      'Новый-пароль-1',
      'korova-na-lugu',
      '7 слонов в ряд',
      'Мой-пароль-1234',
    ]) {
      expect(passwordProblem(p), p).toBeNull();
    }
  });

  it('is the rule of the contract: the schema refuses what the shared function refuses', () => {
    const r = api['auth.changePassword'].input.safeParse({ currentPassword: 'x', newPassword: 'пароль123' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(passwordProblem('пароль123'));
  });
});
