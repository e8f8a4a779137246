import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School, snapshot } from '../../../test/school';

let school: School;
let token: string;
beforeAll(async () => {
  school = makeSchool();
  token = await school.login('teacher');
});
afterAll(() => school.close());

describe('router', () => {
  it('refuses an unknown method, a missing session and extra fields, in Russian', async () => {
    expect(await school.router.call('journal.dropEverything', {}, { token, door: 'staff' })).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'Неизвестная операция' },
    });
    expect(await school.call('journal.myLoads', {}, null)).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Сеанс завершён. Войдите снова.' },
    });
    expect(await school.call('journal.myLoads', {}, 'forged-token')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const extra = await school.call('journal.myLoads', { admin: true } as never, token);
    expect(extra).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Лишние поля в запросе: admin' },
    });
  });

  it.each([null, 42, 'text', [1, 2]])(
    'refuses a body of the wrong shape (%j) without calling the service',
    async (body) => {
      const before = snapshot(school.db);
      const r = await school.router.call('journal.setMark', body, { token, door: 'staff' });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect((r as { error: { message: string } }).error.message).toMatch(/[а-яё]/i);
      expect(snapshot(school.db)).toBe(before);
    },
  );

  it('refuses a family-door method at the staff door and the reverse', async () => {
    expect(await school.call('diary.children', {}, token)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    const parent = await school.login('roditel', 'family');
    expect(await school.call('journal.myLoads', {}, parent, 'family')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });

  it('rolls back everything a write did when it fails half-way', async () => {
    const before = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM setting').n;
    await expect(
      school.db.write(() => {
        school.db.sqlite.prepare("INSERT INTO setting (key, value) VALUES ('half', '1')").run();
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM setting').n).toBe(before);
  });

  it('answers an internal failure with a Russian message and no details', async () => {
    school.db.sqlite.exec('ALTER TABLE audit_log RENAME TO audit_log_away');
    const log = console.error;
    console.error = () => {};
    try {
      const lesson = one<{ id: number; load_id: number }>(
        school.db,
        "SELECT s.id, s.load_id FROM lesson s JOIN user_account u ON u.id = s.teacher_id WHERE u.login = 'teacher' LIMIT 1",
      );
      const before = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM lesson').n;
      const r = await school.call(
        'journal.addLesson',
        { loadId: lesson.load_id, date: '2026-11-30', number: 7 },
        token,
      );
      expect(r).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Внутренняя ошибка. Изменения не сохранены.' },
      });
      // The lesson insert happened before the audit insert failed; the transaction undid it.
      expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM lesson').n).toBe(before);
    } finally {
      console.error = log;
      school.db.sqlite.exec('ALTER TABLE audit_log_away RENAME TO audit_log');
    }
  });

  it('does not turn a read into a write: reading a page leaves the database as it was', async () => {
    const loadId = one<{ id: number }>(
      school.db,
      "SELECT l.id FROM teaching_load l JOIN user_account u ON u.id = l.teacher_id WHERE u.login = 'teacher' LIMIT 1",
    ).id;
    await school.call('journal.page', { loadId }, token);
    const before = snapshot(school.db);
    await school.call('journal.page', { loadId }, token);
    expect(snapshot(school.db)).toBe(before);
  });
});
