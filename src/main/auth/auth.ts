import type { Output } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { passwordProblem } from '../../shared/auth/password-rules';
import { FAMILY_ROLES, ROLE_TITLES, type Role, STAFF_ROLES } from '../../shared/auth/roles';
import { fullName } from '../../shared/i18n/names';
import { prepared } from '../db/database';
import { type AuthedContext, type CallContext, CommittedRefusal } from '../router/context';
import { staged } from '../router/handler';
import { journalId } from '../school-year/school';
import { dummyHash, hashPasswordAsync, verifyPasswordAsync } from './passwords';
import { hashToken, newToken, rolesOf, SESSION_LIMITS } from './sessions';

/** After this many wrong passwords in a row the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

const WRONG_CREDENTIALS = 'Неверный логин или пароль';

/** An account with what a password check decides on (its hash, counter and lock). */
const ACCOUNT_COLUMNS = [
  'id',
  'login',
  'password_hash',
  'must_change_password',
  'failed_logins',
  'locked_until',
  'disabled_at',
  'last_name',
  'first_name',
  'middle_name',
] as const;

const userByLogin = prepared<{ login: string }>()((db, p) =>
  db.selectFrom('user_account').select(ACCOUNT_COLUMNS).where('login', '=', p.login),
);

const userById = prepared<{ id: number }>()((db, p) =>
  db
    .selectFrom('user_account')
    .select(['id', 'login', 'must_change_password', 'last_name', 'first_name', 'middle_name'])
    .where('id', '=', p.id),
);

const accountById = prepared<{ id: number }>()((db, p) =>
  db.selectFrom('user_account').select(ACCOUNT_COLUMNS).where('id', '=', p.id),
);

function isFamilyRole(role: Role): boolean {
  return (FAMILY_ROLES as readonly Role[]).includes(role);
}

function nameOf(u: { last_name: string; first_name: string; middle_name: string | null }): string {
  return fullName({ lastName: u.last_name, firstName: u.first_name, middleName: u.middle_name });
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
}

function lockedUntil(user: { locked_until: string | null }, now: Date): string | null {
  return user.locked_until && user.locked_until > now.toISOString() ? user.locked_until : null;
}

function lockedError(until: string): ApiError {
  return new ApiError(
    'LOCKED',
    `Вход заблокирован после ${MAX_FAILED_LOGINS} неудачных попыток до ${formatTime(until)}. Подождите или обратитесь к администратору.`,
  );
}

const wrongCredentials = () => new CommittedRefusal(new ApiError('UNAUTHENTICATED', WRONG_CREDENTIALS));

/**
 * Counts a wrong password towards the account's lock (inside the write transaction, on the row as it
 * is now, so that parallel attempts count one by one). Returns the lock's end when this one locked it.
 */
