import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import { accountsApi } from '../../shared/accounts/contract';
import { api } from '../../shared/api/contract';
import type { Door } from '../router/context';

/**
 * The accounts' access policy as a matrix: every method × every kind of user × own or foreign data,
 * written out by hand (as src/main/journal/access.test.ts does for the journal). Everything here is
 * the administrator's (004 §3.2); the director may read the staff list (assigns duties, 004 §4.1);
 * nobody else — not the class teacher for their own class, not the inspector — gets in.
 *
 * Targets: "own" = the class of the class teacher (5А) or the account of the caller's colleague;
 * "foreign" = another class (1А).
 */
type Actor =
  | 'admin'
  | 'director'
  | 'deputy'
  | 'inspector'
  | 'teacher'
  | 'classTeacher'
  | 'parent'
  | 'student'
  | 'anonymous';
type Target = 'own' | 'foreign';
type Method = keyof typeof accountsApi;

const LOGINS: Record<Exclude<Actor, 'anonymous'>, [string, Door]> = {
  admin: ['admin', 'staff'],
  director: ['director', 'staff'],
  deputy: ['zavuch', 'staff'],
  inspector: ['inspector', 'staff'],
  teacher: ['teacher', 'staff'],
  classTeacher: ['klassruk', 'staff'],
  parent: ['roditel', 'family'],
  student: ['uchenik', 'family'],
};
const ACTORS = [...Object.keys(LOGINS), 'anonymous'] as Actor[];

const ADMIN: Partial<Record<Target, Actor[]>> = { own: ['admin'], foreign: ['admin'] };

/** Who is allowed, per method and target. Anything not listed must be refused. */
const ALLOWED: Record<Method, Partial<Record<Target, Actor[]>>> = {
  'accounts.staff': { own: ['admin', 'director'], foreign: ['admin', 'director'] },
  'accounts.saveStaff': ADMIN,
  'accounts.classes': ADMIN,
  'accounts.classFamilies': ADMIN,
  'accounts.createFamilyAccounts': ADMIN,
  'accounts.printSlips': ADMIN,
  'accounts.setDisabled': ADMIN,
  'accounts.setConsent': ADMIN,
  'accounts.setPaperDiary': ADMIN,
  'accounts.paperDiary': ADMIN,
  'accounts.slipSettings': ADMIN,
  'accounts.saveSlipSettings': ADMIN,
};

let school: School;
const tokens = new Map<Actor, string | null>();

beforeAll(async () => {
  school = makeSchool();
  for (const [actor, [login, door]] of Object.entries(LOGINS))
    tokens.set(actor as Actor, await school.login(login, door));
  tokens.set('anonymous', null);
});
afterAll(() => school.close());

const doorOf = (actor: Actor): Door => (actor === 'anonymous' ? 'staff' : LOGINS[actor][1]);
const idOf = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;
const classOf = (t: Target) => idOf('SELECT id FROM class WHERE name = ?', t === 'own' ? '5А' : '1А');
/** A student of the class, and their guardian, by target. */
const studentOf = (t: Target) =>
  idOf(
    'SELECT student_id AS id FROM class_enrollment WHERE class_id = ? ORDER BY student_id LIMIT 1',
    classOf(t),
  );
const guardianOf = (t: Target) =>
  idOf('SELECT guardian_id AS id FROM student_guardian WHERE student_id = ? LIMIT 1', studentOf(t));
const userOf = (login: string) => idOf('SELECT id FROM user_account WHERE login = ?', login);

let calls = 0;
/** A valid input aimed at the target, different on every call, so that only access can refuse it. */
function inputFor(method: Method, target: Target): Record<string, unknown> {
  calls++;
  switch (method) {
    case 'accounts.saveStaff':
      return {
        id: null,
        lastName: 'Новикова',
        firstName: 'Инна',
        middleName: null,
        login: '',
        roles: ['teacher'],
      };
    case 'accounts.classFamilies':
      return { classId: classOf(target) };
    case 'accounts.createFamilyAccounts':
      return { target: 'class', classId: classOf(target) };
    case 'accounts.printSlips':
      return { target: 'person', userId: userOf(target === 'own' ? 'orlova.ti' : 'kim.as') };
    case 'accounts.setDisabled':
      return { userId: userOf(target === 'own' ? 'grigorev.po' : 'lebedeva.nv'), disabled: true };
    case 'accounts.setConsent':
      return {
        person: 'student',
        studentId: studentOf(target),
        consent: { givenOn: '2026-09-01', form: 'paper' },
      };
    case 'accounts.setPaperDiary':
      return { guardianId: guardianOf(target), statementOn: `2026-09-0${1 + (calls % 9)}` };
    case 'accounts.saveSlipSettings':
      return { diaryAddress: `https://dnevnik${calls}.example.ru`, staffAddress: '' };
    default:
      return {};
  }
}

const REFUSALS = ['FORBIDDEN', 'UNAUTHENTICATED', 'UNKNOWN_METHOD'];

describe('accounts access policy matrix', () => {
  const methods = Object.keys(accountsApi) as Method[];
  const cases = methods.flatMap((method) =>
    ACTORS.flatMap((actor) =>
      (['own', 'foreign'] as Target[]).map((target) => [method, actor, target] as const),
    ),
  );

  it.each(cases)('%s by %s on %s data', async (method, actor, target) => {
    const allowed = (ALLOWED[method][target] ?? []).includes(actor);
    const input = inputFor(method, target);
    const auditBefore = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const r = await school.call(method, input as never, tokens.get(actor) ?? null, doorOf(actor));
    const audited = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n - auditBefore;
    if (allowed) {
      expect(r.ok ? 'allowed' : r.error).toBe('allowed');
      if (api[method].write) expect(audited, 'audit rows').toBeGreaterThan(0);
      else expect(audited, 'audit rows').toBe(0);
    } else {
      expect(r.ok ? 'allowed' : REFUSALS.includes(r.error.code) ? 'refused' : r.error).toBe('refused');
      expect(audited, 'a refused call leaves no audit row').toBe(0);
    }
  });

  it('covers every method of the accounts contract', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(Object.keys(accountsApi).sort());
  });
});
