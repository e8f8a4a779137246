import type { z } from 'zod';
import type { Role } from '../domain/roles';

/**
 * What the router must establish about the input before the service runs. Each names the input
 * field that carries the id; the policy (src/main/policy) decides from the database.
 * - load:    read a journal page (teaching load) — or write to it with `write`.
 * - lesson:  the lesson's teaching load, same rules.
 * - student: a student's diary — parents only their own children, students only themselves.
 */
export type Scope =
  | { kind: 'none' }
  | { kind: 'load'; field: string }
  | { kind: 'lesson'; field: string }
  | { kind: 'student'; field: string };

/** Which door a method may be called through: the staff application or the parents' diary endpoint. */
export type Audience = 'staff' | 'family' | 'both';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** 'anyone' = no session needed (login, the demo account list). */
  roles: readonly Role[] | 'anyone';
  scope: Scope;
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
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}

export const noScope: Scope = { kind: 'none' };
