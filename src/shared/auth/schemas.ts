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
});
export type SessionUser = z.infer<typeof SessionUser>;
