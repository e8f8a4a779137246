import { sql } from 'kysely';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { Lesson, Mark } from '../../shared/api/schemas';
import { ABSENCE_LABELS } from '../../shared/domain/attendance';
import { MARK_LABELS, markRefusal } from '../../shared/domain/marks';
import { SCHOOL_WIDE_READERS } from '../../shared/domain/roles';
import { formatDate, localIsoDate } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import type { AuthedContext } from '../context';
import { type Builder, type Database, prepared } from '../db/database';
import { canWriteLoad } from '../policy/access';
import { insertAbsence, insertLesson, insertMark } from './journal-rows';
import { assertPeriodOpen, currentYear, markScale, outsideYear } from './school';

/** Journal pages (страница предмета): lessons, marks and absences of one teaching load. */

const collator = new Intl.Collator('ru-RU');

const loadColumns = [
  'l.id as loadId',
  'l.class_id as classId',
  'c.name as className',
  'c.grade as grade',
  'c.class_teacher_id as classTeacherId',
  'l.subject_id as subjectId',
  's.name as subjectName',
  'g.name as groupName',
  'l.group_id as groupId',
  'l.teacher_id as teacherId',
  't.last_name as tLast',
  't.first_name as tFirst',
  't.middle_name as tMiddle',
  'l.hours_per_week as hoursPerWeek',
  'l.marking_mode as markingMode',
  'l.academic_year_id as yearId',
  'y.name as yearName',
  'y.starts_on as yearStartsOn',
  'y.ends_on as yearEndsOn',
] as const;

const loadsBase = (db: Builder) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('subject as s', 's.id', 'l.subject_id')
    .innerJoin('user_account as t', 't.id', 'l.teacher_id')
    .innerJoin('academic_year as y', 'y.id', 'l.academic_year_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .select(loadColumns);

const loadById = prepared<{ loadId: number }>()((db, p) => loadsBase(db).where('l.id', '=', p.loadId));

const loadsOfTeacher = prepared<{ userId: number; yearId: number }>()((db, p) =>
  loadsBase(db)
    .where('l.academic_year_id', '=', p.yearId)
    .where((eb) => eb.or([eb('l.teacher_id', '=', p.userId), eb('c.class_teacher_id', '=', p.userId)]))
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.sort_order'),
);

const loadsOfYear = prepared<{ yearId: number }>()((db, p) =>
  loadsBase(db)
    .where('l.academic_year_id', '=', p.yearId)
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.sort_order'),
);

type LoadRow = NonNullable<ReturnType<typeof loadRow>>;
function loadRow(db: Database, loadId: number) {
  return db.first(loadById, { loadId });
}

function summary(row: LoadRow, writable: boolean) {
  return {
    loadId: row.loadId,
    classId: row.classId,
    className: row.className,
    grade: row.grade,
    subjectId: row.subjectId,
    subjectName: row.subjectName,
    groupName: row.groupName,
    teacherName: fullName({ lastName: row.tLast, firstName: row.tFirst, middleName: row.tMiddle }),
    hoursPerWeek: row.hoursPerWeek,
    writable,
  };
}

export function myLoads(ctx: AuthedContext): Output<'journal.myLoads'> {
  const year = currentYear(ctx.db, localIsoDate(ctx.now));
  if (!year) return [];
  const schoolWide = ctx.actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r));
  const rows = schoolWide
    ? ctx.db.all(loadsOfYear, { yearId: year.id })
    : ctx.db.all(loadsOfTeacher, { userId: ctx.actor.userId, yearId: year.id });
  return rows.map((r) => summary(r, canWriteLoad(ctx.actor, r)));
}

const periodsOf = prepared<{ yearId: number; grade: number }>()((db, p) =>
  db
    .selectFrom('period')
    .select(['id', 'name', 'starts_on as startsOn', 'ends_on as endsOn', 'closed_at'])
    .where('academic_year_id', '=', p.yearId)
    .where('grade_from', '<=', p.grade)
    .where('grade_to', '>=', p.grade)
    .orderBy('starts_on'),
);

