import { ApiError } from '../../shared/api/errors';
import { formatDate, localIsoDate } from '../../shared/i18n/dates';
import { leftDate } from '../../shared/students/enrollment';
import { topic } from '../../shared/sync/topics';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { inClassOn } from '../school-year/enrollment';
import { assertPeriodOpen } from '../school-year/school';
import { noteEntry } from './late-entries';
import { type LessonContext, lessonFor } from './lesson';

/**
 * Whether a cell may be written, and what follows a cell's write: the checks every cell write makes
 * (cells.ts, owed works, attendance taken), kept apart so those modules build on it without a circle.
 */

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

/**
 * After a cell's write: open screens refresh (its journal page and its student's diary), and an entry after the lesson's deadline flags it for
 * the timeliness report (late-entries.ts) — marks, attendance, or both for a cell written whole.
 */
export function cellChanged(
  ctx: AuthedContext,
  lesson: LessonContext,
  studentId: number,
  ...kinds: ('marks' | 'attendance')[]
): void {
  ctx.changed(topic.load(lesson.loadId), topic.student(studentId));
  for (const kind of kinds) noteEntry(ctx, lesson.id, kind);
}

/** Marks and absences are entered for a lesson that has taken place (today or earlier), not ahead. */
export function assertLessonHeld(ctx: AuthedContext, lesson: LessonContext): void {
  if (lesson.date > localIsoDate(ctx.now)) {
    throw new ApiError(
      'VALIDATION',
      `Урок ${formatDate(lesson.date)} ещё не прошёл: отметки и пропуски ставятся в день урока или позже`,
      'lessonId',
    );
  }
}

/** A lesson checked for writing: it exists, it is not cancelled, its period is open. */
export function writableLesson(ctx: AuthedContext, lessonId: number): LessonContext {
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
  return lesson;
}

/** The lesson a cell belongs to, checked for writing: it exists, its period is open, the student sits in it. */
export function writableCell(ctx: AuthedContext, lessonId: number, studentId: number): LessonContext {
  const lesson = writableLesson(ctx, lessonId);
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
