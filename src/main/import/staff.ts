import { loginFor, uniqueLogin } from '../../shared/i18n/logins';
import { searchKey } from '../../shared/i18n/names';
import {
  headerKey,
  ROLE_NAMES,
  ROLE_WORDS,
  STAFF_COLUMNS,
  type StaffRole,
} from '../../shared/import/columns';
import type { PreviewRow } from '../../shared/import/contract';
import { type CellValue, email, namePart, phone, phoneDigits, text } from '../../shared/import/values';
import { accountRows } from '../auth/account-rows';
import { UNUSABLE_HASH } from '../auth/passwords';
import { type Database, prepared } from '../db/database';
import type { CallContext } from '../router/context';
import type { FileRow } from './parse';

/**
 * The staff list: each row read and checked, matched by full name against the staff accounts, and
 * the plan: new accounts (login by the one login rule, no usable password until the person's slip is
 * printed) or roles added to an existing one. Roles are only ever added by a list: taking a role away
 * is a decision made on the person's card, not by a row missing from a file. A row's e-mail and phone
 * are stored on the account: a new person gets them, a known one whose row gives a different value
 * is updated, and an empty cell changes nothing (as the students' list treats guardians' contacts).
 */

interface Contacts {
  email: string | null;
  phone: string | null;
}

interface StaffAction {
  row: number;
  /** null: a new account with this login. */
  userId: number | null;
  login: string;
  person: { lastName: string; firstName: string; middleName: string | null };
  addRoles: StaffRole[];
  rolesBefore: StaffRole[];
  /** The account's contacts after the import; `contactsBefore` null: a new account. */
  contacts: Contacts;
  contactsBefore: Contacts | null;
}

export interface StaffPlan {
  rows: PreviewRow[];
  actions: StaffAction[];
}

const staffByName = prepared<{ search: string }>()((db, p) =>
  db
    .selectFrom('user_account')
    .select(['id', 'login', 'email', 'phone'])
    .where('search_name', '=', p.search)
    .where('student_id', 'is', null)
    .where('guardian_id', 'is', null),
);
const rolesOf = prepared<{ userId: number }>()((db, p) =>
  db.selectFrom('user_role').select('role').where('user_id', '=', p.userId),
);
const setContacts = prepared<{ id: number } & Contacts>()((db, p) =>
  db.updateTable('user_account').set({ email: p.email, phone: p.phone }).where('id', '=', p.id),
);
const loginTaken = prepared<{ login: string }>()((db, p) =>
  db.selectFrom('user_account').select('id').where('login', '=', p.login),
);

const ROLE_LIST = Object.values(ROLE_NAMES).join(', ');
/** The columns' names as the template writes them, for the messages about a cell. */
const HEADER = Object.fromEntries(STAFF_COLUMNS.map((c) => [c.field, c.header])) as Record<
  (typeof STAFF_COLUMNS)[number]['field'],
  string
>;

/** What the file's non-empty cells change in the journal's contacts; details in Russian. */
function contactChanges(was: Contacts, file: Contacts): { now: Contacts; details: string[] } {
  const now = {
    email: file.email && file.email !== was.email ? file.email : was.email,
    phone: file.phone && phoneDigits(file.phone) !== phoneDigits(was.phone) ? file.phone : was.phone,
  };
  const details: string[] = [];
  const change = (what: string, before: string | null, after: string | null) => {
    if (after !== before) details.push(`${what}: ${after}${before ? ` (было ${before})` : ''}`);
  };
  change(HEADER.email.toLowerCase(), was.email, now.email);
  change(HEADER.phone.toLowerCase(), was.phone, now.phone);
  return { now, details };
}

function readRoles(cell: CellValue): { roles: StaffRole[]; errors: string[] } {
  const words = text(cell)
    .split(/[,;/]/)
    .map((w) => w.trim())
    .filter(Boolean);
  const roles: StaffRole[] = [];
  const errors: string[] = [];
  for (const w of words) {
    const role = ROLE_WORDS[headerKey(w) as keyof typeof ROLE_WORDS];
    if (!role) {
      errors.push(
        /классн/i.test(w)
          ? `«${w}»: классного руководителя назначают в карточке класса; в списке укажите роль «учитель»`
          : `роль «${w}» неизвестна; допустимы: ${ROLE_LIST}`,
      );
    } else if (!roles.includes(role)) roles.push(role);
  }
  if (words.length === 0) errors.push(`не указана ни одна роль (${ROLE_LIST})`);
  return { roles, errors };
}

