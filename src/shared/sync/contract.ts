import { z } from 'zod';
import { method } from '../api/define';
import { FAMILY_ROLES, STAFF_ROLES } from '../auth/roles';

export const ChangesInput = z
  .object({
    /** The version the screen saw last; absent on the first poll (nothing to compare with). */
    since: z.number().int().nonnegative().optional(),
  })
  .strict();

export const ChangesOutput = z.object({
  /** Moves only when journal data changes (never on reads or session bookkeeping). */
  version: z.number().int().nonnegative(),
  /**
   * The topics (src/shared/sync/topics.ts) that changed after `since`; null when the server cannot
   * tell (too many, too old, first poll, a restored file): then the screen refreshes everything.
   */
  topics: z.array(z.string()).nullable(),
});

/** Open screens learn what in the journal changed, to refresh only that. */
export const syncApi = {
  'sync.changes': method({
    input: ChangesInput,
    output: ChangesOutput,
    roles: [...STAFF_ROLES, ...FAMILY_ROLES],
    write: false,
    audience: 'both',
  }),
} as const;
