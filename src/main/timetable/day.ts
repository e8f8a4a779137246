import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { initials } from '../../shared/i18n/names';
import { topic } from '../../shared/sync/topics';
import type { DayLesson } from '../../shared/timetable/contract';
import { type Database, prepared } from '../db/database';
import { addLessonByHand, assertLessonSlot } from '../journal/rows';
import type { AuthedContext } from '../router/context';
import { assertPeriodOpen } from '../school-year/school';
import {
  assertNotArchived,
  dayLessons,
  type LessonRow,
  lessonCollision,
  lessonLabel,
  lessonRow,
  type SlotCandidate,
  toDayLesson,
  whenText,
} from './lessons';

/** One day's changes made by the deputy: отмена, перенос, добавление, замена. */

export function day(ctx: AuthedContext, input: ParsedInput<'timetable.day'>): Output<'timetable.day'> {
  return { date: input.date, lessons: dayLessons(ctx.db, input.date).map(toDayLesson) };
}

function existing(db: Database, lessonId: number): LessonRow {
  const row = lessonRow(db, lessonId);
  if (!row) throw new ApiError('NOT_FOUND', 'Урок не найден', 'lessonId');
  return row;
}

/** The lesson a change is about: it exists and its year is not archived. */
function changeable(db: Database, lessonId: number): LessonRow {
  const row = existing(db, lessonId);
  assertNotArchived(row);
  return row;
}

function describe(r: LessonRow): string {
  return `${r.className}, ${lessonLabel(r.subjectName, r.groupName)}, ${whenText(r.date, r.number)}`;
}

/** Writes the change, audits it and refreshes the page, the diary of the class and the day. */
function changed(ctx: AuthedContext, before: LessonRow | null, lessonId: number): DayLesson {
  const after = toDayLesson(existing(ctx.db, lessonId));
  ctx.audit({
    entity: 'lesson',
    entityId: lessonId,
    before: before ? toDayLesson(before) : null,
    after: { ...after, date: existing(ctx.db, lessonId).date },
  });
  ctx.changed(topic.load(after.loadId), topic.class(after.classId));
  return after;
}

export function cancelLesson(
  ctx: AuthedContext,
  input: ParsedInput<'timetable.cancelLesson'>,
): Output<'timetable.cancelLesson'> {
  const { db } = ctx;
  const row = changeable(db, input.lessonId);
  assertPeriodOpen(db, row);
  if (row.cancelledAt !== null && row.cancelReason === input.reason) return toDayLesson(row);
  // The lesson keeps its topic, marks and absences: a cancelled lesson is counted, never erased.
  db.run(
    db.builder
      .updateTable('lesson')
      .set({
        cancelled_at: row.cancelledAt ?? ctx.now.toISOString(),
        cancelled_by: ctx.actor.userId,
        cancel_reason: input.reason,
      })
      .where('id', '=', row.lessonId),
  );
  return changed(ctx, row, row.lessonId);
}

export function restoreLesson(
  ctx: AuthedContext,
  input: ParsedInput<'timetable.restoreLesson'>,
): Output<'timetable.restoreLesson'> {
  const { db } = ctx;
  const row = changeable(db, input.lessonId);
  if (row.cancelledAt === null) return toDayLesson(row);
  assertPeriodOpen(db, row);
  const why = lessonCollision(
    db,
    candidateOf(row, row.teacherId, row.tLast, row.tFirst, row.tMiddle),
    row.date,
    row.number,
  );
  if (why) throw new ApiError('CONFLICT', `Урок нельзя вернуть: ${why}`, 'lessonId');
  db.run(
    db.builder
      .updateTable('lesson')
      .set({ cancelled_at: null, cancelled_by: null, cancel_reason: '' })
      .where('id', '=', row.lessonId),
  );
  return changed(ctx, row, row.lessonId);
}

/** A lesson (or one about to be added, lessonId null) with the teacher who would give it, for lessonCollision. */
function candidateOf(
  row: Omit<SlotCandidate, 'teacherId' | 'teacherName'>,
  teacherId: number,
  last: string,
  first: string,
  middle: string | null,
): SlotCandidate {
  return {
    lessonId: row.lessonId,
    classId: row.classId,
    className: row.className,
    groupId: row.groupId,
    splitSubjectId: row.splitSubjectId,
    subjectName: row.subjectName,
    teacherId,
    teacherName: initials({ lastName: last, firstName: first, middleName: middle }),
  };
}

const teacherById = prepared<{ userId: number }>()((db, p) =>
  db
    .selectFrom('user_account as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.last_name as lastName', 'u.first_name as firstName', 'u.middle_name as middleName'])
    .where('u.id', '=', p.userId)
    .where('r.role', '=', 'teacher')
    .where('u.disabled_at', 'is', null),
);