export function planStaff(db: Database, rows: FileRow[]): StaffPlan {
  const seen = new Map<string, number>();
  const handedOut = new Set<string>();
  const out: PreviewRow[] = [];
  const actions: StaffAction[] = [];
  for (const r of rows) {
    const c = (f: string) => r.cells[f] ?? null;
    const errors: string[] = [];
    const take = <T>(x: { ok: true; value: T } | { ok: false; reason: string }, fallback: T): T => {
      if (x.ok) return x.value;
      errors.push(x.reason);
      return fallback;
    };
    const lastName = take(namePart(c('lastName'), 'фамилия', true), null) ?? '';
    const firstName = take(namePart(c('firstName'), 'имя', true), null) ?? '';
    const middleName = take(namePart(c('middleName'), 'отчество', false), null);
    const { roles, errors: roleErrors } = readRoles(c('roles'));
    errors.push(...roleErrors);
    // Named by the column's header: the preview shows the row's number beside it.
    const contacts: Contacts = {
      email: take(email(c('email'), HEADER.email), null),
      phone: take(phone(c('phone'), HEADER.phone), null),
    };
    const name = [lastName, firstName, middleName].filter(Boolean).join(' ');
    const group = roles.map((x) => ROLE_NAMES[x]).join(', ');
    const search = searchKey(lastName, firstName, middleName);
    if (errors.length === 0) {
      const first = seen.get(search);
      if (first !== undefined) errors.push(`повторяет строку ${first}: тот же сотрудник`);
      else seen.set(search, r.row);
    }
    const found = errors.length === 0 ? db.all(staffByName, { search }) : [];
    if (found.length > 1)
      errors.push(
        `в журнале несколько сотрудников с такими ФИО (${found.map((f) => f.login).join(', ')}): добавьте роли в их карточках`,
      );
    if (errors.length > 0) {
      out.push({ row: r.row, fate: 'error', name, group, details: errors });
      continue;
    }
    const person = { lastName, firstName, middleName };
    const existing = found[0];
    if (existing) {
      const had = db.all(rolesOf, { userId: existing.id }).map((x) => x.role as StaffRole);
      const add = roles.filter((x) => !had.includes(x));
      const was = { email: existing.email, phone: existing.phone };
      const { now, details } = contactChanges(was, contacts);
      if (add.length > 0) details.unshift(`добавляются роли: ${add.map((x) => ROLE_NAMES[x]).join(', ')}`);
      details.unshift(`логин ${existing.login}`);
      if (details.length === 1) {
        out.push({ row: r.row, fate: 'unchanged', name, group, details });
        continue;
      }
      out.push({ row: r.row, fate: 'updated', name, group, details });
      actions.push({
        row: r.row,
        userId: existing.id,
        login: existing.login,
        person,
        addRoles: add,
        rolesBefore: had,
        contacts: now,
        contactsBefore: was,
      });
      continue;
    }
    const login = uniqueLogin(
      loginFor(lastName, firstName, middleName),
      (l) => handedOut.has(l) || db.first(loginTaken, { login: l }) !== undefined,
    );
    handedOut.add(login);
    out.push({
      row: r.row,
      fate: 'new',
      name,
      group,
      details: [`новая учётная запись, логин ${login}; пароль выдаётся при печати листка с доступом`],
    });
    actions.push({
      row: r.row,
      userId: null,
      login,
      person,
      addRoles: roles,
      rolesBefore: [],
      contacts,
      contactsBefore: null,
    });
  }
  return { rows: out, actions };
}

export function applyStaff(ctx: CallContext, plan: StaffPlan): void {
  const at = ctx.now.toISOString();
  for (const a of plan.actions) {
    const p = a.person;
    let userId = a.userId;
    if (userId === null) {
      userId = ctx.db.run(accountRows.account, {
        login: a.login,
        // Unusable until the person's slip is printed.
        hash: UNUSABLE_HASH,
        mustChange: 1,
        last: p.lastName,
        first: p.firstName,
        middle: p.middleName,
        search: searchKey(p.lastName, p.firstName, p.middleName),
        guardianId: null,
        studentId: null,
        at,
        passwordChangedAt: null,
      }).lastId;
    }
    for (const role of a.addRoles) ctx.db.run(accountRows.role, { userId, role });
    const was = a.contactsBefore ?? { email: null, phone: null };
    if (a.contacts.email !== was.email || a.contacts.phone !== was.phone)
      ctx.db.run(setContacts, { id: userId, ...a.contacts });
    ctx.audit({
      entity: 'user_account',
      entityId: userId,
      before: a.userId === null ? null : { login: a.login, roles: a.rolesBefore, ...was },
      after: { login: a.login, ...p, roles: [...a.rolesBefore, ...a.addRoles], ...a.contacts, row: a.row },
    });
  }
}
