import { resolve } from 'node:path';
import type { Output } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { searchKey } from '../../shared/i18n/names';
import { accountRows } from '../auth/account-rows';
import { hashPasswordAsync } from '../auth/passwords';
import { type Database, prepared } from '../db/database';
import type { CallContext } from '../router/context';
import { staged } from '../router/handler';
import { insertSchoolDefaults } from './defaults';

/**
 * setup.status and setup.create on an open journal. While the file does not exist there is no
 * database, and app.ts answers both itself (`pending.ts`); once it exists these run in the router
 * like every other method, and setup.create is refused as soon as anyone can log in.
 */

export const ALREADY_CREATED =
  'Журнал уже создан: в нём есть учётные записи. Войдите под своей учётной записью.';

const anyAccount = prepared()((db) => db.selectFrom('user_account').select('id').limit(1));
const anyWorkType = prepared()((db) => db.selectFrom('work_type').select('id').limit(1));
const anySubject = prepared()((db) => db.selectFrom('subject').select('id').limit(1));
const schoolRow = prepared()((db) => db.selectFrom('school').select('id').limit(1));
const loginTaken = prepared<{ login: string }>()((db, p) =>
  db.selectFrom('user_account').select('id').where('login', '=', p.login),
);

const insertSchool = prepared<{
  name: string;
  fullName: string;
  address: string;
  director: string;
  at: string;
}>()((db, p) =>
  db.insertInto('school').values({
    name: p.name,
    short_name: p.name,
    full_name: p.fullName,
    address: p.address,
    director_name: p.director,
    is_demo: 0,
    created_at: p.at,
  }),
);

const updateSchool = prepared<{
  id: number;
  name: string;
  fullName: string;
  address: string;
  director: string;
}>()((db, p) =>
  db
    .updateTable('school')
    .set({
      name: p.name,
      short_name: p.name,
      full_name: p.fullName,
      address: p.address,
      director_name: p.director,
    })
    .where('id', '=', p.id),
);

/** Whether anyone can log into this journal (a journal nobody can enter still needs its first run). */
export function hasAccounts(db: Database): boolean {
  return db.first(anyAccount, {}) !== undefined;
}

export function status(ctx: CallContext): Output<'setup.status'> {
  // The path is shown only while the journal is still to be created: a ready journal does not tell
  // callers without a session where its file lives.
  return hasAccounts(ctx.db)
    ? { state: 'ready', path: null }
    : { state: 'empty', path: resolve(ctx.db.path) };
}

/**
 * Fills a journal nobody can log into yet: the school's details, the defaults every school shares,
 * and the first administrator with the password typed on the screen. Re-checked inside the write
 * transaction, so of two submissions exactly one creates the administrator and the other is refused.
 */
export const create = staged<'setup.create', { hash: string }>({
  async prepare(ctx, input) {
    refuseUnlessBlank(ctx.db, await ctx.db.read(() => hasAccounts(ctx.db)), input.path);
    // scrypt on the hashing thread, outside the transaction (router/handler.ts).
    return { hash: await hashPasswordAsync(input.password) };
  },

  run(ctx, input, { hash }) {
    refuseUnlessBlank(ctx.db, hasAccounts(ctx.db), input.path);
    const at = ctx.now.toISOString();
    const details = {
      name: input.schoolName,
      fullName: input.fullName,
      address: input.address,
      director: input.directorName,
    };
    // A blank journal has no school row unless somebody made one by hand: then it gets these details.
    const existing = ctx.db.first(schoolRow, {});
    if (existing) ctx.db.run(updateSchool, { id: existing.id, ...details });
    const schoolId = existing ? existing.id : ctx.db.run(insertSchool, { ...details, at }).lastId;
    ctx.audit({ entity: 'school', entityId: schoolId, before: null, after: details });

    if (!ctx.db.first(anyWorkType, {}) && !ctx.db.first(anySubject, {})) insertSchoolDefaults(ctx.db);

    // A blank journal has no account, so no login is taken; checked anyway for a clear refusal.
    if (ctx.db.first(loginTaken, { login: input.login }))
      throw new ApiError('CONFLICT', `Логин «${input.login}» уже занят`, 'login');
    const middle = input.middleName === '' ? null : input.middleName;
    const adminId = ctx.db.run(accountRows.account, {
      login: input.login,
      hash,
      // The administrator chose this password on the first-run screen: it is nobody's temporary one.
      mustChange: 0,
      last: input.lastName,
      first: input.firstName,
      middle,
      search: searchKey(input.lastName, input.firstName, middle),
      guardianId: null,
      studentId: null,
      at,
      passwordChangedAt: at,
    }).lastId;
    ctx.db.run(accountRows.role, { userId: adminId, role: 'admin' });
    ctx.audit({
      entity: 'user_account',
      entityId: adminId,
      before: null,
      after: {
        login: input.login,
        roles: ['admin'],
        lastName: input.lastName,
        firstName: input.firstName,
        middleName: middle,
        result: 'first_administrator',
      },
    });
    return { login: input.login };
  },
});

function refuseUnlessBlank(db: Database, accounts: boolean, path: string): void {
  if (accounts) throw new ApiError('CONFLICT', ALREADY_CREATED);
  // The person confirmed one path; a journal opened from another one is not what they confirmed.
  if (resolve(path) !== resolve(db.path))
    throw new ApiError('CONFLICT', `Журнал открыт из другого файла: ${resolve(db.path)}`, 'path');
}
