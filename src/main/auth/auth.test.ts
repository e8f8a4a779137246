import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSchool, NOW, one, type School, snapshot } from '../../../test/school';
import { Database } from '../db/database';
import { features } from '../features';
import { createRouter } from '../router/router';
import { hashPassword } from './passwords';

let school: School;
beforeEach(() => {
  school = makeSchool();
});
afterEach(() => school.close());

describe('staff and family authentication', () => {
  it('logs in with the right password and stores only a scrypt hash and the token digest', async () => {
    const r = await school.call('auth.login', { login: 'Teacher', password: 'demo2026' }, null);
    expect(r.ok).toBe(true);
    const value = r.ok ? (r.value as { token: string; user: { roles: string[] } }) : null;
    expect(value?.user.roles).toEqual(['teacher']);
    const user = one<{ password_hash: string }>(
      school.db,
      "SELECT password_hash FROM user_account WHERE login = 'teacher'",
    );
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.password_hash).not.toContain('demo2026');
    const stored = one<{ token_hash: string }>(
      school.db,
      'SELECT token_hash FROM session ORDER BY id DESC LIMIT 1',
    );
    expect(stored.token_hash).not.toBe(value?.token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers the same for a wrong password and an unknown login', async () => {
    const wrong = await school.call('auth.login', { login: 'teacher', password: 'nope' }, null);
    const unknown = await school.call('auth.login', { login: 'nobody', password: 'nope' }, null);
    expect(wrong).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Неверный логин или пароль' },
    });
    expect(unknown).toEqual(wrong);
  });

  it('locks the account after five wrong passwords, even against the right one, and unlocks after 15 minutes', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await school.call('auth.login', { login: 'teacher', password: `wrong${i}` }, null);
      expect(r.ok || r.error.code).toBe('UNAUTHENTICATED');
    }
    const fifth = await school.call('auth.login', { login: 'teacher', password: 'wrong5' }, null);
    expect(fifth.ok || fifth.error.code).toBe('LOCKED');
    const right = await school.call('auth.login', { login: 'teacher', password: 'demo2026' }, null);
    expect(right.ok || right.error).toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining('Вход заблокирован'),
    });
    // Each failure was committed (and audited) although the call was refused.
    const audited = one<{ n: number }>(
      school.db,
      "SELECT count(*) AS n FROM audit_log WHERE action = 'auth.login' AND entity = 'user_account'",
    );
    expect(audited.n).toBe(5);
    school.setNow(new Date(NOW.getTime() + 16 * 60_000));
    const later = await school.call('auth.login', { login: 'teacher', password: 'demo2026' }, null);
    expect(later.ok).toBe(true);
  });

  it('requires a temporary password to be changed before anything else', async () => {
    school.db.sqlite
      .prepare("UPDATE user_account SET password_hash = ?, must_change_password = 1 WHERE login = 'teacher'")
      .run(hashPassword('Temp-1234'));
    const token = await school.login('teacher', 'staff', 'Temp-1234');
    const refused = await school.call('journal.myLoads', {}, token);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'Сначала смените временный пароль' },
    });
    const short = await school.call(
      'auth.changePassword',
      { currentPassword: 'Temp-1234', newPassword: 'short' },
      token,
    );
    expect(short.ok || short.error).toMatchObject({
      code: 'VALIDATION',
      field: 'newPassword',
      message: 'Новый пароль должен быть не короче 8 символов',
    });
    const wrongCurrent = await school.call(
      'auth.changePassword',
      { currentPassword: 'nope', newPassword: 'Новый-пароль-1' },
      token,
    );
    expect(wrongCurrent.ok || wrongCurrent.error.message).toBe('Текущий пароль введён неверно');
    const changed = await school.call(
      'auth.changePassword',
      { currentPassword: 'Temp-1234', newPassword: 'Новый-пароль-1' },
      token,
    );
    expect(changed.ok).toBe(true);
    expect((await school.call('journal.myLoads', {}, token)).ok).toBe(true);
    expect((await school.call('auth.login', { login: 'teacher', password: 'Новый-пароль-1' }, null)).ok).toBe(
      true,
    );
  });

  it('ends a session on logout, after two idle hours, and after twelve hours in all', async () => {
    const token = await school.login('teacher');
    expect((await school.call('auth.me', {}, token)).ok).toBe(true);
    school.setNow(new Date(NOW.getTime() + 2 * 3600_000 + 60_000));
    expect(await school.call('auth.me', {}, token)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });

    school.setNow(NOW);
    const busy = await school.login('teacher');
    for (let h = 1; h <= 12; h++) {
      school.setNow(new Date(NOW.getTime() + h * 3600_000 - 60_000));
      const r = await school.call('auth.me', {}, busy);
      expect(r.ok, `hour ${h}`).toBe(true);
    }
    school.setNow(new Date(NOW.getTime() + 12 * 3600_000 + 1000));
    expect((await school.call('auth.me', {}, busy)).ok).toBe(false);

    school.setNow(NOW);
    const t3 = await school.login('teacher');
    expect((await school.call('auth.logout', {}, t3)).ok).toBe(true);
    expect((await school.call('auth.me', {}, t3)).ok).toBe(false);
  });

  it('a teacher who only writes keeps the session alive (each write refreshes the idle time)', async () => {
    const token = await school.login('teacher');
    const loadId = one<{ id: number }>(
      school.db,
      "SELECT l.id FROM teaching_load l JOIN user_account u ON u.id = l.teacher_id WHERE u.login = 'teacher' LIMIT 1",
    ).id;
    for (let i = 1; i <= 3; i++) {
      school.setNow(new Date(NOW.getTime() + i * 110 * 60_000));
      const r = await school.call('journal.addLesson', { loadId, date: '2026-11-30', number: i }, token);
      expect(r.ok, `write ${i} at ${i * 110} min`).toBe(true);
      // Stored, not only remembered: another computer reading the session sees it alive.
      const seen = one<{ last_seen_at: string }>(
        school.db,
        'SELECT last_seen_at FROM session ORDER BY id DESC LIMIT 1',
      );
      expect(seen.last_seen_at).toBe(new Date(NOW.getTime() + i * 110 * 60_000).toISOString());
    }
  });

  it('notices a session ended or a user disabled on another computer sharing the file', async () => {
    const token = await school.login('teacher');
    expect((await school.call('journal.myLoads', {}, token)).ok).toBe(true);
    // A second computer: its own connection to the same file, its own router.
    const other = new Database(school.path);
    const otherRouter = createRouter(other, features, { clock: () => NOW });
    try {
      expect((await otherRouter.call('auth.logout', {}, { token, door: 'staff' })).ok).toBe(true);
      expect(await school.call('journal.myLoads', {}, token)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      const second = await school.login('teacher');
      expect((await school.call('journal.myLoads', {}, second)).ok).toBe(true);
      await other.write(() =>
        other.sqlite.exec("UPDATE user_account SET disabled_at = '2026-11-20' WHERE login = 'teacher'"),
      );
      expect(await school.call('journal.myLoads', {}, second)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      other.close();
    }
  });

  it('keeps families out of the staff application and staff out of the diary', async () => {
    const parentAtStaff = await school.call(
      'auth.login',
      { login: 'roditel', password: 'demo2026' },
      null,
      'staff',
    );
    expect(parentAtStaff.ok || parentAtStaff.error.message).toContain(
      'Родители и ученики входят в электронный дневник',
    );
    const teacherAtDiary = await school.call(
      'auth.login',
      { login: 'teacher', password: 'demo2026' },
      null,
      'family',
    );
    // The parents' door faces the internet: a staff login there looks exactly like a wrong password.
    expect(teacherAtDiary).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Неверный логин или пароль' },
    });
    // A staff token does not open the family door either.
    const staffToken = await school.login('zavuch');
    expect(await school.call('auth.me', {}, staffToken, 'family')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('lists demo accounts on a demo database only', async () => {
    const demo = await school.call('auth.demoAccounts', {}, null);
    expect(demo.ok && (demo.value as { accounts: { login: string }[] }).accounts.map((a) => a.login)).toEqual(
      ['director', 'zavuch', 'admin', 'inspector', 'teacher', 'klassruk'],
    );
    const family = await school.call('auth.demoAccounts', {}, null, 'family');
    expect(
      family.ok && (family.value as { accounts: { login: string }[] }).accounts.map((a) => a.login),
    ).toEqual(['roditel', 'uchenik']);
    school.db.sqlite.exec('UPDATE school SET is_demo = 0');
    const real = await school.call('auth.demoAccounts', {}, null);
    expect(real.ok && real.value).toMatchObject({ demo: false, accounts: [] });
  });

  it('a refused login with a malformed request changes nothing', async () => {
    const before = snapshot(school.db);
    const r = await school.call('auth.login', { login: '', password: 'x' } as never, null);
    expect(r).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Введите логин', field: 'login' } });
    expect(snapshot(school.db)).toBe(before);
  });
});
