import type { Output } from '../../shared/api/contract';
import type { ChainCheck } from '../../shared/audit/contract';
import { describeChainCheck } from '../../shared/audit/messages';
import type { Database } from '../db/database';
import type { AuthedContext } from '../router/context';
import { staged } from '../router/handler';
import { verifyAuditChainInSteps } from './chain';

/**
 * The audit chain's check as the application runs it: once at start-up (app.ts) and on demand by
 * the administrator or the director (audit.verify). The latest result is kept in memory per open
 * journal, where audit.lastCheck reads it for the administrator's screen: it describes this file
 * as this process last saw it, so it needs no row of its own (a row could be forged as easily).
 */
const latest = new WeakMap<Database, ChainCheck>();

export async function runAuditCheck(
  db: Database,
  trigger: ChainCheck['trigger'],
  clock: () => Date = () => new Date(),
): Promise<ChainCheck> {
  const started = performance.now();
  const result = await verifyAuditChainInSteps(db);
  const check: ChainCheck = {
    ...result,
    at: clock().toISOString(),
    durationMs: Math.round(performance.now() - started),
    trigger,
  };
  latest.set(db, check);
  return check;
}

/**
 * The start-up check, run in the background so that a long log does not delay the first page. A
 * broken chain is logged in one Russian line (the administrator also sees it on their screen).
 */
export function startupAuditCheck(db: Database): Promise<ChainCheck | null> {
  return runAuditCheck(db, 'startup').then(
    (check) => {
      if (!check.ok) console.error(`[журнал изменений] ${describeChainCheck(check)}`);
      return check;
    },
    (e) => {
      // The file was closed before the check finished (a quick stop): nothing to report.
      if (db.sqlite.open) console.error('[журнал изменений] проверка при запуске не удалась', e);
      return null;
    },
  );
}

/** audit.verify: the walk runs in `prepare`, in short read steps outside the call's transaction. */
export const verify = staged<'audit.verify', ChainCheck>({
  prepare: (ctx) => runAuditCheck(ctx.db, 'manual', () => ctx.now),
  run: (_ctx, _input, check) => check,
});

export function lastCheck(ctx: AuthedContext): Output<'audit.lastCheck'> {
  return { check: latest.get(ctx.db) ?? null };
}
