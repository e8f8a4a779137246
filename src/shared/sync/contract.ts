import { z } from 'zod';
import { method } from '../api/define';
import { Empty } from '../api/schemas';
import { FAMILY_ROLES, STAFF_ROLES } from '../auth/roles';

/** Open screens learn that the journal changed. */
export const syncApi = {
  'sync.version': method({
    input: Empty,
    output: z.object({ version: z.string() }),
    roles: [...STAFF_ROLES, ...FAMILY_ROLES],
    write: false,
    audience: 'both',
  }),
} as const;
