import type { Audience } from '../../shared/api/define';
import type { ApiError } from '../../shared/api/errors';
import type { Role } from '../../shared/auth/roles';
import type { Topic } from '../../shared/sync/topics';
import type { Database } from '../db/database';

/** The person behind a call, as the router established it from the session. */
export interface Actor {
  userId: number;
  sessionId: number;
  roles: readonly Role[];
  guardianId: number | null;
  studentId: number | null;
  mustChangePassword: boolean;
}

export interface AuditEntry {
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
}

/** A live session, as the session store resolved it from the caller's token. */
export interface ResolvedSession {
  actor: Actor;
  door: Door;
  needsTouch: boolean;
}

/** Which door the call came through: the staff application or the family diary endpoint. */
export type Door = Exclude<Audience, 'both'>;

export interface CallContext {
  db: Database;
  actor: Actor | null;
  door: Door;
  now: Date;
  /** Records a change; the router writes it to audit_log in the same transaction. */
  audit(entry: AuditEntry): void;
  /**
   * Names what a write changed (`load:12`, `student:5`, …); the router records the topics in
   * data_change in the same transaction, and open screens refresh only what shows them.
   */
  changed(...topics: Topic[]): void;
}

/** What a staged handler's `prepare` step gets: no transaction is open and nothing may be written. */
export interface PrepareContext {
  db: Database;
  actor: Actor | null;
  door: Door;
  now: Date;
}

export interface AuthedContext extends CallContext {
  actor: Actor;
}

/**
 * A refusal that must still commit what the service wrote (e.g. a failed login counts towards the
 * lock). Services return it instead of throwing; the router commits, then answers { ok: false }.
 */
export class CommittedRefusal {
  constructor(readonly error: ApiError) {}
}
