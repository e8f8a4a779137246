import type { Consent, FamilyGuardian, FamilyStudent } from '../../shared/accounts/contract';
import { RELATION_TITLES } from '../../shared/accounts/texts';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { formatDate, localIsoDate } from '../../shared/i18n/dates';
import type { AuthedContext, CallContext } from '../router/context';
import { notLeftBefore } from '../school-year/enrollment';
import {
  type AccountRow,
  accountInfo,
  freeLogin,
  insertAccount,
  type Named,
  nameOf,
  notFound,
  usableColumn,
  yearNow,
} from './common';

/**
 * Families' accounts, consent and the paper diary. A family here is a student and their guardians
 * (законные представители): one parent account per guardian, one student account per student. A
 * guardian who refused the electronic diary in writing (004 §4.7) gets no account and receives the
 * diary on paper; a student all of whose guardians did so gets no account either.
 */

const PAPER_REFUSAL =
  'Семья отказалась от электронного дневника (заявление от {date}): дневник выдаётся на бумаге';

function today(ctx: CallContext) {
  return localIsoDate(ctx.now);
}

/** Students enrolled in a class today (or, outside the year, at its end). */
function classStudents(ctx: CallContext, classId: number) {
  const day = today(ctx);
  return ctx.db.all(
    ctx.db.builder
      .selectFrom('class_enrollment as e')
      .innerJoin('student as s', 's.id', 'e.student_id')
      .select(['s.id', 's.last_name', 's.first_name', 's.middle_name'])
      .where('e.class_id', '=', classId)
      .where((eb) => notLeftBefore(eb, 'e', day))
      .orderBy('s.search_name')
      .orderBy('s.id'),
  );
}

function guardiansOf(ctx: CallContext, studentIds: number[]) {
  if (studentIds.length === 0) return [];
  return ctx.db.all(
    ctx.db.builder
      .selectFrom('student_guardian as sg')
      .innerJoin('guardian as g', 'g.id', 'sg.guardian_id')
      .select([
        'sg.student_id',
        'sg.relation',
        'g.id',
        'g.last_name',
        'g.first_name',
        'g.middle_name',
        'g.phone',
      ])
      .where('sg.student_id', 'in', studentIds)
      .orderBy('g.search_name')
      .orderBy('g.id'),
  );
}

function accountsOf(ctx: CallContext, column: 'student_id' | 'guardian_id', ids: number[]) {
  const map = new Map<number, AccountRow>();
  if (ids.length === 0) return map;
  const rows = ctx.db.all(
    ctx.db.builder
      .selectFrom('user_account')
      .select(['id', 'login', 'credentials_issued_at', 'disabled_at', column])
      .select(usableColumn)
      .where(column, 'in', ids),
  );
  for (const r of rows) map.set(r[column]!, r);
  return map;
}

function consentsOf(ctx: CallContext, column: 'student_id' | 'guardian_id', ids: number[]) {
  const map = new Map<number, NonNullable<Consent>>();
  if (ids.length === 0) return map;
  const rows = ctx.db.all(
    ctx.db.builder
      .selectFrom('pd_consent as c')
      .innerJoin('user_account as u', 'u.id', 'c.recorded_by')
      .select([
        `c.${column} as person`,
        'c.given_on',
        'c.form',
        'c.recorded_at',
        'u.last_name',
        'u.first_name',
        'u.middle_name',
      ])
      .where(`c.${column}`, 'in', ids),
  );
  for (const r of rows)
    map.set(r.person!, {
      givenOn: r.given_on,
      form: r.form,
      recordedAt: r.recorded_at,
      recordedBy: nameOf(r),
    });
  return map;
}

function paperOf(ctx: CallContext, guardianIds: number[]) {
  const map = new Map<number, string>();
  if (guardianIds.length === 0) return map;
  for (const r of ctx.db.all(
    ctx.db.builder
      .selectFrom('paper_diary')
      .select(['guardian_id', 'statement_on'])
      .where('guardian_id', 'in', guardianIds),
  ))
    map.set(r.guardian_id, r.statement_on);
  return map;
}

