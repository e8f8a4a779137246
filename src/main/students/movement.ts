import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { addDays, formatDate, localIsoDate } from '../../shared/i18n/dates';
import { fullName, searchKey } from '../../shared/i18n/names';
import { topic } from '../../shared/sync/topics';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { type ClassRow, classRow } from '../school-year/class-row';
import { notLeftBefore } from '../school-year/enrollment';
import { outsideYear } from '../school-year/school';
import { studentRows } from '../school-year/student-rows';
import { recordOf } from './records';

/**
 * Движение учащихся (004 §4.2): прибыл, выбыл, переведён в другой класс — each on a date and under an
 * order (приказ №, дата). History is kept, never edited away: a departure closes the enrollment
 * (left_on = the last day in the class), a transfer closes one and opens another the next day, so
 * the old class's journal keeps showing what was entered there, and the new one starts clean.
 */

function writableClass(db: Database, classId: number, field: string): ClassRow {
  const c = classRow(db, classId);
  if (!c) throw new ApiError('NOT_FOUND', 'Класс не найден', field);
  if (c.archivedAt !== null)
    throw new ApiError(
      'FORBIDDEN',
      `Учебный год ${c.academicYear} в архиве: движение учащихся в нём больше не записывается`,
    );
  return c;
}

function assertInYear(c: ClassRow, date: string, field: string): void {
  if (date < c.yearStartsOn || date > c.yearEndsOn)
    throw outsideYear(
      date,
      { id: c.yearId, name: c.academicYear, starts_on: c.yearStartsOn, ends_on: c.yearEndsOn },
      field,
    );
}

const openEnrollment = prepared<{ classId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('class_enrollment')
    .select(['id', 'enrolled_on as from', 'left_on as to', 'left_kind as leftKind'])
    .where('class_id', '=', p.classId)
    .where('student_id', '=', p.studentId)
    .orderBy('enrolled_on', 'desc')
    .limit(1),
);

const studentName = prepared<{ studentId: number }>()((db, p) =>
  db
    .selectFrom('student')
    .select(['last_name as lastName', 'first_name as firstName', 'middle_name as middleName'])
    .where('id', '=', p.studentId),
);

/** The student's enrollment in the class that is still open; refuses with what is the case otherwise. */
function currentEnrollment(db: Database, c: ClassRow, studentId: number) {
  const name = db.first(studentName, { studentId });
  if (!name) throw new ApiError('NOT_FOUND', 'Ученик не найден', 'studentId');
  const e = db.first(openEnrollment, { classId: c.id, studentId });
  const who = fullName(name);
  if (!e) throw new ApiError('VALIDATION', `${who} не числится в ${c.name}`, 'studentId');
  if (e.to !== null)
    throw new ApiError(
      'VALIDATION',
      `${who} уже ${e.leftKind === 'transferred' ? 'переведён' : 'выбыл'} из ${c.name} (последний день ${formatDate(e.to)})`,
      'studentId',
    );
  return { ...e, who };
}

const recordAfter = prepared<{ classId: number; studentId: number; after: string }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
    .select(['s.date', 'sub.name as subject'])
    .where('l.class_id', '=', p.classId)
    .where('s.date', '>', p.after)
    .where((eb) => recordOf(eb, p.studentId))
    .orderBy('s.date')
    .limit(1),
);

/**
 * A student leaves a class with `lastDay` as their last day there: refused while the class's journal
 * holds their marks or absences after it — those would vanish from the page (nothing is lost or hidden).
 */
function assertNothingAfter(db: Database, c: ClassRow, studentId: number, lastDay: string, field: string) {
  const r = db.first(recordAfter, { classId: c.id, studentId, after: lastDay });
  if (r)
    throw new ApiError(
      'VALIDATION',
      `После ${formatDate(lastDay)} у ученика есть отметки или пропуски в журнале ${c.name} (${r.subject}, ${formatDate(r.date)}): укажите дату не раньше этого урока или попросите учителя исправить запись`,
      field,
    );
}

const loadsOfClass = prepared<{ classId: number }>()((db, p) =>
  db.selectFrom('teaching_load').select('id').where('class_id', '=', p.classId),
);

/** The class's list, its journal pages (their rows) and the student's own data change. */
function movementChanged(ctx: AuthedContext, studentId: number, ...classIds: number[]): void {
  ctx.changed(
    topic.student(studentId),
    ...classIds.flatMap((classId) => [
      topic.class(classId),
      ...ctx.db.all(loadsOfClass, { classId }).map((l) => topic.load(l.id)),
    ]),
  );
}

const enrollmentById = (db: Database, id: number) =>
  db.first(db.builder.selectFrom('class_enrollment').selectAll().where('id', '=', id));

