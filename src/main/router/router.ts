import type { z } from 'zod';
import { api, isMethodName, type MethodName } from '../../shared/api/contract';
import { ApiError, type ApiResult, MESSAGES } from '../../shared/api/errors';
import { type Database, prepared } from '../db/database';
import { type CallMeta, toJsonAnswer } from './answer';
import { type AttemptLimits, attemptLimiter, DEFAULT_ATTEMPT_LIMITS } from './attempts';
import { type AuditRowContent, auditRowHash, chainHead } from './audit-chain';
import { recordChanges } from './changes';
import type { Actor, AuditEntry, CallContext } from './context';
import { CommittedRefusal } from './context';
import type { Features, StagedHandler } from './handler';

/**
 * The only door to the services. For every call: validate the input (zod), resolve the session,
 * check the role and the door, check the scope against the database, run the service in one
 * transaction and write its audit rows in that same transaction. Transports only carry bytes here.
 * Methods marked `passwordAttempt` are limited per client address and per door first (attempts.ts);
 * a staged handler's `prepare` runs before the transaction (handler.ts says when and why).
 */

export interface RouterOptions {
  /** Validate every output against the contract (tests and development; it costs time on big pages). */
  checkOutputs?: boolean;
  clock?: () => Date;
  /** Limits on password attempts (logins, password changes); see attempts.ts for the defaults' reasons. */
  attemptLimits?: AttemptLimits;
}

const insertAudit = prepared<AuditRowContent & { prevHash: string; rowHash: string }>()((db, p) =>
  db.insertInto('audit_log').values({
    id: p.id,
    at: p.at,
    user_id: p.user_id,
    session_id: p.session_id,
    action: p.action,
    entity: p.entity,
    entity_id: p.entity_id,
    before: p.before,
    after: p.after,
    prev_hash: p.prevHash,
    row_hash: p.rowHash,
  }),
);

export type Router = ReturnType<typeof createRouter>;

