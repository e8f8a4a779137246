import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Door } from '../src/main/router/context';
import { api, METHOD_NAMES, type MethodName } from '../src/shared/api/contract';
import type { ApiResult } from '../src/shared/api/errors';
import { makeSchool, one, type School } from './school';

/**
 * The scaffolding of the access policy matrix tests (src/main/<feature>/access.test.ts): every method
 * of a feature × every kind of user (× own or foreign data where that matters). Each feature's file
 * keeps what is its own — the table ALLOWED written out by hand from DESIGN.md's table of roles (not
 * computed from the policy code, so a change in the policy that breaks the table fails), a valid input
 * for each method so that only access can refuse it, and its special cases; this module logs the users
 * in, calls, and compares.
 */
export type Actor =
  | 'admin'
  | 'director'
  | 'deputy'
  | 'inspector'
  | 'teacher'
  | 'classTeacher'
  | 'parent'
  | 'student'
  | 'anonymous';

/** The test school's account (test/fixtures.ts) of each kind of user, and the door they come in by. */
export const LOGINS: Record<Exclude<Actor, 'anonymous'>, [login: string, door: Door]> = {
  admin: ['admin', 'staff'],
  director: ['director', 'staff'],
  deputy: ['zavuch', 'staff'],
  inspector: ['inspector', 'staff'],
  teacher: ['teacher', 'staff'],
  classTeacher: ['klassruk', 'staff'],
  parent: ['roditel', 'family'],
  student: ['uchenik', 'family'],
};
export const ACTORS = [...Object.keys(LOGINS), 'anonymous'] as Actor[];
/** Everybody with an account (not the anonymous caller). */
export const SIGNED_IN = Object.keys(LOGINS) as Exclude<Actor, 'anonymous'>[];

/** The door each actor calls by: somebody not signed in knocks at the staff door. */
export const doorOf = (actor: Actor): Door => (actor === 'anonymous' ? 'staff' : LOGINS[actor][1]);

/** The methods of the contract under a prefix (`year` → year.create, year.calendar…). */
export const methodsOf = <P extends string>(prefix: P) =>
  METHOD_NAMES.filter((m): m is Extract<MethodName, `${P}.${string}`> => m.startsWith(`${prefix}.`));

/** What the router answers when access refuses a call, whatever the reason. */
export const REFUSALS = ['FORBIDDEN', 'UNAUTHENTICATED', 'UNKNOWN_METHOD'];

const auditRows = (school: School) => one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;

interface Common<M extends MethodName> {
  /**
   * Every method of the feature, in the order the cases run (a write that spoils the others' data
   * goes last). ALLOWED must name exactly these.
   */
  methods: readonly M[];
  /** Methods left out of the generated cases because the feature's file checks them itself. */
  ownCases?: readonly M[];
  /** Runs once the actors are signed in, before the cases: the feature's own rows and ids. */
  setup?: (school: School, token: (actor: Actor) => string | null) => void | Promise<void>;
  /**
   * Rows besides the audit an allowed write adds (and a refused call does not), counted by `count`
   * (an SQL query answering `n`).
   */
  written?: { label: string; count: string; byAllowedWrite: number };
  /**
   * An allowed method the service refuses on purpose with the input given (e.g. the same password
   * again), which proves the router let the call through: what it answers instead of success.
   */
  allowedAnswer?: Partial<Record<M, (r: ApiResult<unknown>) => void>>;
}

export interface ByTarget<M extends MethodName, T extends string> extends Common<M> {
  /** The targets each method is tried on: "own" data, "foreign" data… */
  targets: (method: M) => readonly T[];
  /** Who is allowed, per method and target. Anything not listed must be refused. */
  allowed: Record<M, Partial<Record<T, readonly Actor[]>>>;
  /** A valid input for the method aimed at the target, so that only access can refuse it. */
  inputFor: (method: M, actor: Actor, target: T) => Record<string, unknown>;
  /** How a target reads in the case names: "data" (teacher on own data), "class"… */
  targetNoun?: string;
}

