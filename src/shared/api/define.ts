import type { z } from 'zod';
import type { Role } from '../auth/roles';

/**
 * What the router must establish about the input before the service runs: a named check (`kind`)
 * that a feature registers in src/main/features.ts, and the input field that carries the id it
 * checks (`field`). The kinds are open: a new feature adds its own without touching this file.
 */
export interface Scope<Field extends string = string, Kind extends string = string> {
  kind: Kind;
  field: Field;
}

/** Which door a method may be called through: the staff application or the parents' diary endpoint. */
export type Audience = 'staff' | 'family' | 'both';

export interface MethodDef<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  K extends string = string,
> {
  input: I;
  output: O;
  /** 'anyone' = no session needed (login, the demo account list). */
  roles: readonly Role[] | 'anyone';
  /** Absent: the method needs no check beyond the role (it filters by the actor itself). */
  scope?: Scope<Extract<keyof z.input<I>, string>, K>;
  /** A write runs in a BEGIN IMMEDIATE transaction and leaves audit rows; a read never writes. */
  write: boolean;
  audience: Audience;
  /** Callable with a temporary password that still has to be changed. */
  allowWithTemporaryPassword?: boolean;
  /**
   * The call may change who is signed in or what they may do (sessions, passwords, roles, accounts):
   * the router forgets the sessions it remembers after it commits.
   */
  changesIdentity?: boolean;
  /**
   * Each call checks a password (a login, a password change): the router limits such calls per
   * client address and in all before any work is done, and answers RATE_LIMITED beyond the limits.
   */
  passwordAttempt?: boolean;
}

export function method<I extends z.ZodType, O extends z.ZodType, K extends string = never>(
  def: MethodDef<I, O, K>,
): MethodDef<I, O, K> {
  return def;
}