const rosterOfClass = prepared<{ classId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('student as s', 's.id', 'e.student_id')
    .select(['s.id', 's.last_name as lastName', 's.first_name as firstName', 's.middle_name as middleName'])
    .distinct()
    .where('e.class_id', '=', p.classId)
    .where('e.enrolled_on', '<=', p.to)
    .where((eb) => eb.or([eb('e.left_on', 'is', null), eb('e.left_on', '>=', p.from)])),
);

const rosterOfGroup = prepared<{ classId: number; groupId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('student as s', 's.id', 'e.student_id')
    .innerJoin('group_member as gm', (j) =>
      j.onRef('gm.student_id', '=', 's.id').on('gm.group_id', '=', p.groupId),
    )
    .select(['s.id', 's.last_name as lastName', 's.first_name as firstName', 's.middle_name as middleName'])
    .distinct()
    .where('e.class_id', '=', p.classId)
    .where('e.enrolled_on', '<=', p.to)
    .where((eb) => eb.or([eb('e.left_on', 'is', null), eb('e.left_on', '>=', p.from)])),
);

const lessonsOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('lesson')
    .select(['id', 'date', 'number', 'topic', 'homework', 'version'])
    .where('load_id', '=', p.loadId)
    .where('date', '>=', p.from)
    .where('date', '<=', p.to)
    .orderBy('date')
    .orderBy('number'),
);

const marksOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('mark as m')
    .innerJoin('lesson as s', 's.id', 'm.lesson_id')
    .select([
      'm.id',
      'm.lesson_id as lessonId',
      'm.student_id as studentId',
      'm.value',
      'm.work_type_id as workTypeId',
      'm.weight',
      'm.version',
    ])
    .where('s.load_id', '=', p.loadId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to)
    .where('m.slot', '=', 1),
);

const absencesOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('absence as a')
    .innerJoin('lesson as s', 's.id', 'a.lesson_id')
    .select(['a.id', 'a.lesson_id as lessonId', 'a.student_id as studentId', 'a.code', 'a.version'])
    .where('s.load_id', '=', p.loadId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to),
);

const activeWorkTypes = prepared()((db) =>
  db
    .selectFrom('work_type')
    .select(['id', 'name', 'weight'])
    .where('archived_at', 'is', null)
    .orderBy('sort_order'),
);

export function page(ctx: AuthedContext, input: ParsedInput<'journal.page'>): Output<'journal.page'> {
  const { db } = ctx;
  const load = loadRow(db, input.loadId);
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', 'loadId');
  const periods = db.all(periodsOf, { yearId: load.yearId, grade: load.grade });
  if (periods.length === 0) throw new ApiError('NOT_FOUND', 'Для этого класса не заданы учебные периоды');
  let period = periods[0]!;
  if (input.periodId !== undefined) {
    const chosen = periods.find((p) => p.id === input.periodId);
    if (!chosen) throw new ApiError('VALIDATION', 'Этот учебный период не относится к классу', 'periodId');
    period = chosen;
  } else {
    const today = localIsoDate(ctx.now);
    period = periods.filter((p) => p.startsOn <= today).at(-1) ?? period;
  }
  const range = input.wholeYear
    ? { loadId: load.loadId, from: load.yearStartsOn, to: load.yearEndsOn }
    : { loadId: load.loadId, from: period.startsOn, to: period.endsOn };
  const students =
    load.groupId === null
      ? db.all(rosterOfClass, { classId: load.classId, from: range.from, to: range.to })
      : db.all(rosterOfGroup, {
          classId: load.classId,
          groupId: load.groupId,
          from: range.from,
          to: range.to,
        });
  students.sort(
    (a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName),
  );
  const workTypes = db.all(activeWorkTypes);
  return {
    load: {
      ...summary(load, canWriteLoad(ctx.actor, load)),
      markingMode: load.markingMode,
      academicYear: load.yearName,
    },
    periods: periods.map((p) => ({
      id: p.id,
      name: p.name,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      closed: p.closed_at !== null,
    })),
    periodId: input.wholeYear ? null : period.id,
    range: { from: range.from, to: range.to },
    students,
    lessons: db.all(lessonsOf, range),
    marks: db.all(marksOf, range),
    absences: db.all(absencesOf, range),
    workTypes,
    defaultWorkTypeId: defaultWorkType(db, workTypes),
    allowOne: markScale(db).allowOne,
  };
}