export function leave(ctx: AuthedContext, input: ParsedInput<'students.leave'>): Output<'students.leave'> {
  const { db } = ctx;
  const c = writableClass(db, input.classId, 'classId');
  assertInYear(c, input.date, 'date');
  const e = currentEnrollment(db, c, input.studentId);
  if (input.date < e.from)
    throw new ApiError(
      'VALIDATION',
      `Дата выбытия ${formatDate(input.date)} раньше дня зачисления в ${c.name} (${formatDate(e.from)})`,
      'date',
    );
  assertNothingAfter(db, c, input.studentId, input.date, 'date');
  const before = enrollmentById(db, e.id);
  db.run(
    db.builder
      .updateTable('class_enrollment')
      .set({
        left_on: input.date,
        left_kind: 'left',
        left_order_no: input.orderNo,
        left_order_date: input.orderDate,
        left_to: input.leftTo,
      })
      .where('id', '=', e.id),
  );
  ctx.audit({ entity: 'class_enrollment', entityId: e.id, before, after: enrollmentById(db, e.id) });
  movementChanged(ctx, input.studentId, c.id);
  return {};
}

const enrollmentsFrom = prepared<{ classId: number; studentId: number; from: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment')
    .select('id')
    .where('class_id', '=', p.classId)
    .where('student_id', '=', p.studentId)
    .where((eb) => notLeftBefore(eb, 'class_enrollment', p.from)),
);

export function transfer(
  ctx: AuthedContext,
  input: ParsedInput<'students.transfer'>,
): Output<'students.transfer'> {
  const { db } = ctx;
  const c = writableClass(db, input.classId, 'classId');
  if (input.toClassId === input.classId)
    throw new ApiError('VALIDATION', `Ученик уже в ${c.name}: выберите другой класс`, 'toClassId');
  const to = classRow(db, input.toClassId);
  if (!to) throw new ApiError('NOT_FOUND', 'Класс, в который переводится ученик, не найден', 'toClassId');
  if (to.yearId !== c.yearId)
    throw new ApiError(
      'VALIDATION',
      `Класс ${to.name} относится к другому учебному году (${to.academicYear}): перевод — только между классами ${c.academicYear}`,
      'toClassId',
    );
  assertInYear(c, input.date, 'date');
  const e = currentEnrollment(db, c, input.studentId);
  // The old enrollment ends the day before the first day in the new class.
  const lastDay = addDays(input.date, -1);
  if (lastDay < e.from)
    throw new ApiError(
      'VALIDATION',
      `Дата перевода ${formatDate(input.date)} должна быть позже дня зачисления в ${c.name} (${formatDate(e.from)})`,
      'date',
    );
  if (db.first(enrollmentsFrom, { classId: to.id, studentId: input.studentId, from: input.date }))
    throw new ApiError('VALIDATION', `${e.who} уже числится в ${to.name}`, 'toClassId');
  assertNothingAfter(db, c, input.studentId, lastDay, 'date');

  const before = enrollmentById(db, e.id);
  db.run(
    db.builder
      .updateTable('class_enrollment')
      .set({
        left_on: lastDay,
        left_kind: 'transferred',
        left_order_no: input.orderNo,
        left_order_date: input.orderDate,
      })
      .where('id', '=', e.id),
  );
  const id = db.run(studentRows.byOrder, {
    classId: to.id,
    studentId: input.studentId,
    on: input.date,
    kind: 'transferred',
    orderNo: input.orderNo,
    orderDate: input.orderDate,
  }).lastId;
  ctx.audit({ entity: 'class_enrollment', entityId: e.id, before, after: enrollmentById(db, e.id) });
  ctx.audit({ entity: 'class_enrollment', entityId: id, before: null, after: enrollmentById(db, id) });
  movementChanged(ctx, input.studentId, c.id, to.id);
  return {};
}

const sameStudentEnrolled = prepared<{
  search: string;
  birth: string | null;
  yearId: number;
  from: string;
}>()((db, p) =>
  db
    .selectFrom('student as s')
    .innerJoin('class_enrollment as e', 'e.student_id', 's.id')
    .innerJoin('class as c', 'c.id', 'e.class_id')
    .select(['s.id', 'c.name as className'])
    .where('s.search_name', '=', p.search)
    .where('s.birth_date', 'is', p.birth)
    .where('c.academic_year_id', '=', p.yearId)
    .where((eb) => notLeftBefore(eb, 'e', p.from)),
);