export function substitute(
  ctx: AuthedContext,
  input: ParsedInput<'timetable.substitute'>,
): Output<'timetable.substitute'> {
  const { db } = ctx;
  const row = changeable(db, input.lessonId);
  assertPeriodOpen(db, row);
  if (row.cancelledAt !== null)
    throw new ApiError('VALIDATION', `Урок отменён: ${describe(row)}. Сначала верните его`, 'lessonId');
  if (row.teacherId === input.teacherId) return toDayLesson(row);
  const teacher = db.first(teacherById, { userId: input.teacherId });
  if (!teacher)
    throw new ApiError('VALIDATION', 'Заменить может только работающий учитель школы', 'teacherId');
  const why = lessonCollision(
    db,
    candidateOf(row, teacher.id, teacher.lastName, teacher.firstName, teacher.middleName),
    row.date,
    row.number,
  );
  if (why) throw new ApiError('CONFLICT', `Замена невозможна: ${why}`, 'teacherId');
  // Who actually gave the lesson (a замена): that teacher may now write this lesson (journal/access.ts).
  db.run(db.builder.updateTable('lesson').set({ teacher_id: teacher.id }).where('id', '=', row.lessonId));
  return changed(ctx, row, row.lessonId);
}

export function moveLesson(
  ctx: AuthedContext,
  input: ParsedInput<'timetable.moveLesson'>,
): Output<'timetable.moveLesson'> {
  const { db } = ctx;
  const row = changeable(db, input.lessonId);
  if (row.date === input.date && row.number === input.number) return toDayLesson(row);
  // A lesson's topic, marks and absences belong to the day it was given: such a lesson is not moved.
  if (row.recorded === 1)
    throw new ApiError(
      'VALIDATION',
      `Урок уже заполнен (тема, задание, отметки или пропуски): ${describe(row)}. Перенести его нельзя — отмените его и добавьте новый урок`,
      'lessonId',
    );
  if (row.cancelledAt !== null)
    throw new ApiError('VALIDATION', `Урок отменён: ${describe(row)}. Сначала верните его`, 'lessonId');
  assertPeriodOpen(db, row);
  assertLessonSlot(db, row, input.date, input.number);
  const why = lessonCollision(
    db,
    candidateOf(row, row.teacherId, row.tLast, row.tFirst, row.tMiddle),
    input.date,
    input.number,
  );
  if (why) throw new ApiError('CONFLICT', `Перенос невозможен: ${why}`, 'number');
  db.run(
    db.builder
      .updateTable('lesson')
      .set({
        date: input.date,
        number: input.number,
        // Where it was first planned, even after several moves.
        moved_from_date: row.movedFromDate ?? row.date,
        moved_from_number: row.movedFromNumber ?? row.number,
      })
      .where('id', '=', row.lessonId),
  );
  return changed(ctx, row, row.lessonId);
}

const loadForLesson = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('academic_year as y', 'y.id', 'l.academic_year_id')
    .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .innerJoin('user_account as t', 't.id', 'l.teacher_id')
    .select([
      'l.id as loadId',
      'l.class_id as classId',
      'c.name as className',
      'c.grade',
      'l.academic_year_id as yearId',
      'y.name as yearName',
      'y.starts_on as yearStartsOn',
      'y.ends_on as yearEndsOn',
      'y.archived_at as archivedAt',
      'l.group_id as groupId',
      'g.subject_id as splitSubjectId',
      'sub.name as subjectName',
      'l.teacher_id as teacherId',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
    ])
    .where('l.id', '=', p.loadId),
);

export function addLesson(
  ctx: AuthedContext,
  input: ParsedInput<'timetable.addLesson'>,
): Output<'timetable.addLesson'> {
  const { db } = ctx;
  const load = db.first(loadForLesson, { loadId: input.loadId });
  if (!load) throw new ApiError('NOT_FOUND', 'Нагрузка не найдена', 'loadId');
  assertNotArchived(load);
  const id = addLessonByHand(
    db,
    load,
    { date: input.date, number: input.number, teacherId: load.teacherId, at: ctx.now.toISOString() },
    () => {
      const why = lessonCollision(
        db,
        candidateOf({ ...load, lessonId: null }, load.teacherId, load.tLast, load.tFirst, load.tMiddle),
        input.date,
        input.number,
      );
      if (why) throw new ApiError('CONFLICT', `Урок нельзя добавить: ${why}`, 'number');
    },
  );
  return changed(ctx, null, id);
}