function defaultWorkType(
  db: Database,
  active: { id: number; name: string }[] = db.all(activeWorkTypes),
): number {
  const first = active[0];
  if (!first) throw new ApiError('NOT_FOUND', 'В школе не заданы виды работ');
  return first.id;
}

const lessonContext = prepared<{ lessonId: number }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .select([
      's.id',
      's.date',
      's.number',
      's.topic',
      's.homework',
      's.version',
      'l.id as loadId',
      'l.class_id as classId',
      'l.group_id as groupId',
      'l.marking_mode as markingMode',
      'l.academic_year_id as yearId',
      'c.grade as grade',
    ])
    .where('s.id', '=', p.lessonId),
);

const enrolledOn = prepared<{ classId: number; studentId: number; date: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment')
    .select('id')
    .where('class_id', '=', p.classId)
    .where('student_id', '=', p.studentId)
    .where('enrolled_on', '<=', p.date)
    .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>=', p.date)])),
);

const inGroup = prepared<{ groupId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('group_member')
    .select('student_id')
    .where('group_id', '=', p.groupId)
    .where('student_id', '=', p.studentId),
);

type LessonContext = NonNullable<ReturnType<typeof lessonFor>>;
function lessonFor(db: Database, lessonId: number) {
  return db.first(lessonContext, { lessonId });
}

/** The lesson a cell belongs to, checked for writing: it exists, its period is open, the student sits in it. */
/** Marks and absences are entered for a lesson that has taken place (today or earlier), not ahead. */
function assertLessonHeld(ctx: AuthedContext, lesson: LessonContext): void {
  if (lesson.date > localIsoDate(ctx.now)) {
    throw new ApiError(
      'VALIDATION',
      `Урок ${formatDate(lesson.date)} ещё не прошёл: отметки и пропуски ставятся в день урока или позже`,
      'lessonId',
    );
  }
}

function writableCell(ctx: AuthedContext, lessonId: number, studentId: number): LessonContext {
  const lesson = lessonFor(ctx.db, lessonId);
  if (!lesson) throw new ApiError('NOT_FOUND', 'Урок не найден', 'lessonId');
  assertPeriodOpen(ctx.db, lesson.yearId, lesson.grade, lesson.date);
  const enrolled = ctx.db.first(enrolledOn, { classId: lesson.classId, studentId, date: lesson.date });
  const grouped = lesson.groupId === null || ctx.db.first(inGroup, { groupId: lesson.groupId, studentId });
  if (!enrolled || !grouped) {
    throw new ApiError(
      'VALIDATION',
      `Ученик не числится на этом уроке ${formatDate(lesson.date)}`,
      'studentId',
    );
  }
  return lesson;
}

const markAt = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('mark')
    .select([
      'id',
      'lesson_id as lessonId',
      'student_id as studentId',
      'value',
      'work_type_id as workTypeId',
      'weight',
      'version',
    ])
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId)
    .where('slot', '=', 1),
);

const workTypeById = prepared<{ id: number }>()((db, p) =>
  db.selectFrom('work_type').select(['id', 'name', 'weight', 'archived_at']).where('id', '=', p.id),
);

const updateMark = prepared<{
  id: number;
  version: number;
  value: string;
  workTypeId: number;
  weight: number;
  at: string;
  by: number;
}>()((db, p) =>
  db
    .updateTable('mark')
    .set({
      value: p.value as Mark['value'],
      work_type_id: p.workTypeId,
      weight: p.weight,
      version: sql<number>`version + 1`,
      updated_at: p.at,
      updated_by: p.by,
    })
    .where('id', '=', p.id)
    .where('version', '=', p.version),
);