export function arrive(ctx: AuthedContext, input: ParsedInput<'students.arrive'>): Output<'students.arrive'> {
  const { db } = ctx;
  const c = writableClass(db, input.classId, 'classId');
  assertInYear(c, input.date, 'date');
  if (input.birthDate !== null && input.birthDate >= localIsoDate(ctx.now))
    throw new ApiError(
      'VALIDATION',
      `Дата рождения: ${formatDate(input.birthDate)} — такой даты рождения у ученика быть не может`,
      'birthDate',
    );
  const middle = input.middleName === '' ? null : input.middleName;
  const search = searchKey(input.lastName, input.firstName, middle);
  // The same child already on a list of this year is a transfer (or a duplicate), not an arrival.
  const twin = db.first(sameStudentEnrolled, {
    search,
    birth: input.birthDate,
    yearId: c.yearId,
    from: input.date,
  });
  if (twin)
    throw new ApiError(
      'VALIDATION',
      `${fullName({ lastName: input.lastName, firstName: input.firstName, middleName: middle })} уже числится в ${twin.className}: оформите перевод, а не прибытие`,
      'lastName',
    );
  const studentId = db.run(studentRows.student, {
    last: input.lastName,
    first: input.firstName,
    middle,
    birth: input.birthDate,
    gender: input.gender,
    search,
    at: ctx.now.toISOString(),
  }).lastId;
  const id = db.run(studentRows.byOrder, {
    classId: c.id,
    studentId,
    on: input.date,
    kind: 'arrived',
    orderNo: input.orderNo,
    orderDate: input.orderDate,
  }).lastId;
  ctx.audit({
    entity: 'student',
    entityId: studentId,
    before: null,
    after: {
      lastName: input.lastName,
      firstName: input.firstName,
      middleName: middle,
      birthDate: input.birthDate,
    },
  });
  ctx.audit({ entity: 'class_enrollment', entityId: id, before: null, after: enrollmentById(db, id) });
  movementChanged(ctx, studentId, c.id);
  return { studentId };
}

const enrollmentsOfStudent = prepared<{ studentId: number }>()((db, p) =>
  db
    .selectFrom('class_enrollment')
    .select([
      'id',
      'class_id as classId',
      'enrolled_on as from',
      'left_on as to',
      'left_kind as leftKind',
      'enrolled_kind as enrolledKind',
    ])
    .where('student_id', '=', p.studentId)
    .orderBy('enrolled_on')
    .orderBy('id'),
);

const recordsInClass = prepared<{ classId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .select('s.id')
    .where('l.class_id', '=', p.classId)
    .where((eb) => recordOf(eb, p.studentId))
    .limit(1),
);

export function cancelMovement(
  ctx: AuthedContext,
  input: ParsedInput<'students.cancelMovement'>,
): Output<'students.cancelMovement'> {
  const { db } = ctx;
  const c = writableClass(db, input.classId, 'classId');
  const all = db.all(enrollmentsOfStudent, { studentId: input.studentId });
  const here = all.filter((e) => e.classId === c.id).at(-1);
  if (!here) throw new ApiError('VALIDATION', `Ученик не числится в ${c.name}`, 'studentId');
  if (here.to === null)
    throw new ApiError('VALIDATION', `Ученик по-прежнему в ${c.name}: отменять нечего`, 'studentId');
  // Closed by the year's end (rollover), not by a movement: nothing to take back.
  if (here.leftKind === null)
    throw new ApiError(
      'VALIDATION',
      `Ученик был в ${c.name} до конца учебного года: это не движение`,
      'studentId',
    );
  const later = all.filter((e) => e.from > here.from);
  const next = later[0];
  const changed = [c.id];
  if (here.leftKind === 'transferred' && next && later.length === 1) {
    const to = classRow(db, next.classId);
    // Undoing a transfer removes the new class's enrollment: only while nothing was entered there.
    if (next.to !== null || db.first(recordsInClass, { classId: next.classId, studentId: input.studentId }))
      throw new ApiError(
        'VALIDATION',
        `В ${to?.name ?? 'новом классе'} у ученика уже есть отметки, пропуски или новое движение: перевод не отменить, оформите обратный перевод`,
        'studentId',
      );
    const before = enrollmentById(db, next.id);
    db.run(
      db.builder
        .deleteFrom('group_member')
        .where('student_id', '=', input.studentId)
        .where('group_id', 'in', (eb) =>
          eb.selectFrom('class_group').select('id').where('class_id', '=', next.classId),
        ),
    );
    db.run(db.builder.deleteFrom('class_enrollment').where('id', '=', next.id));
    ctx.audit({ entity: 'class_enrollment', entityId: next.id, before, after: null });
    changed.push(next.classId);
  } else if (later.length > 0) {
    throw new ApiError(
      'VALIDATION',
      'После этого у ученика было другое движение: сначала отмените его',
      'studentId',
    );
  }
  const before = enrollmentById(db, here.id);
  db.run(
    db.builder
      .updateTable('class_enrollment')
      .set({ left_on: null, left_kind: null, left_order_no: null, left_order_date: null, left_to: '' })
      .where('id', '=', here.id),
  );
  ctx.audit({ entity: 'class_enrollment', entityId: here.id, before, after: enrollmentById(db, here.id) });
  movementChanged(ctx, input.studentId, ...changed);
  return {};
}
