import { sql } from 'kysely';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { formatDate, localIsoDate } from '../../shared/i18n/dates';
import { ABSENCE_LABELS } from '../../shared/journal/attendance';
import { MARK_LABELS, markRefusal } from '../../shared/journal/marks';
import type { Mark } from '../../shared/journal/schemas';
import { leftDate } from '../../shared/students/enrollment';
import { topic } from '../../shared/sync/topics';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { inClassOn } from '../school-year/enrollment';
import { assertPeriodOpen, markScale } from '../school-year/school';
import { type LessonContext, lessonFor } from './lesson';
import { defaultWorkType } from './page';
import { insertAbsence, insertMark } from './rows';

/** One cell of the grid: a student's mark and absence on one lesson. */

const enrollmentOn = prepared<{ classId: number; studentId: number; date: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment')
    .select('id')
    .where('class_id', '=', p.classId)
    .where('student_id', '=', p.studentId)
    .where((eb) => inClassOn(eb, 'class_enrollment', p.date)),
);

const inGroup = prepared<{ groupId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('group_member')
    .select('student_id')
    .where('group_id', '=', p.groupId)
    .where('student_id', '=', p.studentId),
);

const spansInClass = prepared<{ classId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('class_enrollment')
    .select([
      'enrolled_on as from',
      'left_on as to',
      'enrolled_kind as enrolledKind',
      'left_kind as leftKind',
    ])
    .where('class_id', '=', p.classId)
    .where('student_id', '=', p.studentId)
    .orderBy('enrolled_on'),
);

/** A lesson outside the student's time in the class (движение, 004 §4.2): say when they came or left. */
function notEnrolled(ctx: AuthedContext, lesson: LessonContext, studentId: number): ApiError {
  const spans = ctx.db.all(spansInClass, { classId: lesson.classId, studentId });
  const before = spans.filter((s) => s.to !== null && s.to < lesson.date).at(-1);
  const after = spans.find((s) => s.from > lesson.date);
  if (!before && !after)
    return new ApiError(
      'VALIDATION',
      `Ученик не числится на этом уроке ${formatDate(lesson.date)}`,
      'studentId',
    );
  const reason = before
    ? `${before.leftKind === 'transferred' ? 'переведён в другой класс' : 'выбыл'} ${formatDate(leftDate(before) ?? lesson.date)}`
    : `прибыл в класс ${formatDate(after!.from)}`;
  return new ApiError(
    'VALIDATION',
    `Ученик ${reason}: отметки и пропуски за ${formatDate(lesson.date)} ему не ставятся`,
    'studentId',
  );
}

/** A cell shows on its journal page and in its student's diary: open screens of both refresh. */
function cellChanged(ctx: AuthedContext, lesson: LessonContext, studentId: number): void {
  ctx.changed(topic.load(lesson.loadId), topic.student(studentId));
}

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

/** The lesson a cell belongs to, checked for writing: it exists, its period is open, the student sits in it. */
function writableCell(ctx: AuthedContext, lessonId: number, studentId: number): LessonContext {
  const lesson = lessonFor(ctx.db, lessonId);
  if (!lesson) throw new ApiError('NOT_FOUND', 'Урок не найден', 'lessonId');
  // A cancelled lesson keeps what it holds (002 §5.4) but takes nothing new, nor loses anything.
  if (lesson.cancelledAt !== null) {
    throw new ApiError(
      'VALIDATION',
      `Урок ${formatDate(lesson.date)} отменён${lesson.cancelReason ? ` (${lesson.cancelReason})` : ''}: отметки и пропуски на нём не меняются`,
      'lessonId',
    );
  }
  assertPeriodOpen(ctx.db, lesson);
  const enrolled = ctx.db.first(enrollmentOn, { classId: lesson.classId, studentId, date: lesson.date });
  const grouped = lesson.groupId === null || ctx.db.first(inGroup, { groupId: lesson.groupId, studentId });
  if (!enrolled) throw notEnrolled(ctx, lesson, studentId);
  if (!grouped) {
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
  // The cell already holds exactly this mark: nothing to write, whatever version the caller saw. A
  // save resent after its answer was lost (a host stopped mid-call, the offline queue) is a success,
  // not somebody else's change.
  if (
    current &&
    current.value === input.value &&
    (input.workTypeId ?? current.workTypeId) === current.workTypeId
  )
    return current;
  if ((current?.version ?? null) !== input.expectedVersion) throw staleMark(current);
  const workTypeId = input.workTypeId ?? current?.workTypeId ?? defaultWorkType(db);
  const workType = db.first(workTypeById, { id: workTypeId });
  if (!workType || workType.archived_at)
    throw new ApiError('VALIDATION', 'Такого вида работы нет', 'workTypeId');

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
  cellChanged(ctx, lesson, input.studentId);
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
  // Already this absence: a success whatever version the caller saw (see setMark).
  if (current && current.code === input.code) return current;
  if ((current?.version ?? null) !== input.expectedVersion) throw staleAbsence(current);
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
  cellChanged(ctx, lesson, input.studentId);
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
  // Already empty: the caller wanted it cleared, and it is (see setMark).
  if (!mark && !absence) return {};
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
  if (mark || absence) cellChanged(ctx, lesson, input.studentId);
  return {};
}
