import type { Api, MethodName, Output, ParsedInput, ScopeKind } from '../../shared/api/contract';
import type { Database } from '../db/database';
import type {
  Actor,
  AuthedContext,
  CallContext,
  CommittedRefusal,
  PrepareContext,
  ResolvedSession,
} from './context';

type ContextFor<M extends MethodName> = Api[M]['roles'] extends 'anyone' ? CallContext : AuthedContext;
type PrepareContextFor<M extends MethodName> = Api[M]['roles'] extends 'anyone'
  ? PrepareContext
  : PrepareContext & { actor: Actor };

/** A service function bound to one method of the contract (src/main/features.ts binds them all). */
export type PlainHandler<M extends MethodName> = (
  ctx: ContextFor<M>,
  input: ParsedInput<M>,
) => Output<M> | CommittedRefusal;

/**
 * A method with slow work that needs no transaction (a password hash: ~70 ms of scrypt) is split in
 * two, so that the one connection is never held while it runs:
 * - `prepare` runs first, outside any transaction, after the router has validated the input, applied
 *   the attempt limits and checked the session and role (in a short read). It may read through
 *   `ctx.db.read` and await asynchronous work (a password hash on its own thread); it never writes.
 *   Meanwhile other calls use the connection. It may throw an ApiError to refuse.
 * - `run` is then called exactly like a plain handler, in the method's transaction (with the session,
 *   role and scope checked again inside it), with what `prepare` returned. Whatever `prepare` read may
 *   be stale by now: `run` re-reads what it decides on (an account's lock, its password hash).
 */
export interface StagedHandler<M extends MethodName, P> {
  prepare(ctx: PrepareContextFor<M>, input: ParsedInput<M>): Promise<P>;
  run(ctx: ContextFor<M>, input: ParsedInput<M>, prepared: P): Output<M> | CommittedRefusal;
}

export type Handler<M extends MethodName> = PlainHandler<M> | StagedHandler<M, unknown>;

/** Declares a staged handler (keeps the type of what `prepare` hands to `run`). */
export function staged<M extends MethodName, P>(handler: StagedHandler<M, P>): StagedHandler<M, P> {
  return handler;
}

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
