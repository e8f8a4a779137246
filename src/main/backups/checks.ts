import type { Database } from '../db/database';

/**
 * A verification step a copy must pass besides the built-in ones (integrity, schema version, row
 * counts, SHA-256). Returns null when the copy passes, or the problem in Russian. Run on the copy,
 * opened read-only, before it is renamed into place, and again before a restore or a drill.
 */
export interface VerifyStep {
  name: string;
  check(db: Database): string | null;
}

/**
 * Further checks, one line each (the audit chain: `{ name: 'audit', check: (db) => … verifyAuditChain(db) … }`).
 */
export const EXTRA_CHECKS: VerifyStep[] = [];
