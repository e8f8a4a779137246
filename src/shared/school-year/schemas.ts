import { z } from 'zod';
import { Id, IsoDate } from '../api/schemas';

/** A term (четверть, триместр) or half-year, for the grades it applies to. */
export const Period = z.object({
  id: Id,
  name: z.string(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  closed: z.boolean(),
});
