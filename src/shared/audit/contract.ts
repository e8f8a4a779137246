import { z } from 'zod';
import { method } from '../api/define';
import { Empty } from '../api/schemas';

/**
 * Why the chain breaks at a row (src/main/audit/chain.ts decides, messages.ts says it in Russian):
 * - edited: the row's content no longer matches its own hash;
 * - deleted: rows are missing before this one (its link points at a row that is gone, ids skip);
 * - relinked: this row does not continue the chain, ids do not skip (the row before it was edited
 *   and re-hashed, or rows were replaced);
 * - inserted: a row the chain does not contain (no hash, or the chain runs past it);
 * - start: the rows from before the chain (migration 0004) were removed or added, or its anchor moved.
 */
export const BrokenReason = z.enum(['edited', 'deleted', 'relinked', 'inserted', 'start']);
export type BrokenReason = z.infer<typeof BrokenReason>;

export const ChainCheck = z.object({
  ok: z.boolean(),
  /** Chained rows whose hashes were checked up to the first break (or all of them). */
  checked: z.number().int().nonnegative(),
  /** Rows from before the chain began (migration 0004): counted against its anchor, not hashed. */
  unchained: z.number().int().nonnegative(),
  firstBroken: z.object({ id: z.number().int(), reason: BrokenReason }).nullable(),
  /**
   * The newest row and its hash when the chain is whole: a chain can be cut at its end without a
   * trace inside the file, so a copy kept elsewhere (a backup's manifest) can remember this.
   */
  head: z.object({ id: z.number().int(), hash: z.string() }).nullable(),
  /** When the check finished (ISO), how long it took, and what started it. */
  at: z.string(),
  durationMs: z.number().nonnegative(),
  trigger: z.enum(['startup', 'manual']),
});
export type ChainCheck = z.infer<typeof ChainCheck>;

/** The audit log's integrity, for the administrator (and the director, who answers for the journal). */
export const auditApi = {
  /** Walks the whole chain now and answers what it found. */
  'audit.verify': method({
    input: Empty,
    output: ChainCheck,
    roles: ['admin', 'director'],
    write: false,
    audience: 'staff',
  }),
  /** The latest check (the one at start-up, or the latest on demand); null while none has finished. */
  'audit.lastCheck': method({
    input: Empty,
    output: z.object({ check: ChainCheck.nullable() }),
    roles: ['admin', 'director'],
    write: false,
    audience: 'staff',
  }),
} as const;