export interface Untargeted<M extends MethodName> extends Common<M> {
  targets?: undefined;
  /** Who is allowed, per method. Anything not listed must be refused. */
  allowed: Record<M, readonly Actor[]>;
  /** A valid input for the method, so that only access can refuse it. */
  inputFor: (method: M, actor: Actor) => Record<string, unknown>;
}

export interface Matrix {
  /** The test school, once the suite's beforeAll has run. */
  readonly school: School;
  /** The actor's session token (null for the anonymous caller). */
  token(actor: Actor): string | null;
}

/**
 * Declares, in the current describe block, the school with every actor signed in, one case per
 * method × actor (× target) that checks an allowed call succeeds and audits exactly when it writes
 * while any other is refused and leaves nothing behind, and the check that ALLOWED names exactly
 * the feature's methods. Returns the school and tokens for the feature's own cases.
 */
export function accessMatrix<M extends MethodName, T extends string>(m: ByTarget<M, T>): Matrix;
export function accessMatrix<M extends MethodName>(m: Untargeted<M>): Matrix;
export function accessMatrix<M extends MethodName, T extends string>(
  m: ByTarget<M, T> | Untargeted<M>,
): Matrix {
  let school: School | undefined;
  const tokens = new Map<Actor, string | null>();
  const matrix: Matrix = {
    get school() {
      if (!school) throw new Error('the access matrix school is made in beforeAll');
      return school;
    },
    token: (actor) => tokens.get(actor) ?? null,
  };

  beforeAll(async () => {
    school = makeSchool();
    for (const [actor, [login, door]] of Object.entries(LOGINS))
      tokens.set(actor as Actor, await school.login(login, door));
    tokens.set('anonymous', null);
    await m.setup?.(school, matrix.token);
  });
  afterAll(() => school?.close());

  const tried = m.methods.filter((method) => !m.ownCases?.includes(method));
  const allowedOf = (method: M, target: T | undefined): readonly Actor[] =>
    m.targets ? (m.allowed[method][target as T] ?? []) : m.allowed[method];
  const input = (method: M, actor: Actor, target: T | undefined) =>
    m.targets ? m.inputFor(method, actor, target as T) : m.inputFor(method, actor);

  async function check(method: M, actor: Actor, target: T | undefined) {
    const { school } = matrix;
    const allowed = allowedOf(method, target).includes(actor);
    const args = input(method, actor, target);
    const count = (sql: string) => one<{ n: number }>(school.db, sql).n;
    const auditBefore = auditRows(school);
    const rowsBefore = m.written ? count(m.written.count) : 0;
    const r = await school.call(method, args as never, matrix.token(actor), doorOf(actor));
    const audited = auditRows(school) - auditBefore;
    const added = m.written ? count(m.written.count) - rowsBefore : 0;
    const special = m.allowedAnswer?.[method];
    if (allowed && special) {
      special(r);
      return;
    }
    if (allowed) {
      expect(r.ok ? 'allowed' : r.error).toBe('allowed');
      // Every change leaves an audit row; a read leaves none.
      if (api[method].write) {
        expect(audited, 'audit rows').toBeGreaterThan(0);
        if (m.written) expect(added, m.written.label).toBe(m.written.byAllowedWrite);
      } else expect(audited, 'audit rows').toBe(0);
    } else {
      expect(r.ok ? 'allowed' : REFUSALS.includes(r.error.code) ? 'refused' : r.error).toBe('refused');
      expect(audited, 'a refused call leaves no audit row').toBe(0);
      if (m.written) expect(added, m.written.label).toBe(0);
    }
  }

  if (m.targets) {
    const targets = m.targets;
    const cases = tried.flatMap((method) =>
      ACTORS.flatMap((actor) => targets(method).map((target) => [method, actor, target] as const)),
    );
    it.each(cases)(`%s by %s on %s ${m.targetNoun ?? 'data'}`, (method, actor, target) =>
      check(method, actor, target),
    );
  } else {
    const cases = tried.flatMap((method) => ACTORS.map((actor) => [method, actor] as const));
    it.each(cases)('%s by %s', (method, actor) => check(method, actor, undefined));
  }

  it('names every method of the feature in ALLOWED', () => {
    expect(Object.keys(m.allowed).sort()).toEqual([...m.methods].sort());
  });

  return matrix;
}
