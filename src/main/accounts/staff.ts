import type { StaffMember } from '../../shared/accounts/contract';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { ROLE_TITLES, STAFF_ROLES, type StaffRole } from '../../shared/auth/roles';
import { searchKey } from '../../shared/i18n/names';
import type { AuthedContext, CallContext } from '../router/context';
import { accountInfo, freeLogin, insertAccount, notFound, usableColumn, yearNow } from './common';

/** Staff accounts (сотрудники) with their roles: the administrator keeps them (004 §3.2). */

const STAFF = STAFF_ROLES as readonly string[];

function staffRows(ctx: CallContext, id: number | null) {
  let q = ctx.db.builder
    .selectFrom('user_account')
    .select([
      'id',
      'login',
      'last_name',
      'first_name',
      'middle_name',
      'email',
      'phone',
      'credentials_issued_at',
      'disabled_at',
    ])
    .select(usableColumn)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_role as r')
          .select('r.user_id')
          .whereRef('r.user_id', '=', 'user_account.id')
          .where('r.role', 'in', [...STAFF_ROLES]),
      ),
    )
    .orderBy('search_name')
    .orderBy('id');
  if (id !== null) q = q.where('id', '=', id);
  const users = ctx.db.all(q);
  const roles = ctx.db.all(
    ctx.db.builder
      .selectFrom('user_role')
      .select(['user_id', 'role'])
      .where('role', 'in', [...STAFF_ROLES]),
  );
  const year = yearNow(ctx);
  const classes = year
    ? ctx.db.all(
        ctx.db.builder
          .selectFrom('class')
          .select(['class_teacher_id', 'name', 'grade', 'letter'])
          .where('academic_year_id', '=', year.id)
          .where('class_teacher_id', 'is not', null)
          .orderBy('grade')
          .orderBy('letter'),
      )
    : [];
  return users.map(
    (u): StaffMember => ({
      id: u.id,
      login: u.login,
      lastName: u.last_name,
      firstName: u.first_name,
      middleName: u.middle_name,
      roles: STAFF_ROLES.filter((r) => roles.some((x) => x.user_id === u.id && x.role === r)),
      email: u.email,
      phone: u.phone,
      classes: classes.filter((c) => c.class_teacher_id === u.id).map((c) => c.name),
      account: accountInfo(u),
    }),
  );
}

export function staff(ctx: AuthedContext): Output<'accounts.staff'> {
  return { staff: staffRows(ctx, null) };
}

/**
 * Creates or edits a staff account. A new one gets a login from the name (or the one typed) and no
 * usable password: its slip, printed next, gives it the first temporary password. Roles are set to
 * exactly those chosen; the administrator cannot take the administrator's role from themself (nobody
 * would be left to give it back), nor give a family account staff roles.
 */
export function saveStaff(ctx: AuthedContext, input: ParsedInput<'accounts.saveStaff'>): StaffMember {
  const { db } = ctx;
  const person = { last_name: input.lastName, first_name: input.firstName, middle_name: input.middleName };
  const contacts = { email: input.email, phone: input.phone };
  const roles = STAFF_ROLES.filter((r) => input.roles.includes(r));
  const loginTaken = (login: string, except: number | null) => {
    const row = db.first(db.builder.selectFrom('user_account').select('id').where('login', '=', login));
    return row !== undefined && row.id !== except;
  };

  if (input.id === null) {
    if (input.login && loginTaken(input.login, null))
      throw new ApiError(
        'CONFLICT',
        `Логин «${input.login}» уже занят: укажите другой или оставьте поле пустым`,
        'login',
      );
    const login = input.login || freeLogin(db, person);
    const id = insertAccount(ctx, { ...person, login }, roles);
    db.run(db.builder.updateTable('user_account').set(contacts).where('id', '=', id));
    ctx.audit({
      entity: 'user_account',
      entityId: id,
      before: null,
      after: { login, ...person, ...contacts, roles },
    });
    return staffRows(ctx, id)[0]!;
  }

  const before = db.first(
    db.builder
      .selectFrom('user_account')
      .select([
        'id',
        'login',
        'last_name',
        'first_name',
        'middle_name',
        'email',
        'phone',
        'guardian_id',
        'student_id',
      ])
      .where('id', '=', input.id),
  );
  if (!before) throw notFound('Сотрудник', 'id');
  if (before.guardian_id !== null || before.student_id !== null)
    throw new ApiError('VALIDATION', 'Это учётная запись родителя или ученика, а не сотрудника', 'id');
  const rolesBefore = db
    .all(db.builder.selectFrom('user_role').select('role').where('user_id', '=', input.id))
    .map((r) => r.role);
  if (input.id === ctx.actor.userId && rolesBefore.includes('admin') && !roles.includes('admin'))
    throw new ApiError(
      'VALIDATION',
      `Нельзя снять роль «${ROLE_TITLES.admin}» с самого себя: это сделает другой администратор`,
      'roles',
    );
  const login = input.login || before.login;
  if (login !== before.login && loginTaken(login, input.id))
    throw new ApiError('CONFLICT', `Логин «${login}» уже занят`, 'login');

  db.run(
    db.builder
      .updateTable('user_account')
      .set({
        ...person,
        ...contacts,
        login,
        search_name: searchKey(person.last_name, person.first_name, person.middle_name),
      })
      .where('id', '=', input.id),
  );
  db.run(
    db.builder
      .deleteFrom('user_role')
      .where('user_id', '=', input.id)
      .where('role', 'in', STAFF as StaffRole[]),
  );
  for (const role of roles) db.run(db.builder.insertInto('user_role').values({ user_id: input.id, role }));
  ctx.audit({
    entity: 'user_account',
    entityId: input.id,
    before: {
      login: before.login,
      last_name: before.last_name,
      first_name: before.first_name,
      middle_name: before.middle_name,
      email: before.email,
      phone: before.phone,
      roles: rolesBefore,
    },
    after: { login, ...person, ...contacts, roles },
  });
  return staffRows(ctx, input.id)[0]!;
}
