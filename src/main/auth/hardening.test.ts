import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, makeSchool, NOW, one, type School } from '../../../test/school';
import { MESSAGES } from '../../shared/api/errors';
import { DEMO_PASSWORD } from '../demo/generate';
import { features } from '../features';
import type { Door } from '../router/context';
import { createRouter } from '../router/router';
import { setPassword } from './auth';

let school: School;
beforeEach(() => {
  school = makeSchool();
});
afterEach(() => school.close());

const WRONG = { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Неверный логин или пароль' } };

function login(login: string, password: string, door: Door, client: string) {
  return school.router.call('auth.login', { login, password }, { door, client });
}

function account(login: string) {
  return one<{ failed_logins: number; locked_until: string | null }>(
    school.db,
    'SELECT failed_logins, locked_until FROM user_account WHERE login = ?',
    login,
  );
}

async function token(r: Promise<{ ok: boolean }>): Promise<string> {
  const a = (await r) as { ok: boolean; value?: { token: string }; error?: unknown };
  if (!a.ok || !a.value) throw new Error(`login failed: ${JSON.stringify(a.error)}`);
  return a.value.token;
}

describe('the family door and staff accounts', () => {
  it('answers a staff login exactly like a wrong password, right password or not', async () => {
    const wrongFamily = await login('roditel', 'не-тот-пароль', 'family', 'a');
    expect(wrongFamily).toEqual(WRONG);
    expect(await login('teacher', DEMO_PASSWORD, 'family', 'b')).toEqual(wrongFamily);
    expect(await login('teacher', 'не-тот-пароль', 'family', 'c')).toEqual(wrongFamily);
    expect(await login('nobody-here', 'не-тот-пароль', 'family', 'd')).toEqual(wrongFamily);
  });

  it('never counts towards or triggers a staff account lock', async () => {
    for (let i = 0; i < 7; i++) {
      expect(await login('zavuch', `guess-${i}`, 'family', `10.0.0.${i}`)).toEqual(WRONG);
    }
    expect(account('zavuch')).toEqual({ failed_logins: 0, locked_until: null });
    expect((await login('zavuch', DEMO_PASSWORD, 'staff', 'school')).ok).toBe(true);
  });

  it('tells an unknown login from a wrong password by nothing, at either door', async () => {
    for (const door of ['staff', 'family'] as const) {
      const known = door === 'staff' ? 'teacher' : 'roditel';
      expect(await login(known, 'не-тот-пароль', door, 'x')).toEqual(WRONG);
      expect(await login(`${known}-unknown`, 'не-тот-пароль', door, 'y')).toEqual(WRONG);
    }
  });
});

describe('password hashing is off the database connection', () => {
  it('answers other calls while a login is being checked', async () => {
    const teacher = await token(login('teacher', DEMO_PASSWORD, 'staff', 'a'));
    let loggedIn = false;
    const pending = login('zavuch', DEMO_PASSWORD, 'staff', 'b').then((r) => {
      loggedIn = true;
      return r;
    });
    // A page read queued behind the login: before, the login's scrypt held the one connection.
    const loads = await school.call('journal.myLoads', {}, teacher);
    expect(loads.ok).toBe(true);
    expect(loggedIn).toBe(false);
    expect((await pending).ok).toBe(true);
  });

  it('answers other calls while a password change is being hashed', async () => {
    const teacher = await token(login('teacher', DEMO_PASSWORD, 'staff', 'a'));
    const zavuch = await token(login('zavuch', DEMO_PASSWORD, 'staff', 'b'));
    let changed = false;
    const pending = school.router
      .call(
        'auth.changePassword',
        { currentPassword: DEMO_PASSWORD, newPassword: 'Свой-пароль-завуча-7' },
        { token: zavuch, door: 'staff', client: 'b' },
      )
      .then((r) => {
        changed = true;
        return r;
      });
    expect((await school.call('journal.myLoads', {}, teacher)).ok).toBe(true);
    expect(changed).toBe(false);
    expect((await pending).ok).toBe(true);
  });

  it('counts parallel wrong passwords one by one and locks exactly once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => login('teacher', `guess-${i}`, 'staff', `10.1.0.${i}`)),
    );
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code)).sort();
    expect(codes).toEqual([...Array(4).fill('LOCKED'), ...Array(4).fill('UNAUTHENTICATED')]);
    const counted = all<{ after: string }>(
      school.db,
      "SELECT after FROM audit_log WHERE action = 'auth.login' AND entity = 'user_account'",
    );
    expect(counted.map((r) => JSON.parse(r.after).result)).toEqual(Array(5).fill('wrong_password'));
    expect(account('teacher').locked_until).not.toBeNull();
    expect(await login('teacher', DEMO_PASSWORD, 'staff', '10.1.1.1')).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
  });
});

