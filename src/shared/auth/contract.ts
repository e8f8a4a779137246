import { z } from 'zod';
import { method } from '../api/define';
import { Empty } from '../api/schemas';
import { passwordProblem } from './password-rules';
import { FAMILY_ROLES, STAFF_ROLES } from './roles';
import { RoleSchema, SessionUser } from './schemas';

/** Signing in and out, the session, passwords. */
export const authApi = {
  'auth.login': method({
    input: z.object({
      login: z.string().trim().min(1, { error: 'Введите логин' }).max(100),
      password: z.string().min(1, { error: 'Введите пароль' }).max(200),
    }),
    output: z.object({ token: z.string(), expiresAt: z.string(), user: SessionUser }),
    roles: 'anyone',
    write: true,
    audience: 'both',
    changesIdentity: true,
    passwordAttempt: true,
  }),
  'auth.logout': method({
    input: Empty,
    output: Empty,
    roles: [...STAFF_ROLES, ...FAMILY_ROLES],
    write: true,
    audience: 'both',
    allowWithTemporaryPassword: true,
    changesIdentity: true,
  }),
  'auth.me': method({
    input: Empty,
    output: SessionUser,
    roles: [...STAFF_ROLES, ...FAMILY_ROLES],
    write: false,
    audience: 'both',
    allowWithTemporaryPassword: true,
  }),
  'auth.changePassword': method({
    input: z.object({
      currentPassword: z.string().min(1, { error: 'Введите текущий пароль' }).max(200),
      // The rules that need the login (not in the input) are applied again by the service.
      newPassword: z.string().superRefine((value, ctx) => {
        const problem = passwordProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    }),
    output: Empty,
    roles: [...STAFF_ROLES, ...FAMILY_ROLES],
    write: true,
    audience: 'both',
    allowWithTemporaryPassword: true,
    changesIdentity: true,
    passwordAttempt: true,
  }),
  'auth.demoAccounts': method({
    input: Empty,
    output: z.object({
      demo: z.boolean(),
      schoolName: z.string(),
      accounts: z.array(
        z.object({
          login: z.string(),
          password: z.string(),
          role: RoleSchema,
          title: z.string(),
          name: z.string(),
        }),
      ),
    }),
    roles: 'anyone',
    write: false,
    audience: 'both',
  }),
} as const;
