import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, type School, snapshot } from '../../../test/school';

let school: School;
let teacher: string;
let parent: string;
let lesson: { id: number; version: number };
beforeAll(async () => {
  school = makeSchool();
  teacher = await school.login('teacher');
  parent = await school.login('roditel', 'family');
  const f = fixtures(school.db);
  const id = f.lessonOf(f.ownLoad.id).id;
  lesson = {
    id,
    version: one<{ version: number }>(school.db, 'SELECT version FROM lesson WHERE id = ?', id).version,
  };
});
afterAll(() => school.close());

/** Type names zod uses, which must never reach a Russian user. */
const LATIN_TYPES = /\b(object|string|number|boolean|array|undefined|null|int|nan|bigint|date|instanceof)\b/i;

async function refusal(method: string, input: unknown, token: string, door: 'staff' | 'family' = 'staff') {
  const r = await school.router.call(method, input, { token, door });
  expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
  return (r as { error: { code: string; message: string; field?: string } }).error;
}

describe('validation messages', () => {
  it.each([
    ['journal.page', { loadId: 'один' }],
    ['journal.page', { loadId: 1, wholeYear: 'да' }],
    ['journal.setMark', { lessonId: 1, studentId: 2, value: 5, expectedVersion: null }],
    ['journal.setMark', { lessonId: 1, studentId: 2, value: '5', expectedVersion: 'x' }],
    ['journal.addLesson', { loadId: 1, date: 20261120, number: 1 }],
    ['journal.addLesson', { loadId: 1, date: '2026-11-20', number: [1] }],
    ['journal.updateLesson', { lessonId: 1, topic: {}, homework: '', expectedVersion: 1 }],
    ['journal.updateLesson', { lessonId: 1, topic: '', homework: '', expectedVersion: true }],
    ['auth.login', { login: 5, password: 'x' }],
    ['auth.login', { login: 'x', password: false }],
    ['auth.login', { login: 'x'.repeat(101), password: 'x' }],
    ['auth.changePassword', { currentPassword: null, newPassword: 'Длинный-пароль-1' }],
  ])('%s %j: Russian words only', async (method, input) => {
    const error = await refusal(method, input, teacher);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/[а-яё]/i);
    expect(error.message).not.toMatch(LATIN_TYPES);
  });

  it('names the types a person would: число, текст, объект, список, да/нет', async () => {
    expect((await refusal('journal.page', { loadId: 1, wholeYear: 'да' }, teacher)).message).toBe(
      'Ожидается да/нет, а не текст',
    );
    expect(
      (await refusal('journal.addLesson', { loadId: 1, date: '2026-11-20', number: [1] }, teacher)).message,
    ).toBe('Ожидается число, а не список');
    expect((await refusal('journal.setMark', [], teacher)).message).toBe('Ожидается объект, а не список');
    expect(await refusal('journal.addLesson', { loadId: 1, date: '2026-11-20' }, teacher)).toEqual({
      code: 'VALIDATION',
      message: 'Не заполнено обязательное поле',
      field: 'number',
    });
    const week = await refusal('diary.week', { studentId: '1', weekOf: '2026-11-16' }, parent, 'family');
    expect(week.message).not.toMatch(LATIN_TYPES);
    expect((await refusal('auth.login', { login: 'x'.repeat(101), password: 'x' }, teacher)).message).toBe(
      'Не длиннее 100 символов',
    );
  });
});

describe('free text: topics and homework', () => {
  const update = (topic: string, homework: string) =>
    school.router.call(
      'journal.updateLesson',
      { lessonId: lesson.id, topic, homework, expectedVersion: lesson.version },
      { token: teacher, door: 'staff' },
    );

  it('strips direction overrides, isolates, marks and zero-width characters', async () => {
    const r = await update(
      '\u202EТема\u202C урока\u2067 \u200Fодин\u2069\u200B',
      '\uFEFFСтр. 12,\u2066 №\u00A03\u2069',
    );
    expect(r.ok).toBe(true);
    const stored = one<{ topic: string; homework: string; version: number }>(
      school.db,
      'SELECT topic, homework, version FROM lesson WHERE id = ?',
      lesson.id,
    );
    expect(stored.topic).toBe('Тема урока один');
    expect(stored.homework).toBe('Стр. 12, №\u00A03');
    lesson.version = stored.version;
  });

  it('keeps line feeds and tabs in homework, and makes CR LF a line feed', async () => {
    const r = await update('Тема', 'Упр. 1\r\n\tУпр. 2\nУпр. 3');
    expect(r.ok).toBe(true);
    const stored = one<{ homework: string; version: number }>(
      school.db,
      'SELECT homework, version FROM lesson WHERE id = ?',
      lesson.id,
    );
    expect(stored.homework).toBe('Упр. 1\n\tУпр. 2\nУпр. 3');
    lesson.version = stored.version;
  });

  it.each([
    ['a bell in the topic', 'Тема\u0007', ''],
    ['a line feed in the topic', 'Тема\nвторая строка', ''],
    ['a NUL in homework', 'Тема', 'Упр.\u0000 1'],
    ['an escape sequence in homework', 'Тема', '\u001b[31mУпр. 1'],
    ['a C1 control in homework', 'Тема', 'Упр.\u0085 1'],
  ])('refuses %s and changes nothing', async (_what, topic, homework) => {
    const before = snapshot(school.db);
    const r = await update(topic, homework);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/недопустимый/) },
    });
    expect(snapshot(school.db)).toBe(before);
  });
});
