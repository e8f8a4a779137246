import { describe } from 'vitest';
import { type Actor, accessMatrix } from '../../../test/access-matrix';
import { one, type School } from '../../../test/school';
import { accountsApi } from '../../shared/accounts/contract';

/**
 * The accounts' access policy as a matrix: every method × every kind of user × own or foreign data,
 * written out by hand (as src/main/journal/access.test.ts does for the journal). Everything here is
 * the administrator's (004 §3.2); the director may read the staff list (assigns duties, 004 §4.1);
 * nobody else — not the class teacher for their own class, not the inspector — gets in.
 *
 * Targets: "own" = the class of the class teacher (5А) or the account of the caller's colleague;
 * "foreign" = another class (1А).
 */
type Target = 'own' | 'foreign';
type Method = keyof typeof accountsApi;

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
        email: '',
        phone: '',
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

describe('accounts access policy matrix', () => {
  accessMatrix({
    methods: Object.keys(accountsApi) as Method[],
    targets: () => ['own', 'foreign'] as const,
    allowed: ALLOWED,
    setup: (s) => {
      school = s;
    },
    inputFor: (method, _actor, target) => inputFor(method, target),
  });
});