describe('login attempt limits', () => {
  const limited = { ok: false, error: { code: 'RATE_LIMITED', message: MESSAGES.rateLimited } };

  it('allows ten failed attempts a minute per address, then answers 429 in Russian to that address only', async () => {
    for (let i = 0; i < 10; i++) {
      // Unknown logins, so that no account's own lock gets in the way.
      expect(await login(`nobody-${i}`, 'x', 'family', '203.0.113.5')).toEqual(WRONG);
    }
    expect(await login('roditel', DEMO_PASSWORD, 'family', '203.0.113.5')).toEqual(limited);
    expect((await login('roditel', DEMO_PASSWORD, 'family', '203.0.113.6')).ok).toBe(true);
    school.setNow(new Date(NOW.getTime() + 61_000));
    expect((await login('roditel', DEMO_PASSWORD, 'family', '203.0.113.5')).ok).toBe(true);
  });

  it('does not count successful logins (a computer lab behind one address)', async () => {
    for (let i = 0; i < 15; i++) {
      expect((await login('uchenik', DEMO_PASSWORD, 'family', '192.0.2.1')).ok, `login ${i}`).toBe(true);
    }
  });

  it('limits all addresses together per door, and a flood at the family door leaves the staff door open', async () => {
    const router = createRouter(school.db, features, {
      clock: () => NOW,
      attemptLimits: { perClient: 10, perDoor: 5, windowMs: 60_000 },
    });
    const at = (door: Door, client: string, who = 'nobody') =>
      router.call('auth.login', { login: who, password: 'x' }, { door, client });
    for (let i = 0; i < 5; i++) expect(await at('family', `198.51.100.${i}`)).toEqual(WRONG);
    expect(await at('family', '198.51.100.99')).toEqual(limited);
    const staff = await router.call(
      'auth.login',
      { login: 'teacher', password: DEMO_PASSWORD },
      { door: 'staff', client: '10.0.0.1' },
    );
    expect(staff.ok).toBe(true);
  });

  it('counts only attempts that checked a password: refusals before any check give theirs back', async () => {
    const t = await token(login('teacher', DEMO_PASSWORD, 'staff', 'a'));
    for (let i = 0; i < 12; i++) {
      const r = await school.router.call(
        'auth.changePassword',
        { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD },
        { token: t, door: 'staff', client: 'a' },
      );
      expect(r, `call ${i}`).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', field: 'newPassword' },
      });
    }
    expect((await login('teacher', DEMO_PASSWORD, 'staff', 'a')).ok).toBe(true);
  });

  it('uses the default limits of 10 per address and 100 per door', async () => {
    const { DEFAULT_ATTEMPT_LIMITS } = await import('../router/attempts');
    expect(DEFAULT_ATTEMPT_LIMITS).toEqual({ perClient: 10, perDoor: 100, windowMs: 60_000 });
  });
});

describe('changing a password', () => {
  it('ends the user’s other sessions, not the current one', async () => {
    const here = await token(login('teacher', DEMO_PASSWORD, 'staff', 'a'));
    const there = await token(login('teacher', DEMO_PASSWORD, 'staff', 'b'));
    const other = await token(login('zavuch', DEMO_PASSWORD, 'staff', 'c'));
    const r = await school.call(
      'auth.changePassword',
      { currentPassword: DEMO_PASSWORD, newPassword: 'Новый-пароль-учителя-1' },
      here,
    );
    expect(r).toEqual({ ok: true, value: {} });
    expect((await school.call('auth.me', {}, here)).ok).toBe(true);
    expect(await school.call('auth.me', {}, there)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect((await school.call('auth.me', {}, other)).ok).toBe(true);
  });

  it('a reset (setPassword without a session to keep) ends every session of the user', async () => {
    const t1 = await token(login('teacher', DEMO_PASSWORD, 'staff', 'a'));
    const userId = one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'teacher'").id;
    const ended = await school.db.write(() =>
      setPassword(
        { db: school.db, actor: null, door: 'staff', now: NOW, audit: () => {}, changed: () => {} },
        userId,
        'x',
        {
          mustChange: true,
          keepSessionId: null,
        },
      ),
    );
    expect(ended).toBe(1);
    expect((await school.call('auth.me', {}, t1)).ok).toBe(false);
  });

  it('counts a wrong current password towards the lock and audits it', async () => {
    const t = await token(login('teacher', DEMO_PASSWORD, 'staff', 'a'));
    const wrong = () =>
      school.call('auth.changePassword', { currentPassword: 'угадываю', newPassword: 'Новый-пароль-1' }, t);
    expect(await wrong()).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Текущий пароль введён неверно', field: 'currentPassword' },
    });
    expect(account('teacher').failed_logins).toBe(1);
    const audited = all<{ after: string }>(
      school.db,
      "SELECT after FROM audit_log WHERE action = 'auth.changePassword' AND entity = 'user_account'",
    );
    expect(audited.map((r) => JSON.parse(r.after).result)).toEqual(['wrong_current_password']);
    for (let i = 0; i < 3; i++) await wrong();
    expect(await wrong()).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // Locked: neither a login nor a further guess gets its password checked.
    expect(await login('teacher', DEMO_PASSWORD, 'staff', 'b')).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    expect(
      await school.call(
        'auth.changePassword',
        { currentPassword: DEMO_PASSWORD, newPassword: 'Новый-пароль-1' },
        t,
      ),
    ).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });

  it('refuses a new password that contains the login or is a common one, in Russian', async () => {
    const t = await token(login('teacher', DEMO_PASSWORD, 'staff', 'a'));
    const change = (newPassword: string) =>
      school.call('auth.changePassword', { currentPassword: DEMO_PASSWORD, newPassword }, t);
    expect(await change('Мой-TEACHER-пароль')).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Пароль не должен содержать логин', field: 'newPassword' },
    });
    for (const common of ['qwerty123', 'йцукен123', '12345678', 'password', 'пароль123']) {
      expect(await change(common), common).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION',
          field: 'newPassword',
          message: expect.stringContaining('распространён'),
        },
      });
    }
    // None of these was a guess at the current password.
    expect(account('teacher').failed_logins).toBe(0);
  });
});
