import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api/contract';
import { CallError } from '../api/client';
import { callErrors, checkInput } from './form';

const CYRILLIC = /[а-яё]/i;
// An English word in a message («ожидалось object») is a message the user cannot read.
const LATIN_WORD = /[a-z]{3,}/i;

describe('checkInput: a form checked with its method’s own input schema', () => {
  const lesson = { lessonId: 1, topic: 'Имя существительное', homework: '§ 12', expectedVersion: 1 };

  it('passes good values and gives the parsed input (what the server will see)', () => {
    const check = checkInput('journal.updateLesson', { ...lesson, topic: '  Имя существительное  ' });
    expect(check).toEqual({
      ok: true,
      input: { ...lesson, topic: 'Имя существительное' },
      errors: {},
    });
  });

  it('puts the contract’s Russian message under the field that is too long, and only there', () => {
    const check = checkInput('journal.updateLesson', { ...lesson, topic: 'я'.repeat(100_000) });
    expect(check.ok).toBe(false);
    expect(Object.keys(check.errors)).toEqual(['topic']);
    expect(check.errors.topic).toMatch(/^Тема урока: /);
    expect(check.errors.topic).not.toMatch(LATIN_WORD);
    // The same words the server answers with: the form copies no limit of its own.
    const server = api['journal.updateLesson'].input.safeParse({ ...lesson, topic: 'я'.repeat(100_000) });
    expect(check.errors.topic).toBe(server.error?.issues[0]?.message);
  });

  it('names each wrong field once, with its first issue', () => {
    const check = checkInput('journal.updateLesson', {
      ...lesson,
      topic: 'я'.repeat(100_000),
      homework: 'я'.repeat(100_000),
    });
    expect(Object.keys(check.errors).sort()).toEqual(['homework', 'topic']);
    expect(check.errors.homework).toMatch(/^Домашнее задание: /);
  });

  it('asks for a field left empty instead of naming types (zod: «получено undefined»)', () => {
    const check = checkInput('journal.addLesson', { loadId: 1, date: null, number: undefined });
    expect(check.errors).toEqual({ date: 'Заполните это поле', number: 'Заполните это поле' });
  });

  it('explains in Russian a value of the wrong kind', () => {
    const check = checkInput('journal.addLesson', { loadId: 1, date: '1 сентября', number: Number.NaN });
    expect(Object.keys(check.errors).sort()).toEqual(['date', 'number']);
    for (const message of Object.values(check.errors)) expect(message).toMatch(CYRILLIC);
    expect(check.errors.date).toBe(
      api['journal.addLesson'].input.shape.date.safeParse('1 сентября').error?.issues[0]?.message,
    );
  });

  it('refuses a lesson number outside the school day with the contract’s own message', () => {
    const check = checkInput('journal.addLesson', { loadId: 1, date: '2025-09-01', number: 99 });
    expect(check.errors).toEqual({ number: 'Номер урока от 0 до 10' });
  });

  it('gives what belongs to no field of the form to the form as a whole', () => {
    // The form did not pass lessonId: its issue cannot be shown under any field.
    const check = checkInput('journal.updateLesson', { topic: '', homework: '', expectedVersion: 1 });
    expect(Object.keys(check.errors)).toEqual(['form']);
    expect(check.errors.form).toMatch(CYRILLIC);
  });
});

describe('callErrors: a refused call shown where it belongs', () => {
  it('puts a server message under the field it names when the form shows that field', () => {
    const e = new CallError({ code: 'VALIDATION', message: 'Тема урока: слишком длинно', field: 'topic' });
    expect(callErrors<'journal.updateLesson'>(e, ['topic', 'homework'], 'Не удалось')).toEqual({
      topic: 'Тема урока: слишком длинно',
    });
  });

  it('gives a conflict, or a field the form does not show, to the whole form', () => {
    const conflict = new CallError({ code: 'CONFLICT', message: 'Урок уже изменил другой пользователь' });
    expect(callErrors<'journal.updateLesson'>(conflict, ['topic'], 'Не удалось')).toEqual({
      form: 'Урок уже изменил другой пользователь',
    });
    const other = new CallError({ code: 'VALIDATION', message: 'Неверный урок', field: 'lessonId' });
    expect(callErrors<'journal.updateLesson'>(other, ['topic'], 'Не удалось')).toEqual({
      form: 'Неверный урок',
    });
  });

  it('says the fallback for anything that is not a refusal of the journal', () => {
    expect(callErrors<'journal.addLesson'>(new TypeError('x'), ['date'], 'Не удалось добавить урок')).toEqual(
      { form: 'Не удалось добавить урок' },
    );
  });
});
