import type { Api, MethodName, Output, ParsedInput, ScopeKind } from '../../shared/api/contract';
import type { Database } from '../db/database';
import type { Actor, AuthedContext, CallContext, CommittedRefusal, ResolvedSession } from './context';

type ContextFor<M extends MethodName> = Api[M]['roles'] extends 'anyone' ? CallContext : AuthedContext;

/** A service function bound to one method of the contract (src/main/features.ts binds them all). */
export type Handler<M extends MethodName> = (
  ctx: ContextFor<M>,
  input: ParsedInput<M>,
) => Output<M> | CommittedRefusal;

/**
 * A scope check: decides from the database whether the actor may touch the object whose id is `id`
 * (read, or write when `write`); throws the ApiError to answer otherwise. Each feature owns its own.
 */
export type ScopeCheck = (db: Database, actor: Actor, id: number, field: string, write: boolean) => void;

/** Sessions as the router needs them: resolved from a token on every call, refreshed while in use. */
export interface SessionStore {
  resolve(token: string, now: Date): ResolvedSession | null;
  /** Writes the refreshed last_seen_at (inside a write transaction). */
  touch(sessionId: number, now: Date): void;
  /** Remembers that `touch` committed for this token. */
  touched(token: string, now: Date): void;
  /** Forgets remembered sessions (after a call that changes identity). */
  clear(): void;
}

/**
 * Everything the features bring to the router: a handler for every method, a check for every scope
 * kind, and the session store. Built once in src/main/features.ts and passed to createRouter, so the
 * router depends on no feature.
 */
export interface Features {
  handlers: { [M in MethodName]: Handler<M> };
  scopeChecks: Record<ScopeKind, ScopeCheck>;
  sessions(db: Database): SessionStore;
}