function classRow(ctx: CallContext, classId: number) {
  const row = ctx.db.first(
    ctx.db.builder.selectFrom('class').select(['id', 'name']).where('id', '=', classId),
  );
  if (!row) throw notFound('Класс', 'classId');
  return row;
}

/** A class's families as the administrator's screen shows them. */
export function classFamilies(
  ctx: AuthedContext,
  input: ParsedInput<'accounts.classFamilies'>,
): Output<'accounts.classFamilies'> {
  const cls = classRow(ctx, input.classId);
  const students = classStudents(ctx, cls.id);
  const studentIds = students.map((s) => s.id);
  const links = guardiansOf(ctx, studentIds);
  const guardianIds = [...new Set(links.map((l) => l.id))];
  const studentAccounts = accountsOf(ctx, 'student_id', studentIds);
  const guardianAccounts = accountsOf(ctx, 'guardian_id', guardianIds);
  const studentConsents = consentsOf(ctx, 'student_id', studentIds);
  const guardianConsents = consentsOf(ctx, 'guardian_id', guardianIds);
  const paper = paperOf(ctx, guardianIds);
  const byId = new Map(students.map((s) => [s.id, s]));

  const familyStudents = students.map((s): FamilyStudent => {
    const own = links.filter((l) => l.student_id === s.id);
    return {
      id: s.id,
      lastName: s.last_name,
      firstName: s.first_name,
      middleName: s.middle_name,
      account: accountInfo(studentAccounts.get(s.id)),
      consent: studentConsents.get(s.id) ?? null,
      paperOnly: own.length > 0 && own.every((l) => paper.has(l.id)),
    };
  });
  const guardians = guardianIds.map((id): FamilyGuardian => {
    const own = links.filter((l) => l.id === id);
    const g = own[0]!;
    return {
      id,
      lastName: g.last_name,
      firstName: g.first_name,
      middleName: g.middle_name,
      phone: g.phone,
      children: own.map((l) => ({
        studentId: l.student_id,
        name: nameOf(byId.get(l.student_id)!),
        relation: RELATION_TITLES[l.relation] ?? l.relation,
      })),
      account: accountInfo(guardianAccounts.get(id)),
      consent: guardianConsents.get(id) ?? null,
      paperDiarySince: paper.get(id) ?? null,
    };
  });
  return { classId: cls.id, className: cls.name, students: familyStudents, guardians };
}

/** The classes of the current year, with how far their families' accounts have got. */
export function classes(ctx: AuthedContext): Output<'accounts.classes'> {
  const year = yearNow(ctx);
  if (!year) return { year: null, classes: [] };
  const list = ctx.db.all(
    ctx.db.builder
      .selectFrom('class')
      .select(['id', 'name'])
      .where('academic_year_id', '=', year.id)
      .orderBy('grade')
      .orderBy('letter'),
  );
  return {
    year: year.name,
    classes: list.map((c) => {
      const f = classFamilies(ctx, { classId: c.id });
      const people = [
        ...f.students.filter((s) => !s.paperOnly),
        ...f.guardians.filter((g) => !g.paperDiarySince),
      ];
      return {
        id: c.id,
        name: c.name,
        students: f.students.length,
        notIssued: people.filter((p) => p.account.state === 'notIssued').length,
        withoutAccount: people.filter((p) => p.account.state === 'none').length,
      };
    }),
  };
}

function paperRefusal(statementOn: string): string {
  return PAPER_REFUSAL.replace('{date}', formatDate(statementOn));
}

/**
 * Creates the missing accounts of a class's families, of one student or of one guardian. Existing
 * accounts are left as they are (nothing is created twice); a family on the paper diary is skipped
 * with the reason, and asking for one such person alone is refused with it.
 */
