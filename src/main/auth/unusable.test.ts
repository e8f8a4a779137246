import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import { dummyHash, hashing, verifyPasswordAsync } from './passwords';

/**
 * Accounts created without a password (made by the administrator or an import, '!' until the slip
 * is printed) can be signed into with nothing: the attempt is a wrong password, answered after a
 * check of the same cost as any other, and nothing crashes.
 */
let school: School;
beforeEach(() => {
  school = makeSchool();
  school.db.sqlite
    .prepare(
      "UPDATE user_account SET password_hash = '!', credentials_issued_at = NULL WHERE login = 'teacher'",
    )
    .run();
});
afterEach(() => school.close());

describe('an account with no usable password', () => {
  it('refuses every password exactly like a wrong one', async () => {
    for (const password of ['!', '', 'demo2026', '$scrypt$']) {
      const r = await school.router.call(
        'auth.login',
        { login: 'teacher', password: password || 'x' },
        { door: 'staff' },
      );
      expect(r).toEqual({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: 'Неверный логин или пароль' },
      });
    }
    // The refusals count like wrong passwords do (and a printed slip resets the counter).
    expect(
      one<{ failed_logins: number }>(
        school.db,
        "SELECT failed_logins FROM user_account WHERE login = 'teacher'",
      ).failed_logins,
    ).toBe(4);
  });

  it('spends a real password check on it, so the answer takes as long as a wrong password', async () => {
    await dummyHash(); // made once per process; not part of what is counted
    const before = hashing.started;
    expect(await verifyPasswordAsync('demo2026', '!')).toBe(false);
    expect(await verifyPasswordAsync('demo2026', 'scrypt$1$2')).toBe(false);
    expect(hashing.started - before).toBe(2);
  });
});
