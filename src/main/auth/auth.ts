import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { FAMILY_ROLES, ROLE_TITLES, type Role, STAFF_ROLES } from '../../shared/auth/roles';
import { fullName } from '../../shared/i18n/names';
import { prepared } from '../db/database';
import { type AuthedContext, type CallContext, CommittedRefusal } from '../router/context';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import { hashToken, newToken, rolesOf, SESSION_LIMITS } from './sessions';

/** After this many wrong passwords in a row the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

const WRONG_CREDENTIALS = 'Неверный логин или пароль';

const userByLogin = prepared<{ login: string }>()((db, p) =>
  db
    .selectFrom('user_account')
    .select([
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
    ])
    .where('login', '=', p.login),
);

const userById = prepared<{ id: number }>()((db, p) =>
  db
    .selectFrom('user_account')
    .select([
      'id',
      'login',
      'password_hash',
      'must_change_password',
      'last_name',
      'first_name',
      'middle_name',
    ])
    .where('id', '=', p.id),
);

function nameOf(u: { last_name: string; first_name: string; middle_name: string | null }): string {
  return fullName({ lastName: u.last_name, firstName: u.first_name, middleName: u.middle_name });
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
}

export function login(
  ctx: CallContext,
  input: ParsedInput<'auth.login'>,
): Output<'auth.login'> | CommittedRefusal {
  const { db, now } = ctx;
  const nowIso = now.toISOString();
  const user = db.first(userByLogin, { login: input.login.toLocaleLowerCase('ru-RU') });
  if (!user) {
    verifyPassword(input.password, dummyHash());
    ctx.audit({
      entity: 'login',
      entityId: null,
      before: null,
      after: { login: input.login, result: 'unknown_login' },
    });
    return new CommittedRefusal(new ApiError('UNAUTHENTICATED', WRONG_CREDENTIALS));
  }
  if (user.locked_until && user.locked_until > nowIso) {
    return new CommittedRefusal(
      new ApiError(
        'LOCKED',
        `Вход заблокирован после ${MAX_FAILED_LOGINS} неудачных попыток до ${formatTime(user.locked_until)}. Подождите или обратитесь к администратору.`,
      ),
    );
  }
  if (!verifyPassword(input.password, user.password_hash)) {
    const failed = user.failed_logins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    const lockedUntil = lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    db.run(
      db.builder
        .updateTable('user_account')
        .set({ failed_logins: lock ? 0 : failed, locked_until: lockedUntil })
        .where('id', '=', user.id),
    );
    ctx.audit({
      entity: 'user_account',
      entityId: user.id,
      before: { failedLogins: user.failed_logins },
      after: { failedLogins: lock ? 0 : failed, lockedUntil, result: 'wrong_password' },
    });
    if (lock) {
      return new CommittedRefusal(
        new ApiError(
          'LOCKED',
          `Вход заблокирован на ${LOCK_MINUTES} минут после ${MAX_FAILED_LOGINS} неудачных попыток.`,
        ),
      );
    }
    return new CommittedRefusal(new ApiError('UNAUTHENTICATED', WRONG_CREDENTIALS));
  }
  if (user.disabled_at) {
    return new CommittedRefusal(
      new ApiError('FORBIDDEN', 'Учётная запись отключена. Обратитесь к администратору.'),
    );
  }
  const userRoles = rolesOf(ctx.db, user.id);
  const doorRoles: readonly Role[] = ctx.door === 'staff' ? STAFF_ROLES : FAMILY_ROLES;
  if (!userRoles.some((r) => doorRoles.includes(r))) {
    const message =
      ctx.door === 'staff'
        ? 'Родители и ученики входят в электронный дневник, а не в программу для сотрудников'
        : 'Сотрудники школы входят в программу «Школьный журнал», а не в электронный дневник';
    return new CommittedRefusal(new ApiError('FORBIDDEN', message));
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
    },
  };
}

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
  };
}

export function changePassword(
  ctx: AuthedContext,
  input: ParsedInput<'auth.changePassword'>,
): Output<'auth.changePassword'> {
  const user = ctx.db.first(userById, { id: ctx.actor.userId });
  if (!user) throw new ApiError('UNAUTHENTICATED', 'Учётная запись не найдена');
  if (!verifyPassword(input.currentPassword, user.password_hash)) {
    throw new ApiError('VALIDATION', 'Текущий пароль введён неверно', 'currentPassword');
  }
  if (input.newPassword === input.currentPassword) {
    throw new ApiError('VALIDATION', 'Новый пароль должен отличаться от текущего', 'newPassword');
  }
  const at = ctx.now.toISOString();
  ctx.db.run(
    ctx.db.builder
      .updateTable('user_account')
      .set({
        password_hash: hashPassword(input.newPassword),
        must_change_password: 0,
        password_changed_at: at,
      })
      .where('id', '=', user.id),
  );
  ctx.audit({
    entity: 'user_account',
    entityId: user.id,
    before: { mustChangePassword: user.must_change_password === 1 },
    after: { mustChangePassword: false, passwordChangedAt: at },
  });
  return {};
}

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
