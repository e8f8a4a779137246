import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { formatDate, localIsoDate } from '../../shared/i18n/dates';
import { fullName, searchKey } from '../../shared/i18n/names';
import { topic } from '../../shared/sync/topics';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { studentRows } from '../school-year/student-rows';
import { cardAccess } from './access';
import { history } from './roster';

/** The student's card (003 §2.1): birthday, address, phones, e-mail, guardians and their contacts, notes. */

const studentById = prepared<{ studentId: number }>()((db, p) =>
  db
    .selectFrom('student')
    .select([
      'id',
      'last_name as lastName',
      'first_name as firstName',
      'middle_name as middleName',
      'birth_date as birthDate',
      'gender',
      'address',
      'phone',
      'home_phone as homePhone',
      'email',
      'notes',
      'version',
    ])
    .where('id', '=', p.studentId),
);

const guardiansOf = prepared<{ studentId: number }>()((db, p) =>
  db
    .selectFrom('student_guardian as sg')
    .innerJoin('guardian as g', 'g.id', 'sg.guardian_id')
    .select([
      'g.id',
      'g.last_name as lastName',
      'g.first_name as firstName',
      'g.middle_name as middleName',
      'sg.relation',
      'g.phone',
      'g.email',
    ])
    .where('sg.student_id', '=', p.studentId)
    .orderBy('g.id'),
);

const childrenOf = prepared<{ guardianId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('student_guardian as sg')
    .innerJoin('student as s', 's.id', 'sg.student_id')
    .select(['s.last_name as lastName', 's.first_name as firstName', 's.middle_name as middleName'])
    .where('sg.guardian_id', '=', p.guardianId)
    .where('sg.student_id', '<>', p.studentId),
);

function guardians(db: Database, studentId: number) {
  return db.all(guardiansOf, { studentId }).map((g) => ({
    ...g,
    phone: g.phone ?? '',
    email: g.email ?? '',
    otherChildren: db.all(childrenOf, { guardianId: g.id, studentId }).map(fullName),
  }));
}

function readCard(db: Database, studentId: number, canEdit: boolean): Output<'students.card'> {
  const s = db.first(studentById, { studentId });
  if (!s) throw new ApiError('NOT_FOUND', 'Ученик не найден', 'studentId');
  return { ...s, guardians: guardians(db, studentId), history: history(db, studentId), canEdit };
}

export function card(ctx: AuthedContext, input: ParsedInput<'students.card'>): Output<'students.card'> {
  return readCard(ctx.db, input.studentId, cardAccess(ctx.db, ctx.actor, input.studentId) === 'edit');
}

/** The classes whose lists show the student: their screens refresh after a change. */
const classesOf = prepared<{ studentId: number }>()((db, p) =>
  db.selectFrom('class_enrollment').select('class_id').distinct().where('student_id', '=', p.studentId),
);

export function studentChanged(ctx: AuthedContext, studentId: number): void {
  ctx.changed(
    topic.student(studentId),
    ...ctx.db.all(classesOf, { studentId }).map((c) => topic.class(c.class_id)),
  );
}

const EARLIEST_BIRTH = '1990-01-01';

export function saveCard(
  ctx: AuthedContext,
  input: ParsedInput<'students.saveCard'>,
): Output<'students.saveCard'> {
  const { db } = ctx;
  const before = readCard(db, input.studentId, true);
  if (before.version !== input.expectedVersion)
    throw new ApiError(
      'CONFLICT',
      'Карточку ученика уже изменил другой пользователь. Она обновлена — проверьте и повторите.',
    );
  const today = localIsoDate(ctx.now);
  if (input.birthDate !== null && (input.birthDate > today || input.birthDate < EARLIEST_BIRTH))
    throw new ApiError(
      'VALIDATION',
      `Дата рождения: ${formatDate(input.birthDate)} — такой даты рождения у ученика быть не может`,
      'birthDate',
    );
  const linked = new Set(before.guardians.map((g) => g.id));
  const kept = new Set<number>();
  for (const [i, g] of input.guardians.entries()) {
    if (g.id === null) continue;
    if (!linked.has(g.id))
      throw new ApiError('VALIDATION', `Представитель ${i + 1}: не относится к этому ученику`, 'guardians');
    if (kept.has(g.id))
      throw new ApiError('VALIDATION', `Представитель ${i + 1}: указан дважды`, 'guardians');
    kept.add(g.id);
  }

  const middle = input.middleName === '' ? null : input.middleName;
  db.run(
    db.builder
      .updateTable('student')
      .set({
        last_name: input.lastName,
        first_name: input.firstName,
        middle_name: middle,
        search_name: searchKey(input.lastName, input.firstName, middle),
        birth_date: input.birthDate,
        gender: input.gender,
        address: input.address,
        phone: input.phone,
        home_phone: input.homePhone,
        email: input.email,
        notes: input.notes,
        version: before.version + 1,
      })
      .where('id', '=', input.studentId)
      .where('version', '=', before.version),
  );

  for (const g of input.guardians) {
    const gMiddle = g.middleName === '' ? null : g.middleName;
    const row = {
      last: g.lastName,
      first: g.firstName,
      middle: gMiddle,
      phone: g.phone === '' ? null : g.phone,
      email: g.email === '' ? null : g.email,
      search: searchKey(g.lastName, g.firstName, gMiddle),
    };
    if (g.id === null) {
      const id = db.run(studentRows.guardian, row).lastId;
      db.run(studentRows.guardianLink, { studentId: input.studentId, guardianId: id, relation: g.relation });
    } else {
      // A guardian of several children has one set of contacts: their other cards show the change too.
      db.run(
        db.builder
          .updateTable('guardian')
          .set({
            last_name: row.last,
            first_name: row.first,
            middle_name: row.middle,
            phone: row.phone,
            email: row.email,
            search_name: row.search,
          })
          .where('id', '=', g.id),
      );
      db.run(
        db.builder
          .updateTable('student_guardian')
          .set({ relation: g.relation })
          .where('student_id', '=', input.studentId)
          .where('guardian_id', '=', g.id),
      );
    }
  }
  // A guardian left off the card is no longer this student's (the person stays, with their other children).
  for (const id of linked) {
    if (kept.has(id)) continue;
    db.run(
      db.builder
        .deleteFrom('student_guardian')
        .where('student_id', '=', input.studentId)
        .where('guardian_id', '=', id),
    );
  }

  const after = readCard(db, input.studentId, true);
  const { history: _h, canEdit: _c, ...beforeCard } = before;
  const { history: _h2, canEdit: _c2, ...afterCard } = after;
  ctx.audit({ entity: 'student', entityId: input.studentId, before: beforeCard, after: afterCard });
  studentChanged(ctx, input.studentId);
  return after;
}