export function createFamilyAccounts(
  ctx: AuthedContext,
  input: ParsedInput<'accounts.createFamilyAccounts'>,
): Output<'accounts.createFamilyAccounts'> {
  const { db } = ctx;
  let studentIds: number[];
  let guardianIds: number[];
  if (input.target === 'class') {
    classRow(ctx, input.classId);
    studentIds = classStudents(ctx, input.classId).map((s) => s.id);
    guardianIds = [...new Set(guardiansOf(ctx, studentIds).map((l) => l.id))];
  } else if (input.target === 'student') {
    if (!db.first(db.builder.selectFrom('student').select('id').where('id', '=', input.studentId)))
      throw notFound('Ученик', 'studentId');
    studentIds = [input.studentId];
    guardianIds = [];
  } else {
    if (!db.first(db.builder.selectFrom('guardian').select('id').where('id', '=', input.guardianId)))
      throw notFound('Родитель', 'guardianId');
    studentIds = [];
    guardianIds = [input.guardianId];
  }
  const studentAccounts = accountsOf(ctx, 'student_id', studentIds);
  const guardianAccounts = accountsOf(ctx, 'guardian_id', guardianIds);
  const links = guardiansOf(ctx, studentIds);
  const paper = paperOf(ctx, [...new Set([...guardianIds, ...links.map((l) => l.id)])]);

  const created: Output<'accounts.createFamilyAccounts'>['created'] = [];
  const skipped: Output<'accounts.createFamilyAccounts'>['skipped'] = [];
  const taken = new Set<string>();
  const create = (
    person: Named,
    link: { student_id?: number; guardian_id?: number },
    role: 'parent' | 'student',
  ) => {
    const login = freeLogin(db, person, taken);
    taken.add(login);
    const userId = insertAccount(ctx, { ...person, login, ...link }, [role]);
    ctx.audit({ entity: 'user_account', entityId: userId, before: null, after: { login, role, ...link } });
    created.push({ userId, login, name: nameOf(person) });
  };

  for (const id of studentIds) {
    if (studentAccounts.has(id)) continue;
    const s = db.first(
      db.builder
        .selectFrom('student')
        .select(['last_name', 'first_name', 'middle_name'])
        .where('id', '=', id),
    )!;
    const own = links.filter((l) => l.student_id === id);
    if (own.length > 0 && own.every((l) => paper.has(l.id))) {
      skipped.push({ name: nameOf(s), reason: paperRefusal(paper.get(own[0]!.id)!) });
      continue;
    }
    create(s, { student_id: id }, 'student');
  }
  for (const id of guardianIds) {
    if (guardianAccounts.has(id)) continue;
    const g = db.first(
      db.builder
        .selectFrom('guardian')
        .select(['last_name', 'first_name', 'middle_name'])
        .where('id', '=', id),
    )!;
    const since = paper.get(id);
    if (since) {
      skipped.push({ name: nameOf(g), reason: paperRefusal(since) });
      continue;
    }
    create(g, { guardian_id: id }, 'parent');
  }
  if (input.target !== 'class' && created.length === 0) {
    if (skipped[0]) throw new ApiError('VALIDATION', `${skipped[0].name}: ${skipped[0].reason}`);
    throw new ApiError('CONFLICT', 'Учётная запись уже есть');
  }
  return { created, skipped };
}

/** Records, replaces or removes (withdrawn: 152-ФЗ ст. 9) a consent to the processing of personal data. */
export function setConsent(
  ctx: AuthedContext,
  input: ParsedInput<'accounts.setConsent'>,
): Output<'accounts.setConsent'> {
  const { db } = ctx;
  const column = input.person === 'student' ? 'student_id' : 'guardian_id';
  const id = input.person === 'student' ? input.studentId : input.guardianId;
  const table = input.person === 'student' ? 'student' : 'guardian';
  const field = input.person === 'student' ? 'studentId' : 'guardianId';
  if (!db.first(db.builder.selectFrom(table).select('id').where('id', '=', id)))
    throw notFound(input.person === 'student' ? 'Ученик' : 'Родитель', field);
  if (input.consent && input.consent.givenOn > today(ctx))
    throw new ApiError('VALIDATION', 'Дата согласия не может быть позже сегодняшнего дня', 'consent');
  const before = consentsOf(ctx, column, [id]).get(id) ?? null;
  db.run(db.builder.deleteFrom('pd_consent').where(column, '=', id));
  if (input.consent) {
    db.run(
      db.builder.insertInto('pd_consent').values({
        [column]: id,
        given_on: input.consent.givenOn,
        form: input.consent.form,
        recorded_by: ctx.actor.userId,
        recorded_at: ctx.now.toISOString(),
      }),
    );
  }
  ctx.audit({
    entity: 'pd_consent',
    entityId: id,
    before: before && { [column]: id, givenOn: before.givenOn, form: before.form },
    after: input.consent && { [column]: id, ...input.consent },
  });
  return { consent: consentsOf(ctx, column, [id]).get(id) ?? null };
}