function staleMark(current: { value: Mark['value'] } | undefined): ApiError {
  const now = current ? `сейчас стоит «${MARK_LABELS[current.value]}»` : 'сейчас отметки нет';
  return new ApiError(
    'CONFLICT',
    `Отметку уже изменил другой пользователь (${now}). Страница обновлена — проверьте и повторите.`,
  );
}

export function setMark(
  ctx: AuthedContext,
  input: ParsedInput<'journal.setMark'>,
): Output<'journal.setMark'> {
  const { db, actor } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  assertLessonHeld(ctx, lesson);
  const refusal = markRefusal(input.value, lesson.markingMode, markScale(db));
  if (refusal) throw new ApiError('VALIDATION', refusal, 'value');
  const current = db.first(markAt, { lessonId: lesson.id, studentId: input.studentId });
  if ((current?.version ?? null) !== input.expectedVersion) throw staleMark(current);
  const workTypeId = input.workTypeId ?? current?.workTypeId ?? defaultWorkType(db);
  const workType = db.first(workTypeById, { id: workTypeId });
  if (!workType || workType.archived_at)
    throw new ApiError('VALIDATION', 'Такого вида работы нет', 'workTypeId');
  if (current && current.value === input.value && current.workTypeId === workTypeId) return current;

  const at = ctx.now.toISOString();
  const values = { value: input.value, workTypeId, weight: workType.weight, at, by: actor.userId };
  let id: number;
  if (current) {
    db.run(updateMark, { id: current.id, version: current.version, ...values });
    id = current.id;
  } else {
    id = db.run(insertMark, { lessonId: lesson.id, studentId: input.studentId, ...values }).lastId;
  }
  const saved: Mark = {
    id,
    lessonId: lesson.id,
    studentId: input.studentId,
    value: input.value,
    workTypeId,
    weight: workType.weight,
    version: (current?.version ?? 0) + 1,
  };
  ctx.audit({ entity: 'mark', entityId: id, before: current ?? null, after: saved });
  return saved;
}

const absenceAt = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('absence')
    .select(['id', 'lesson_id as lessonId', 'student_id as studentId', 'code', 'version'])
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId),
);

function staleAbsence(current: { code: keyof typeof ABSENCE_LABELS } | undefined): ApiError {
  const now = current ? `сейчас стоит «${ABSENCE_LABELS[current.code]}»` : 'сейчас пропуска нет';
  return new ApiError(
    'CONFLICT',
    `Отметку о пропуске уже изменил другой пользователь (${now}). Страница обновлена — проверьте и повторите.`,
  );
}

export function setAbsence(
  ctx: AuthedContext,
  input: ParsedInput<'journal.setAbsence'>,
): Output<'journal.setAbsence'> {
  const { db, actor } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  assertLessonHeld(ctx, lesson);
  const current = db.first(absenceAt, { lessonId: lesson.id, studentId: input.studentId });
  if ((current?.version ?? null) !== input.expectedVersion) throw staleAbsence(current);
  if (current && current.code === input.code) return current;
  const at = ctx.now.toISOString();
  let id: number;
  if (current) {
    db.run(
      db.builder
        .updateTable('absence')
        .set({ code: input.code, version: current.version + 1, updated_at: at, updated_by: actor.userId })
        .where('id', '=', current.id),
    );
    id = current.id;
  } else {
    id = db.run(insertAbsence, {
      lessonId: lesson.id,
      studentId: input.studentId,
      code: input.code,
      at,
      by: actor.userId,
    }).lastId;
  }
  const saved = {
    id,
    lessonId: lesson.id,
    studentId: input.studentId,
    code: input.code,
    version: (current?.version ?? 0) + 1,
  };
  ctx.audit({ entity: 'absence', entityId: id, before: current ?? null, after: saved });
  return saved;
}