function countFailure(
  ctx: CallContext,
  user: { id: number; failed_logins: number },
  result: string,
): string | null {
  const failed = user.failed_logins + 1;
  const lock = failed >= MAX_FAILED_LOGINS;
  const lockedUntil = lock ? new Date(ctx.now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
  ctx.db.run(
    ctx.db.builder
      .updateTable('user_account')
      .set({ failed_logins: lock ? 0 : failed, locked_until: lockedUntil })
      .where('id', '=', user.id),
  );
  ctx.audit({
    entity: 'user_account',
    entityId: user.id,
    before: { failedLogins: user.failed_logins },
    after: { failedLogins: lock ? 0 : failed, lockedUntil, result },
  });
  return lockedUntil;
}

const lockedNow = () =>
  new CommittedRefusal(
    new ApiError(
      'LOCKED',
      `Вход заблокирован на ${LOCK_MINUTES} минут после ${MAX_FAILED_LOGINS} неудачных попыток.`,
    ),
  );

/** What the login's slow step found out, outside any transaction. */
type LoginCheck =
  /** No account to check at this door (unknown login, or a staff-only account at the family door). */
  | { kind: 'none'; result: 'unknown_login' | 'staff_at_family_door' }
  /** The account was locked when read: no hash was computed. */
  | { kind: 'locked'; userId: number }
  | { kind: 'checked'; userId: number; hash: string; right: boolean };

/**
 * Signing in, in two steps (see StagedHandler): the account is read and the password checked with
 * scrypt on the hashing thread (passwords.ts) while the connection serves others; then one short
 * write transaction re-reads the account and records the outcome (a failure towards the lock, or the
 * new session).
 *
 * Every answer that is not a success says as little as a wrong password does: an unknown login and,
 * at the family door, a staff login get exactly the wrong-password answer after a scrypt check of the
 * same cost, and never touch any account's counter or lock (the parents' door faces the internet and
 * must not help anyone guess or lock staff passwords).
 */
export const login = staged<'auth.login', LoginCheck>({
  async prepare(ctx, input) {
    const found = await ctx.db.read(() => {
      const user = ctx.db.first(userByLogin, { login: input.login.toLocaleLowerCase('ru-RU') });
      return user && { user, roles: rolesOf(ctx.db, user.id) };
    });
    const staffAtFamilyDoor =
      found !== undefined && ctx.door === 'family' && !found.roles.some((r) => isFamilyRole(r));
    if (!found || staffAtFamilyDoor) {
      await verifyPasswordAsync(input.password, await dummyHash());
      return { kind: 'none', result: staffAtFamilyDoor ? 'staff_at_family_door' : 'unknown_login' };
    }
    // A locked account is refused without hashing: a flood against it costs nothing.
    if (lockedUntil(found.user, ctx.now)) return { kind: 'locked', userId: found.user.id };
    const right = await verifyPasswordAsync(input.password, found.user.password_hash);
    return { kind: 'checked', userId: found.user.id, hash: found.user.password_hash, right };
  },

  run(ctx, input, check) {
    const { db, now } = ctx;
    const nowIso = now.toISOString();
    if (check.kind === 'none') {
      ctx.audit({
        entity: 'login',
        entityId: null,
        before: null,
        after: { login: input.login, result: check.result },
      });
      return wrongCredentials();
    }
    // The account as it is now: a parallel attempt may have locked it, or changed its password.
    const user = db.first(accountById, { id: check.userId });
    if (!user) return wrongCredentials();
    const until = lockedUntil(user, now);
    if (until) return new CommittedRefusal(lockedError(until));
    // Locked when read but not any more (it ran out meanwhile): the password was not checked.
    if (check.kind === 'locked') return wrongCredentials();
    // The password changed while this one was being checked: check against the new one next time.
    if (user.password_hash !== check.hash) return wrongCredentials();
    if (!check.right) {
      return countFailure(ctx, user, 'wrong_password') ? lockedNow() : wrongCredentials();
    }
    if (user.disabled_at) {
      return new CommittedRefusal(
        new ApiError('FORBIDDEN', 'Учётная запись отключена. Обратитесь к администратору.'),
      );
    }
    const userRoles = rolesOf(ctx.db, user.id);
    const doorRoles: readonly Role[] = ctx.door === 'staff' ? STAFF_ROLES : FAMILY_ROLES;
    if (!userRoles.some((r) => doorRoles.includes(r))) {
      // Only at the staff door (the family door never gets here with a staff-only account): it is on
      // the school's own network, and the person did type the right password.
      return new CommittedRefusal(
        new ApiError(
          'FORBIDDEN',
          'Родители и ученики входят в электронный дневник, а не в программу для сотрудников',
        ),
      );
    }

    const token = newToken();
    const expiresAt = new Date(now.getTime() + SESSION_LIMITS[ctx.door].absoluteMs).toISOString();
    if (user.failed_logins > 0 || user.locked_until) {
      db.run(
        db.builder
          .updateTable('user_account')
          .set({ failed_logins: 0, locked_until: null })
          .where('id', '=', user.id),
      );
    }
    const { lastId } = db.run(
      db.builder.insertInto('session').values({
        token_hash: hashToken(token),
        user_id: user.id,
        audience: ctx.door,
        created_at: nowIso,
        last_seen_at: nowIso,
        expires_at: expiresAt,
        ended_at: null,
      }),
    );
    ctx.audit({
      entity: 'session',
      entityId: lastId,
      before: null,
      after: { userId: user.id, door: ctx.door, expiresAt },
    });
    return {
      token,
      expiresAt,
      user: {
        id: user.id,
        login: user.login,
        name: nameOf(user),
        roles: userRoles,
        mustChangePassword: user.must_change_password === 1,
        journal: journalId(ctx.db),
      },
    };
  },
});

export function logout(ctx: AuthedContext): Output<'auth.logout'> {
  const at = ctx.now.toISOString();
  ctx.db.run(
    ctx.db.builder.updateTable('session').set({ ended_at: at }).where('id', '=', ctx.actor.sessionId),
  );
  ctx.audit({ entity: 'session', entityId: ctx.actor.sessionId, before: null, after: { endedAt: at } });
  return {};
}

export function me(ctx: AuthedContext): Output<'auth.me'> {
  const user = ctx.db.first(userById, { id: ctx.actor.userId });
  if (!user) throw new ApiError('UNAUTHENTICATED', 'Учётная запись не найдена');
  return {
    id: user.id,
    login: user.login,
    name: nameOf(user),
    roles: [...ctx.actor.roles],
    mustChangePassword: user.must_change_password === 1,
    journal: journalId(ctx.db),
  };
}

/**
 * Sets a user's password and ends their other sessions: whoever knew the old password (or held a
 * session opened with it) is out. Every password change and reset goes through here; `keepSessionId`
 * is the session of the person changing their own password.
 */
export function setPassword(
  ctx: CallContext,
  userId: number,
  hash: string,
  options: { mustChange: boolean; keepSessionId: number | null },
): number {
  const at = ctx.now.toISOString();
  ctx.db.run(
    ctx.db.builder
      .updateTable('user_account')
      .set({
        password_hash: hash,
        must_change_password: options.mustChange ? 1 : 0,
        password_changed_at: at,
        failed_logins: 0,
        locked_until: null,
      })
      .where('id', '=', userId),
  );
  let ending = ctx.db.builder
    .updateTable('session')
    .set({ ended_at: at })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (options.keepSessionId !== null) ending = ending.where('id', '!=', options.keepSessionId);
  return ctx.db.run(ending).changes;
}

type PasswordCheck =
  | { kind: 'locked' }
  | { kind: 'checked'; hash: string; right: boolean; newHash: string | null };

/**
 * A user changes their own password, in two steps like the login: both scrypt runs (checking the
 * current password, hashing the new one) happen before the write transaction. A wrong current
 * password counts towards the account's lock like a wrong login, and is audited; while the account
 * is locked no guess is checked.
 */
export const changePassword = staged<'auth.changePassword', PasswordCheck>({
  async prepare(ctx, input) {
    const user = await ctx.db.read(() => ctx.db.first(accountById, { id: ctx.actor.userId }));
    if (!user) throw new ApiError('UNAUTHENTICATED', 'Учётная запись не найдена');
    if (lockedUntil(user, ctx.now)) return { kind: 'locked' };
    // The rules the contract cannot check without the login (password-rules.ts).
    const problem = passwordProblem(input.newPassword, user.login);
    if (problem) throw new ApiError('VALIDATION', problem, 'newPassword');
    if (input.newPassword === input.currentPassword) {
      throw new ApiError('VALIDATION', 'Новый пароль должен отличаться от текущего', 'newPassword');
    }
    const right = await verifyPasswordAsync(input.currentPassword, user.password_hash);
    const newHash = right ? await hashPasswordAsync(input.newPassword) : null;
    return { kind: 'checked', hash: user.password_hash, right, newHash };
  },

  run(ctx, _input, check) {
    const user = ctx.db.first(accountById, { id: ctx.actor.userId });
    if (!user) throw new ApiError('UNAUTHENTICATED', 'Учётная запись не найдена');
    const until = lockedUntil(user, ctx.now);
    if (until) throw lockedError(until);
    // Locked when read, not any more (the lock ran out meanwhile): nothing was checked.
    if (check.kind === 'locked')
      throw new ApiError('CONFLICT', 'Блокировка только что снята. Попробуйте ещё раз.');
    if (user.password_hash !== check.hash) {
      throw new ApiError(
        'CONFLICT',
        'Пароль только что изменили. Введите текущий пароль ещё раз.',
        'currentPassword',
      );
    }
    if (!check.right || !check.newHash) {
      if (countFailure(ctx, user, 'wrong_current_password')) return lockedNow();
      return new CommittedRefusal(
        new ApiError('VALIDATION', 'Текущий пароль введён неверно', 'currentPassword'),
      );
    }
    const ended = setPassword(ctx, user.id, check.newHash, {
      mustChange: false,
      keepSessionId: ctx.actor.sessionId,
    });
    ctx.audit({
      entity: 'user_account',
      entityId: user.id,
      before: { mustChangePassword: user.must_change_password === 1 },
      after: { mustChangePassword: false, passwordChangedAt: ctx.now.toISOString(), endedSessions: ended },
    });
    return {};
  },
});

/** The demo school's accounts, shown on the login screen. A real school's database never has them. */
export function demoAccounts(ctx: CallContext): Output<'auth.demoAccounts'> {
  const school = ctx.db.first(ctx.db.builder.selectFrom('school').select(['name', 'is_demo']).limit(1));
  if (!school) return { demo: false, schoolName: '', accounts: [] };
  if (school.is_demo !== 1) return { demo: false, schoolName: school.name, accounts: [] };
  const row = ctx.db.first(
    ctx.db.builder.selectFrom('setting').select('value').where('key', '=', 'demo.accounts'),
  );
  const accounts = row
    ? (JSON.parse(row.value) as {
        login: string;
        password: string;
        role: Role;
        title?: string;
        name: string;
      }[])
    : [];
  const wanted = ctx.door === 'staff' ? STAFF_ROLES : FAMILY_ROLES;
  return {
    demo: true,
    schoolName: school.name,
    accounts: accounts
      .filter((a) => (wanted as readonly Role[]).includes(a.role))
      .map((a) => ({
        login: a.login,
        password: a.password,
        role: a.role,
        name: a.name,
        title: a.title ?? ROLE_TITLES[a.role],
      })),
  };
}
