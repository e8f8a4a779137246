import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/auth/roles';
import { type Database, prepared } from '../db/database';
import type { Door, ResolvedSession } from '../router/context';
import type { SessionStore } from '../router/handler';

/** How long a session lives. Staff computers are shared: an idle session ends within two hours. */
export const SESSION_LIMITS: Record<Door, { absoluteMs: number; idleMs: number }> = {
  staff: { absoluteMs: 12 * 3600_000, idleMs: 2 * 3600_000 },
  family: { absoluteMs: 30 * 24 * 3600_000, idleMs: 7 * 24 * 3600_000 },
};
/** last_seen_at is refreshed at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const sessionByToken = prepared<{ tokenHash: string }>()((db, p) =>
  db
    .selectFrom('session as s')
    .innerJoin('user_account as u', 'u.id', 's.user_id')
    .select([
      's.id as sessionId',
      's.user_id as userId',
      's.audience',
      's.expires_at as expiresAt',
      's.last_seen_at as lastSeenAt',
      's.ended_at as endedAt',
      'u.disabled_at as disabledAt',
      'u.must_change_password as mustChange',
      'u.guardian_id as guardianId',
      'u.student_id as studentId',
    ])
    .where('s.token_hash', '=', p.tokenHash),
);

const rolesOfUser = prepared<{ userId: number }>()((db, p) =>
  db.selectFrom('user_role').select('role').where('user_id', '=', p.userId).orderBy('role'),
);

/** A user's roles (a deputy who teaches is both). */
export function rolesOf(db: Database, userId: number): Role[] {
  return db.all(rolesOfUser, { userId }).map((r) => r.role);
}

const touchSession = prepared<{ id: number; now: string }>()((db, p) =>
  db.updateTable('session').set({ last_seen_at: p.now }).where('id', '=', p.id),
);

type SessionRow = NonNullable<ReturnType<typeof readSession>>;

function readSession(db: Database, token: string) {
  const row = db.first(sessionByToken, { tokenHash: hashToken(token) });
  return row && { ...row, roles: rolesOf(db, row.userId) };
}

/** The live session in a row, or null when it has ended, expired, been idle too long or its user is disabled. */
function check(row: SessionRow | undefined, now: Date): ResolvedSession | null {
  if (!row || row.endedAt || row.disabledAt) return null;
  const nowMs = now.getTime();
  if (Date.parse(row.expiresAt) <= nowMs) return null;
  const lastSeen = Date.parse(row.lastSeenAt);
  if (nowMs - lastSeen > SESSION_LIMITS[row.audience].idleMs) return null;
  return {
    door: row.audience,
    needsTouch: nowMs - lastSeen > TOUCH_EVERY_MS,
    actor: {
      userId: row.userId,
      sessionId: row.sessionId,
      roles: row.roles,
      guardianId: row.guardianId,
      studentId: row.studentId,
      mustChangePassword: row.mustChange === 1,
    },
  };
}

/**
 * Sessions resolved on this connection, reused while nothing can have changed them: no other
 * computer has committed to the file since (PRAGMA data_version) and no call here that changes
 * identity (contract flag `changesIdentity`) has run. Expiry and idle time are checked on every call.
 */
export function sessionCache(db: Database): SessionStore {
  const rows = new Map<string, SessionRow>();
  let seenVersion = -1;
  return {
    resolve(token: string, now: Date): ResolvedSession | null {
      const version = db.dataVersion();
      if (version !== seenVersion) {
        rows.clear();
        seenVersion = version;
      }
      let row = rows.get(token);
      if (!row) {
        row = readSession(db, token);
        if (!row) return null;
        if (rows.size > 1000) rows.clear();
        rows.set(token, row);
      }
      return check(row, now);
    },
    touch: (sessionId, now) => touch(db, sessionId, now),
    touched(token: string, now: Date): void {
      const row = rows.get(token);
      if (row) rows.set(token, { ...row, lastSeenAt: now.toISOString() });
    },
    clear(): void {
      rows.clear();
    },
  };
}

export function touch(db: Database, sessionId: number, now: Date): void {
  db.run(touchSession, { id: sessionId, now: now.toISOString() });
}
