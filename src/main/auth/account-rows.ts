import type { Role } from '../../shared/auth/roles';
import { prepared } from '../db/database';

/**
 * The one way an account and its roles are written: the first administrator (setup), staff and
 * family accounts (accounts, import) and the demo. Who may log in with it is the caller's choice of
 * `hash` (UNUSABLE_HASH until a slip is printed) and `mustChange` (a temporary password).
 */
export const accountRows = {
  account: prepared<{
    login: string;
    hash: string;
    mustChange: 0 | 1;
    last: string;
    first: string;
    middle: string | null;
    search: string;
    guardianId: number | null;
    studentId: number | null;
    at: string;
    /** Set when the password is the person's own from the start (the first administrator's). */
    passwordChangedAt: string | null;
  }>()((db, p) =>
    db.insertInto('user_account').values({
      login: p.login,
      password_hash: p.hash,
      must_change_password: p.mustChange,
      locked_until: null,
      disabled_at: null,
      last_name: p.last,
      first_name: p.first,
      middle_name: p.middle,
      search_name: p.search,
      guardian_id: p.guardianId,
      student_id: p.studentId,
      created_at: p.at,
      password_changed_at: p.passwordChangedAt,
      credentials_issued_at: null,
    }),
  ),
  role: prepared<{ userId: number; role: Role }>()((db, p) =>
    db.insertInto('user_role').values({ user_id: p.userId, role: p.role }),
  ),
};