export function clearCell(
  ctx: AuthedContext,
  input: ParsedInput<'journal.clearCell'>,
): Output<'journal.clearCell'> {
  const { db } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  const mark = db.first(markAt, { lessonId: lesson.id, studentId: input.studentId });
  const absence = db.first(absenceAt, { lessonId: lesson.id, studentId: input.studentId });
  if ((mark?.version ?? null) !== input.markVersion) throw staleMark(mark);
  if ((absence?.version ?? null) !== input.absenceVersion) throw staleAbsence(absence);
  if (mark) {
    db.run(db.builder.deleteFrom('mark').where('id', '=', mark.id));
    ctx.audit({ entity: 'mark', entityId: mark.id, before: mark, after: null });
  }
  if (absence) {
    db.run(db.builder.deleteFrom('absence').where('id', '=', absence.id));
    ctx.audit({ entity: 'absence', entityId: absence.id, before: absence, after: null });
  }
  return {};
}

function lessonOut(l: {
  id: number;
  date: string;
  number: number;
  topic: string;
  homework: string;
  version: number;
}): Lesson {
  return {
    id: l.id,
    date: l.date,
    number: l.number,
    topic: l.topic,
    homework: l.homework,
    version: l.version,
  };
}

export function updateLesson(
  ctx: AuthedContext,
  input: ParsedInput<'journal.updateLesson'>,
): Output<'journal.updateLesson'> {
  const { db } = ctx;
  const lesson = lessonFor(db, input.lessonId);
  if (!lesson) throw new ApiError('NOT_FOUND', 'Урок не найден', 'lessonId');
  assertPeriodOpen(db, lesson.yearId, lesson.grade, lesson.date);
  if (lesson.version !== input.expectedVersion) {
    throw new ApiError(
      'CONFLICT',
      'Тему или задание этого урока уже изменил другой пользователь. Страница обновлена — проверьте и повторите.',
    );
  }
  const before = lessonOut(lesson);
  if (before.topic === input.topic && before.homework === input.homework) return before;
  const at = ctx.now.toISOString();
  db.run(
    db.builder
      .updateTable('lesson')
      .set({
        topic: input.topic,
        homework: input.homework,
        version: lesson.version + 1,
        updated_at: at,
        updated_by: ctx.actor.userId,
      })
      .where('id', '=', lesson.id),
  );
  const after = { ...before, topic: input.topic, homework: input.homework, version: lesson.version + 1 };
  ctx.audit({ entity: 'lesson', entityId: lesson.id, before, after });
  return after;
}

export function addLesson(
  ctx: AuthedContext,
  input: ParsedInput<'journal.addLesson'>,
): Output<'journal.addLesson'> {
  const { db } = ctx;
  const load = loadRow(db, input.loadId);
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', 'loadId');
  const year = db.first(db.builder.selectFrom('academic_year').selectAll().where('id', '=', load.yearId));
  if (!year) throw new ApiError('NOT_FOUND', 'Учебный год не найден');
  if (input.date < year.starts_on || input.date > year.ends_on) throw outsideYear(input.date, year, 'date');
  assertPeriodOpen(db, load.yearId, load.grade, input.date);
  const taken = db.first(
    db.builder
      .selectFrom('lesson')
      .select('id')
      .where('load_id', '=', load.loadId)
      .where('date', '=', input.date)
      .where('number', '=', input.number),
  );
  if (taken)
    throw new ApiError(
      'CONFLICT',
      `${input.number}-й урок ${formatDate(input.date)} уже есть в журнале`,
      'number',
    );
  const at = ctx.now.toISOString();
  const id = db.run(insertLesson, {
    loadId: load.loadId,
    date: input.date,
    number: input.number,
    topic: '',
    homework: '',
    teacherId: ctx.actor.userId,
    at,
  }).lastId;
  const lesson: Lesson = { id, date: input.date, number: input.number, topic: '', homework: '', version: 1 };
  ctx.audit({ entity: 'lesson', entityId: id, before: null, after: { ...lesson, loadId: load.loadId } });
  return lesson;
}
