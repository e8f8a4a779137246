import { describeChainCheck } from '../../shared/audit/messages';
import { verifyAuditChain } from '../audit/chain';
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

/** Further checks, one line each. */
export const EXTRA_CHECKS: VerifyStep[] = [
  // The copy's audit log is whole (004 §1.7): a copy of an edited journal is not a good copy.
  {
    name: 'audit',
    check: (db) => {
      const chain = verifyAuditChain(db.sqlite);
      return chain.ok ? null : describeChainCheck(chain);
    },
  },
];