export function createRouter(db: Database, features: Features, options: RouterOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const sessions = features.sessions(db);
  const attempts = attemptLimiter(options.attemptLimits ?? DEFAULT_ATTEMPT_LIMITS);

  async function call(name: string, rawInput: unknown, meta: CallMeta): Promise<ApiResult<unknown>> {
    try {
      if (!isMethodName(name)) throw new ApiError('UNKNOWN_METHOD', MESSAGES.unknownMethod);
      const value = await dispatch(name, rawInput, meta);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toBody() };
      console.error(`[router] ${name} failed`, e);
      return { ok: false, error: { code: 'INTERNAL', message: MESSAGES.internal } };
    }
  }

  async function dispatch(name: MethodName, rawInput: unknown, meta: CallMeta): Promise<unknown> {
    const def = api[name];
    if (def.audience !== 'both' && def.audience !== meta.door)
      throw new ApiError('UNKNOWN_METHOD', MESSAGES.unknownMethod);
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data as Record<string, unknown>;
    const now = clock();
    if (!def.passwordAttempt) return settle(name, await execute(name, input, meta, now));

    // Password attempts are counted before any work (the hash is the expensive part)...
    const attempt = attempts.take(meta.client ?? 'unknown', meta.door, now.getTime());
    if (!attempt) throw new ApiError('RATE_LIMITED', MESSAGES.rateLimited);
    let result: unknown;
    try {
      result = await execute(name, input, meta, now);
    } catch (e) {
      attempt.giveBack();
      throw e;
    }
    // ...and stay counted only when the service committed a refusal (a wrong password counted
    // towards the lock, an unknown login): a success, or a refusal before any password was checked
    // (no session, a new password against the rules), gives the attempt back.
    if (!(result instanceof CommittedRefusal)) attempt.giveBack();
    return settle(name, result);
  }

  /** Runs a validated call: session, role, scope, the handler in its transaction, the audit rows. */
  async function execute(name: MethodName, input: Record<string, unknown>, meta: CallMeta, now: Date) {
    const def = api[name];

    /** Who calls and whether they may: the session, the role, the temporary password, the scope. */
    const authorize = () => {
      let actor: Actor | null = null;
      let touchSession = false;
      if (def.roles !== 'anyone') {
        const session = meta.token ? sessions.resolve(meta.token, now) : null;
        if (!session || session.door !== meta.door)
          throw new ApiError('UNAUTHENTICATED', MESSAGES.unauthenticated);
        actor = session.actor;
        touchSession = session.needsTouch;
        if (!actor.roles.some((r) => (def.roles as readonly string[]).includes(r))) {
          throw new ApiError('FORBIDDEN', MESSAGES.forbidden);
        }
        if (actor.mustChangePassword && !def.allowWithTemporaryPassword) {
          throw new ApiError('PASSWORD_CHANGE_REQUIRED', MESSAGES.passwordChangeRequired);
        }
        if (def.scope) {
          const check = features.scopeChecks[def.scope.kind];
          check(db, actor, input[def.scope.field] as number, def.scope.field, def.write);
        }
      }
      return { actor, touchSession };
    };

    const handler = features.handlers[name] as
      | ((c: CallContext, i: unknown) => unknown)
      | StagedHandler<MethodName, unknown>;
    let prepared: unknown;
    if (typeof handler !== 'function') {
      // Checked before the slow step too, so that nobody without a session makes the router hash.
      const actor = def.roles === 'anyone' ? null : (await db.read(authorize)).actor;
      prepared = await handler.prepare({ db, actor, door: meta.door, now } as never, input as never);
    }

    const run = async () => {
      const { actor, touchSession } = authorize();
      const audit: AuditEntry[] = [];
      const changes = new Set<string>(); // topics of data_change (sync.changes), like audit rows
      const ctx: CallContext = {
        db,
        actor,
        door: meta.door,
        now,
        audit: (entry) => audit.push(entry),
        changed: (...topics) => {
          for (const t of topics) changes.add(t);
        },
      };
      const result =
        typeof handler === 'function'
          ? handler(ctx, input)
          : handler.run(ctx as never, input as never, prepared);
      if (def.write) {
        writeAudit(name, ctx, audit);
        recordChanges(db, now, changes);
        // A write refreshes the session's idle time in its own transaction (a read does it just after).
        if (touchSession && actor) {
          sessions.touch(actor.sessionId, now);
          return { result, touchSession: false, touched: true, actor };
        }
      } else if (audit.length > 0 || changes.size > 0)
        throw new Error(`Read method ${name} recorded changes`);
      return { result, touchSession, touched: false, actor };
    };

    let outcome: Awaited<ReturnType<typeof run>>;
    try {
      outcome = def.write ? await db.write(run) : await db.read(run);
    } finally {
      if (def.changesIdentity) sessions.clear();
    }
    const { result, touchSession, touched, actor } = outcome;
    if (touchSession && actor && meta.token) await db.write(() => sessions.touch(actor.sessionId, now));
    if ((touchSession || touched) && meta.token) sessions.touched(meta.token, now);
    return result;
  }

  /** The answer's value, or the refusal a service committed, thrown. */
  function settle(name: MethodName, result: unknown): unknown {
    const def = api[name];
    if (result instanceof CommittedRefusal) throw result.error;
    if (options.checkOutputs) {
      const out = def.output.safeParse(result);
      if (!out.success) throw new Error(`Output of ${name} breaks the contract: ${out.error.message}`);
    }
    return result;
  }

  /** Appends the call's audit rows to the hash chain (audit-chain.ts), in the write's transaction. */
  function writeAudit(action: string, ctx: CallContext, entries: AuditEntry[]): void {
    if (entries.length === 0) return;
    const at = ctx.now.toISOString();
    let head = chainHead(db);
    for (const e of entries) {
      const row: AuditRowContent = {
        id: head.id + 1,
        at,
        user_id: ctx.actor?.userId ?? null,
        session_id: ctx.actor?.sessionId ?? null,
        action,
        entity: e.entity,
        entity_id: e.entityId,
        before: e.before == null ? null : JSON.stringify(e.before),
        after: e.after == null ? null : JSON.stringify(e.after),
      };
      const rowHash = auditRowHash(head.hash, row);
      db.run(insertAudit, { ...row, prevHash: head.hash, rowHash });
      head = { id: row.id, hash: rowHash };
    }
  }

  return {
    call,
    /** The same call, answered as the JSON text the transports send. */
    callJson: async (name: string, rawInput: unknown, meta: CallMeta) =>
      toJsonAnswer(await call(name, rawInput, meta)),
    db,
  };
}

/** The refusal for input its schema rejects (exported for the first-run gate in app.ts, which has no router yet). */
export function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  if (issue?.code === 'unrecognized_keys')
    return new ApiError('VALIDATION', `Лишние поля в запросе: ${issue.keys.join(', ')}`);
  return new ApiError('VALIDATION', issue?.message ?? MESSAGES.badRequest, field);
}
