import type { ExpressionBuilder, SqlBool } from 'kysely';
import type { AccountInfo } from '../../shared/accounts/contract';
import { ApiError } from '../../shared/api/errors';
import type { Role } from '../../shared/auth/roles';
import { localIsoDate } from '../../shared/i18n/dates';
import { loginFor, uniqueLogin } from '../../shared/i18n/logins';
import { fullName, searchKey } from '../../shared/i18n/names';
import { accountRows } from '../auth/account-rows';
import { UNUSABLE_HASH } from '../auth/passwords';
import type { Database } from '../db/database';
import type { Schema } from '../db/schema';
import type { CallContext } from '../router/context';
import { currentYear } from '../school-year/school';

export interface AccountRow {
  id: number;
  login: string;
  credentials_issued_at: string | null;
  disabled_at: string | null;
  /** 1 when the account has a password someone can sign in with (not UNUSABLE_HASH). */
  usable: SqlBool;
}

export const NO_ACCOUNT: AccountInfo = {
  userId: null,
  login: null,
  state: 'none',
  issuedAt: null,
  disabledAt: null,
};

export function accountInfo(row: AccountRow | undefined | null): AccountInfo {
  if (!row) return NO_ACCOUNT;
  return {
    userId: row.id,
    login: row.login,
    // An account with a password but no printed slip (the first administrator, who chose their own;
    // the demo's accounts) is in use: 'issued' without a date.
    state: row.disabled_at ? 'disabled' : row.credentials_issued_at || row.usable ? 'issued' : 'notIssued',
    issuedAt: row.credentials_issued_at,
    disabledAt: row.disabled_at,
  };
}

export interface Named {
  last_name: string;
  first_name: string;
  middle_name: string | null;
}

export function nameOf(p: Named): string {
  return fullName({ lastName: p.last_name, firstName: p.first_name, middleName: p.middle_name });
}

/** The current academic year (or the latest set up), for the classes the lists show. */
export function yearNow(ctx: CallContext) {
  return currentYear(ctx.db, localIsoDate(ctx.now));
}

/** A free login for a name, by the one login rule (shared/i18n/logins.ts). */
export function freeLogin(db: Database, p: Named, alsoTaken: Set<string> = new Set()): string {
  const taken = (login: string) =>
    alsoTaken.has(login) ||
    db.first(db.builder.selectFrom('user_account').select('id').where('login', '=', login)) !== undefined;
  const base = loginFor(p.last_name, p.first_name, p.middle_name);
  // A name with no Latin transliteration at all (never in practice) still gets a login.
  return uniqueLogin(base.length > 1 ? base : `user${base}`, taken);
}

/** Whether an account has a usable password, as a column (for accountInfo). */
export const usableColumn = (eb: ExpressionBuilder<Schema, 'user_account'>) =>
  eb('user_account.password_hash', '!=', UNUSABLE_HASH).as('usable');

/** Inserts an account nobody can sign in with until its slip is printed. */
export function insertAccount(
  ctx: CallContext,
  person: Named & { login: string; guardian_id?: number | null; student_id?: number | null },
  roles: readonly Role[],
): number {
  const { lastId } = ctx.db.run(accountRows.account, {
    login: person.login,
    hash: UNUSABLE_HASH,
    mustChange: 1,
    last: person.last_name,
    first: person.first_name,
    middle: person.middle_name,
    search: searchKey(person.last_name, person.first_name, person.middle_name),
    guardianId: person.guardian_id ?? null,
    studentId: person.student_id ?? null,
    at: ctx.now.toISOString(),
    passwordChangedAt: null,
  });
  for (const role of roles) ctx.db.run(accountRows.role, { userId: lastId, role });
  return lastId;
}

export function notFound(what: string, field: string): ApiError {
  return new ApiError('NOT_FOUND', `${what} не найден(а): возможно, запись удалили. Обновите список.`, field);
}