/**
 * Records a guardian's written refusal of the electronic diary (or its end). Their account, if any,
 * is disabled at once (its sessions end): the family chose paper. Ending the refusal does not give
 * the account back by itself: the administrator enables it or prints a new slip.
 */
export function setPaperDiary(
  ctx: AuthedContext,
  input: ParsedInput<'accounts.setPaperDiary'>,
): Output<'accounts.setPaperDiary'> {
  const { db } = ctx;
  if (!db.first(db.builder.selectFrom('guardian').select('id').where('id', '=', input.guardianId)))
    throw notFound('Родитель', 'guardianId');
  if (input.statementOn && input.statementOn > today(ctx))
    throw new ApiError('VALIDATION', 'Дата заявления не может быть позже сегодняшнего дня', 'statementOn');
  const before = paperOf(ctx, [input.guardianId]).get(input.guardianId) ?? null;
  db.run(db.builder.deleteFrom('paper_diary').where('guardian_id', '=', input.guardianId));
  let disabledAccount = false;
  if (input.statementOn) {
    const at = ctx.now.toISOString();
    db.run(
      db.builder.insertInto('paper_diary').values({
        guardian_id: input.guardianId,
        statement_on: input.statementOn,
        recorded_by: ctx.actor.userId,
        recorded_at: at,
      }),
    );
    const account = accountsOf(ctx, 'guardian_id', [input.guardianId]).get(input.guardianId);
    if (account && !account.disabled_at) {
      disableAccount(ctx, account.id);
      disabledAccount = true;
    }
  }
  ctx.audit({
    entity: 'paper_diary',
    entityId: input.guardianId,
    before: before && { statementOn: before },
    after: input.statementOn && { statementOn: input.statementOn, disabledAccount },
  });
  return { disabledAccount };
}

/** Sets disabled_at and ends every session of the account now; returns the sessions ended. */
export function disableAccount(ctx: CallContext, userId: number): number {
  const at = ctx.now.toISOString();
  ctx.db.run(ctx.db.builder.updateTable('user_account').set({ disabled_at: at }).where('id', '=', userId));
  return ctx.db.run(
    ctx.db.builder
      .updateTable('session')
      .set({ ended_at: at })
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null),
  ).changes;
}

/** Families on the paper diary, for the class teachers' printouts («Получают дневник на бумаге»). */
export function paperDiary(ctx: AuthedContext): Output<'accounts.paperDiary'> {
  const { db } = ctx;
  const rows = db.all(
    db.builder
      .selectFrom('paper_diary as p')
      .innerJoin('guardian as g', 'g.id', 'p.guardian_id')
      .select(['g.id', 'g.last_name', 'g.first_name', 'g.middle_name', 'g.phone', 'p.statement_on'])
      .orderBy('g.search_name'),
  );
  const year = yearNow(ctx);
  const day = today(ctx);
  return {
    families: rows.map((g) => {
      const children = db.all(
        db.builder
          .selectFrom('student_guardian as sg')
          .innerJoin('student as s', 's.id', 'sg.student_id')
          .select(['s.id', 's.last_name', 's.first_name', 's.middle_name'])
          .select((eb) =>
            eb
              .selectFrom('class_enrollment as e')
              .innerJoin('class as c', 'c.id', 'e.class_id')
              .select('c.name')
              .whereRef('e.student_id', '=', 's.id')
              .where('c.academic_year_id', '=', year?.id ?? -1)
              .where((w) => notLeftBefore(w, 'e', day))
              .limit(1)
              .as('class_name'),
          )
          .where('sg.guardian_id', '=', g.id)
          .orderBy('s.search_name'),
      );
      return {
        guardianId: g.id,
        name: nameOf(g),
        phone: g.phone,
        statementOn: g.statement_on,
        children: children.map((c) => ({
          studentId: c.id,
          name: nameOf(c),
          className: c.class_name ?? null,
        })),
      };
    }),
  };
}
