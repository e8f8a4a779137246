import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { Lesson } from '../../shared/journal/schemas';
import { topic } from '../../shared/sync/topics';
import type { AuthedContext } from '../router/context';
import { assertPeriodOpen } from '../school-year/school';
import { gaveInSubstitution } from './access';
import { noteEntry } from './late-entries';
import { lessonFor } from './lesson';
import { loadRow } from './loads';
import { addLessonByHand } from './rows';

/** A lesson's topic and homework, and lessons added outside the timetable. */

/** A lesson as the page shows it (without who reads it: see `forCaller`). */
function lessonOut(l: {
  id: number;
  date: string;
  number: number;
  topic: string;
  homework: string;
  version: number;
  cancelledAt: string | null;
  cancelReason: string;
  workTypeId: number | null;
  attendanceTakenAt: string | null;
}): Omit<Lesson, 'givenByMe'> {
  return {
    id: l.id,
    date: l.date,
    number: l.number,
    topic: l.topic,
    homework: l.homework,
    version: l.version,
    cancelled: l.cancelledAt !== null,
    cancelReason: l.cancelReason,
    workTypeId: l.workTypeId,
    attendanceTakenAt: l.attendanceTakenAt,
  };
}

export function updateLesson(
  ctx: AuthedContext,
  input: ParsedInput<'journal.updateLesson'>,
): Output<'journal.updateLesson'> {
  const { db } = ctx;
  const lesson = lessonFor(db, input.lessonId);
  if (!lesson) throw new ApiError('NOT_FOUND', 'Урок не найден', 'lessonId');
  assertPeriodOpen(db, lesson);
  if (lesson.version !== input.expectedVersion) {
    throw new ApiError(
      'CONFLICT',
      'Тему или задание этого урока уже изменил другой пользователь. Страница обновлена — проверьте и повторите.',
    );
  }
  const before = lessonOut(lesson);
  // Given in a замена by the caller (not the page's teacher): the page lets them write this lesson.
  const givenByMe = gaveInSubstitution(ctx.actor, lesson);
  // Left out: the lesson keeps its work type (a client that does not know of it).
  const workTypeId = input.workTypeId === undefined ? before.workTypeId : input.workTypeId;
  if (before.topic === input.topic && before.homework === input.homework && before.workTypeId === workTypeId)
    return { ...before, givenByMe };
  if (workTypeId !== null && workTypeId !== before.workTypeId) {
    const workType = db.first(
      db.builder
        .selectFrom('work_type')
        .select('id')
        .where('id', '=', workTypeId)
        .where('archived_at', 'is', null),
    );
    if (!workType) throw new ApiError('VALIDATION', 'Такого вида работы нет', 'workTypeId');
  }
  const at = ctx.now.toISOString();
  db.run(
    db.builder
      .updateTable('lesson')
      .set({
        topic: input.topic,
        homework: input.homework,
        work_type_id: workTypeId,
        version: lesson.version + 1,
        updated_at: at,
        updated_by: ctx.actor.userId,
      })
      .where('id', '=', lesson.id),
  );
  const after = {
    ...before,
    topic: input.topic,
    homework: input.homework,
    workTypeId,
    version: lesson.version + 1,
  };
  ctx.audit({ entity: 'lesson', entityId: lesson.id, before, after });
  if (before.topic !== input.topic) noteEntry(ctx, lesson.id, 'topic');
  if (before.homework !== input.homework) noteEntry(ctx, lesson.id, 'homework');
  // The topic and homework show on the page and in the diary of every student of the class.
  ctx.changed(topic.load(lesson.loadId), topic.class(lesson.classId));
  return { ...after, givenByMe };
}

export function addLesson(
  ctx: AuthedContext,
  input: ParsedInput<'journal.addLesson'>,
): Output<'journal.addLesson'> {
  const { db } = ctx;
  const load = loadRow(db, input.loadId);
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', 'loadId');
  const id = addLessonByHand(db, load, {
    date: input.date,
    number: input.number,
    teacherId: ctx.actor.userId,
    at: ctx.now.toISOString(),
  });
  const row = { id, date: input.date, number: input.number, topic: '', homework: '', version: 1 };
  ctx.audit({ entity: 'lesson', entityId: id, before: null, after: { ...row, loadId: load.loadId } });
  ctx.changed(topic.load(load.loadId), topic.class(load.classId));
  return {
    ...row,
    cancelled: false,
    cancelReason: '',
    givenByMe: false,
    workTypeId: null,
    attendanceTakenAt: null,
  };
}
