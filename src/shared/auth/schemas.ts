import { z } from 'zod';
import { Id } from '../api/schemas';
import { ROLES } from './roles';

export const RoleSchema = z.enum(ROLES);

export const SessionUser = z.object({
  id: Id,
  login: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  mustChangePassword: z.boolean(),
  /** The journal this session belongs to (its identity, kept by its backups): what a staff computer keys its offline saves by. */
  journal: z.string(),
});
export type SessionUser = z.infer<typeof SessionUser>;
