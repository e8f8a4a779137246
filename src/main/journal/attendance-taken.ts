import type { Output, ParsedInput } from '../../shared/api/contract';
import { topic } from '../../shared/sync/topics';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { assertLessonHeld, writableLesson } from './cell-access';
import { noteEntry } from './late-entries';

/**
 * Attendance taken (issue 9): a lesson records when its attendance was first taken, so «все
 * присутствуют» is told apart from «ещё не отмечали». Set by the first absence entered for the
 * lesson, or by the teacher's «Посещаемость отмечена: все присутствуют». Never cleared: removing an
 * absence later corrects the attendance, it does not un-take it. It does not move the lesson's
 * version (a lesson dialog open on another computer stays valid: topic and homework did not change).
 */

const takeAttendance = prepared<{ lessonId: number; at: string; by: number }>()((db, p) =>
  db
    .updateTable('lesson')
    .set({ attendance_taken_at: p.at, attendance_taken_by: p.by })
    .where('id', '=', p.lessonId)
    .where('attendance_taken_at', 'is', null),
);

const takenAt = prepared<{ lessonId: number }>()((db, p) =>
  db.selectFrom('lesson').select('attendance_taken_at as at').where('id', '=', p.lessonId),
);

/** Called by every absence write, in its transaction: the first one takes the lesson's attendance. */
export function noteAttendanceTaken(ctx: AuthedContext, lessonId: number): boolean {
  const at = ctx.now.toISOString();
  const taken = ctx.db.run(takeAttendance, { lessonId, at, by: ctx.actor.userId }).changes > 0;
  if (taken)
    ctx.audit({
      entity: 'lesson_attendance',
      entityId: lessonId,
      before: { attendanceTakenAt: null },
      after: { attendanceTakenAt: at, by: ctx.actor.userId },
    });
  return taken;
}

/**
 * «Посещаемость отмечена: все присутствуют». An attendance flag entered after the lesson's deadline
 * is a late attendance entry (late-entries.ts), like an absence entered late.
 */
export function markAttendanceTaken(
  ctx: AuthedContext,
  input: ParsedInput<'journal.markAttendanceTaken'>,
): Output<'journal.markAttendanceTaken'> {
  const lesson = writableLesson(ctx, input.lessonId);
  assertLessonHeld(ctx, lesson);
  if (noteAttendanceTaken(ctx, lesson.id)) {
    noteEntry(ctx, lesson.id, 'attendance');
    ctx.changed(topic.load(lesson.loadId));
  }
  // Already taken (by an absence, or a resent call): a success, with the first time it was taken.
  const at = ctx.db.first(takenAt, { lessonId: lesson.id })!.at!;
  return { lessonId: lesson.id, attendanceTakenAt: at };
}
