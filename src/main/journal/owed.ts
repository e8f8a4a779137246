import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { formatDate } from '../../shared/i18n/dates';
import { MARK_LABELS } from '../../shared/journal/marks';
import type { OwedWork } from '../../shared/journal/schemas';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { assertLessonHeld, cellChanged, writableCell } from './cell-access';

/**
 * Owed works (долг, «точка», domain-defaults §4.2; МЭШ's `is_point` with `point_date`): the teacher
 * waits for a student's work on one lesson until a due date. A state of its own beside missing,
 * excused and marked — a row in owed_work, never a mark, so no average ever counts it. Written like
 * any cell (the cell's checks: period open, lesson held, student in the class; expectedVersion;
 * audited). A mark put in the cell settles it (settleOwed, in the mark's own transaction).
 */

const owedAt = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('owed_work')
    .select(['id', 'lesson_id as lessonId', 'student_id as studentId', 'due_on as dueOn', 'version'])
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId),
);

const markValues = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('mark')
    .select('value')
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId)
    .orderBy('slot'),
);

function staleOwed(current: OwedWork | undefined): ApiError {
  const now = current ? `сейчас срок — ${formatDate(current.dueOn)}` : 'сейчас долга нет';
  return new ApiError(
    'CONFLICT',
    `Долг уже изменил другой пользователь (${now}). Страница обновлена — проверьте и повторите.`,
  );
}

export function setOwed(
  ctx: AuthedContext,
  input: ParsedInput<'journal.setOwed'>,
): Output<'journal.setOwed'> {
  const { db, actor } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  assertLessonHeld(ctx, lesson);
  const marks = db.all(markValues, { lessonId: lesson.id, studentId: input.studentId });
  if (marks.length > 0) {
    const text = marks.map((m) => MARK_LABELS[m.value]).join('/');
    throw new ApiError(
      'VALIDATION',
      `В клетке уже стоит отметка «${text}»: долг ставится, пока отметки нет`,
      'lessonId',
    );
  }
  if (input.dueOn < lesson.date)
    throw new ApiError(
      'VALIDATION',
      `Срок долга не может быть раньше урока (${formatDate(lesson.date)})`,
      'dueOn',
    );
  const current = db.first(owedAt, { lessonId: lesson.id, studentId: input.studentId });
  // Already owed until that day: a success whatever version the caller saw (a resent save).
  if (current && current.dueOn === input.dueOn) return current;
  if ((current?.version ?? null) !== input.expectedVersion) throw staleOwed(current);
  const at = ctx.now.toISOString();
  let id: number;
  if (current) {
    db.run(
      db.builder
        .updateTable('owed_work')
        .set({ due_on: input.dueOn, version: current.version + 1, updated_at: at, updated_by: actor.userId })
        .where('id', '=', current.id),
    );
    id = current.id;
  } else {
    id = db.run(
      db.builder.insertInto('owed_work').values({
        lesson_id: lesson.id,
        student_id: input.studentId,
        due_on: input.dueOn,
        version: 1,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
      }),
    ).lastId;
  }
  const saved: OwedWork = {
    id,
    lessonId: lesson.id,
    studentId: input.studentId,
    dueOn: input.dueOn,
    version: (current?.version ?? 0) + 1,
  };
  ctx.audit({ entity: 'owed_work', entityId: id, before: current ?? null, after: saved });
  cellChanged(ctx, lesson, input.studentId);
  return saved;
}

export function clearOwed(
  ctx: AuthedContext,
  input: ParsedInput<'journal.clearOwed'>,
): Output<'journal.clearOwed'> {
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  const current = ctx.db.first(owedAt, { lessonId: lesson.id, studentId: input.studentId });
  // Already gone (settled by a mark, or a resent call): the caller wanted it off, and it is.
  if (!current) return {};
  if (current.version !== input.expectedVersion) throw staleOwed(current);
  ctx.db.run(ctx.db.builder.deleteFrom('owed_work').where('id', '=', current.id));
  ctx.audit({ entity: 'owed_work', entityId: current.id, before: current, after: null });
  cellChanged(ctx, lesson, input.studentId);
  return {};
}

/**
 * A mark written in a cell settles its owed work: the work was handed in and marked, so the debt
 * is deleted in the mark's own transaction, audited as settled (the audit row keeps its due date).
 * Called by every write that puts a mark in a cell (setMark, restoreCell).
 */
export function settleOwed(ctx: AuthedContext, lessonId: number, studentId: number): void {
  const current = ctx.db.first(owedAt, { lessonId, studentId });
  if (!current) return;
  ctx.db.run(ctx.db.builder.deleteFrom('owed_work').where('id', '=', current.id));
  ctx.audit({ entity: 'owed_work', entityId: current.id, before: current, after: null });
}
