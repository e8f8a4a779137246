import { sql } from 'kysely';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import { ABSENCE_LABELS, isMissedLesson } from '../../shared/journal/attendance';
import { MARK_LABELS, markRefusal } from '../../shared/journal/marks';
import { MAX_MARKS_PER_CELL, type Mark, SIXTH_MARK_REFUSED } from '../../shared/journal/schemas';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { markScale } from '../school-year/school';
import { noteAttendanceTaken } from './attendance-taken';
import { assertLessonHeld, cellChanged, writableCell } from './cell-access';
import type { LessonContext } from './lesson';
import { settleOwed } from './owed';
import { defaultWorkType } from './page';
import { lateMinutes, retakeDate } from './retakes';
import { insertAbsence, insertMark } from './rows';

/** One cell of the grid: a student's mark and absence on one lesson. */

const markColumns = [
  'id',
  'lesson_id as lessonId',
  'student_id as studentId',
  'slot',
  'value',
  'work_type_id as workTypeId',
  'weight',
  'comment',
  'version',
  'retaken_on as retakenOn',
] as const;

/** Every mark of a cell, in slot order (the order the cell shows them: «4/3»). */
const marksIn = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('mark')
    .select(markColumns)
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId)
    .orderBy('slot'),
);

type MarkRow = Mark;

/** A mark row as the API gives it (no comment is '' there, NULL in the file). */
function cellMarks(ctx: AuthedContext, lessonId: number, studentId: number): MarkRow[] {
  return ctx.db.all(marksIn, { lessonId, studentId }).map((m) => ({ ...m, comment: m.comment ?? '' }));
}

const workTypeById = prepared<{ id: number }>()((db, p) =>
  db.selectFrom('work_type').select(['id', 'name', 'weight', 'archived_at']).where('id', '=', p.id),
);

/** A work type a mark may be given: it exists and is not archived. */
function usableWorkType(ctx: AuthedContext, id: number) {
  const workType = ctx.db.first(workTypeById, { id });
  if (!workType || workType.archived_at)
    throw new ApiError('VALIDATION', 'Такого вида работы нет', 'workTypeId');
  return workType;
}

/** The work type of a new mark on this lesson: the lesson's own (a контрольная), or the school's default. */
function newMarkWorkType(ctx: AuthedContext, lesson: LessonContext): number {
  if (lesson.workTypeId !== null) {
    const own = ctx.db.first(workTypeById, { id: lesson.workTypeId });
    if (own && !own.archived_at) return own.id;
  }
  return defaultWorkType(ctx.db);
}

const updateMark = prepared<{
  id: number;
  version: number;
  value: string;
  workTypeId: number;
  weight: number;
  comment: string | null;
  retakenOn: string | null;
  at: string;
  by: number;
}>()((db, p) =>
  db
    .updateTable('mark')
    .set({
      value: p.value as Mark['value'],
      work_type_id: p.workTypeId,
      weight: p.weight,
      comment: p.comment,
      retaken_on: p.retakenOn,
      version: sql<number>`version + 1`,
      updated_at: p.at,
      updated_by: p.by,
    })
    .where('id', '=', p.id)
    .where('version', '=', p.version),
);

/** «4/3», as the cell shows its marks. */
function marksText(marks: readonly { value: Mark['value'] }[]): string {
  return marks.map((m) => MARK_LABELS[m.value]).join('/');
}

function staleMark(cell: readonly { value: Mark['value'] }[]): ApiError {
  const now = cell.length > 0 ? `сейчас стоит «${marksText(cell)}»` : 'сейчас отметки нет';
  return new ApiError(
    'CONFLICT',
    `Отметку уже изменил другой пользователь (${now}). Страница обновлена — проверьте и повторите.`,
  );
}

/** The mark as the API gives it after a write. */
function markOut(m: MarkRow): Mark {
  return {
    id: m.id,
    lessonId: m.lessonId,
    studentId: m.studentId,
    slot: m.slot,
    value: m.value,
    workTypeId: m.workTypeId,
    weight: m.weight,
    comment: m.comment,
    version: m.version,
    retakenOn: m.retakenOn,
  };
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
  const slot = input.slot ?? 1;
  const cell = cellMarks(ctx, lesson.id, input.studentId);
  const current = cell.find((m) => m.slot === slot);
  // Before the resend check: a retake asked for on a lesson the student did not miss is refused.
  const retakenOn = retakeDate(ctx, lesson, input.studentId, input.retake, current);
  // The slot already holds exactly this mark: nothing to write, whatever version the caller saw. A
  // save resent after its answer was lost (a host stopped mid-call, the offline queue) is a success,
  // not somebody else's change.
  if (
    current &&
    current.value === input.value &&
    (input.workTypeId ?? current.workTypeId) === current.workTypeId &&
    (input.comment ?? current.comment) === current.comment
  )
    return current;
  if ((current?.version ?? null) !== input.expectedVersion) throw staleMark(cell);
  if (!current && cell.length >= MAX_MARKS_PER_CELL)
    throw new ApiError('VALIDATION', SIXTH_MARK_REFUSED, 'slot');
  const workTypeId = input.workTypeId ?? current?.workTypeId ?? newMarkWorkType(ctx, lesson);
  // A replaced mark of the same work type keeps the weight it was given (a later change of the
  // school's weights does not rewrite it); a new work type brings its weight.
  const weight =
    current && current.workTypeId === workTypeId ? current.weight : usableWorkType(ctx, workTypeId).weight;
  const comment = input.comment ?? current?.comment ?? '';

  const at = ctx.now.toISOString();
  const values = {
    value: input.value,
    workTypeId,
    weight,
    comment: comment || null,
    retakenOn,
    at,
    by: actor.userId,
  };
  let id: number;
  if (current) {
    db.run(updateMark, { id: current.id, version: current.version, ...values });
    id = current.id;
  } else {
    id = db.run(insertMark, { lessonId: lesson.id, studentId: input.studentId, slot, ...values }).lastId;
  }
  const saved: Mark = {
    id,
    lessonId: lesson.id,
    studentId: input.studentId,
    slot,
    value: input.value,
    workTypeId,
    weight,
    comment,
    version: (current?.version ?? 0) + 1,
    retakenOn,
  };
  ctx.audit({ entity: 'mark', entityId: id, before: current ?? null, after: saved });
  settleOwed(ctx, lesson.id, input.studentId);
  cellChanged(ctx, lesson, input.studentId, 'marks');
  return saved;
}

/** A mark's work type and comment, from the cell's menu; its value stays. */
export function updateMarkDetails(
  ctx: AuthedContext,
  input: ParsedInput<'journal.updateMark'>,
): Output<'journal.updateMark'> {
  const { db, actor } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  const cell = cellMarks(ctx, lesson.id, input.studentId);
  const current = cell.find((m) => m.slot === input.slot);
  if (!current) throw staleMark(cell);
  if (current.workTypeId === input.workTypeId && current.comment === input.comment) return current;
  if (current.version !== input.expectedVersion) throw staleMark(cell);
  const weight =
    current.workTypeId === input.workTypeId ? current.weight : usableWorkType(ctx, input.workTypeId).weight;
  db.run(updateMark, {
    id: current.id,
    version: current.version,
    value: current.value,
    workTypeId: input.workTypeId,
    weight,
    comment: input.comment || null,
    retakenOn: current.retakenOn,
    at: ctx.now.toISOString(),
    by: actor.userId,
  });
  const saved = markOut({
    ...current,
    workTypeId: input.workTypeId,
    weight,
    comment: input.comment,
    version: current.version + 1,
  });
  ctx.audit({ entity: 'mark', entityId: current.id, before: current, after: saved });
  cellChanged(ctx, lesson, input.studentId, 'marks');
  return saved;
}

/** One mark of a cell removed; the cell's other marks keep their slots. */
export function deleteMark(
  ctx: AuthedContext,
  input: ParsedInput<'journal.deleteMark'>,
): Output<'journal.deleteMark'> {
  const { db } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  const cell = cellMarks(ctx, lesson.id, input.studentId);
  const current = cell.find((m) => m.slot === input.slot);
  // Already gone: the caller wanted it deleted, and it is (see setMark).
  if (!current) return {};
  if (current.version !== input.expectedVersion) throw staleMark(cell);
  db.run(db.builder.deleteFrom('mark').where('id', '=', current.id));
  ctx.audit({ entity: 'mark', entityId: current.id, before: current, after: null });
  cellChanged(ctx, lesson, input.studentId, 'marks');
  return {};
}

const absenceAt = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('absence')
    .select([
      'id',
      'lesson_id as lessonId',
      'student_id as studentId',
      'code',
      'minutes_late as minutesLate',
      'version',
    ])
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
  const minutesLate = lateMinutes(input, current);
  // Already this absence: a success whatever version the caller saw (see setMark).
  if (current && current.code === input.code && current.minutesLate === minutesLate) return current;
  if ((current?.version ?? null) !== input.expectedVersion) throw staleAbsence(current);
  const at = ctx.now.toISOString();
  let id: number;
  if (current) {
    db.run(
      db.builder
        .updateTable('absence')
        .set({
          code: input.code,
          minutes_late: minutesLate,
          version: current.version + 1,
          updated_at: at,
          updated_by: actor.userId,
        })
        .where('id', '=', current.id),
    );
    id = current.id;
  } else {
    id = db.run(insertAbsence, {
      lessonId: lesson.id,
      studentId: input.studentId,
      code: input.code,
      minutesLate,
      at,
      by: actor.userId,
    }).lastId;
  }
  const saved = {
    id,
    lessonId: lesson.id,
    studentId: input.studentId,
    code: input.code,
    minutesLate,
    version: (current?.version ?? 0) + 1,
  };
  ctx.audit({ entity: 'absence', entityId: id, before: current ?? null, after: saved });
  noteAttendanceTaken(ctx, lesson.id);
  cellChanged(ctx, lesson, input.studentId, 'attendance');
  return saved;
}

export function clearCell(
  ctx: AuthedContext,
  input: ParsedInput<'journal.clearCell'>,
): Output<'journal.clearCell'> {
  const { db } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  const marks = cellMarks(ctx, lesson.id, input.studentId);
  const absence = db.first(absenceAt, { lessonId: lesson.id, studentId: input.studentId });
  // Already empty: the caller wanted it cleared, and it is (see setMark).
  if (marks.length === 0 && !absence) return {};
  // Exactly the marks the caller saw, at the versions seen: a mark added or changed since stays.
  const seen = input.marks ?? (input.markVersion === null ? [] : [{ slot: 1, version: input.markVersion }]);
  const same =
    seen.length === marks.length &&
    marks.every((m) => seen.some((s) => s.slot === m.slot && s.version === m.version));
  if (!same) throw staleMark(marks);
  if ((absence?.version ?? null) !== input.absenceVersion) throw staleAbsence(absence);
  for (const mark of marks) {
    db.run(db.builder.deleteFrom('mark').where('id', '=', mark.id));
    ctx.audit({ entity: 'mark', entityId: mark.id, before: mark, after: null });
  }
  if (absence) {
    db.run(db.builder.deleteFrom('absence').where('id', '=', absence.id));
    ctx.audit({ entity: 'absence', entityId: absence.id, before: absence, after: null });
  }
  cellChanged(
    ctx,
    lesson,
    input.studentId,
    ...(marks.length > 0 ? (['marks'] as const) : []),
    ...(absence ? (['attendance'] as const) : []),
  );
  return {};
}

/**
 * A cell emptied by Delete, filled again as it was (the teacher's «Отменить»): one write, refused
 * when the cell holds anything now (somebody wrote it since), so nothing is overwritten blindly.
 */
export function restoreCell(
  ctx: AuthedContext,
  input: ParsedInput<'journal.restoreCell'>,
): Output<'journal.restoreCell'> {
  const { db, actor } = ctx;
  const lesson = writableCell(ctx, input.lessonId, input.studentId);
  assertLessonHeld(ctx, lesson);
  const slots = new Set(input.marks.map((m) => m.slot));
  if (slots.size !== input.marks.length)
    throw new ApiError('VALIDATION', 'Две отметки в одной клетке на одном месте', 'marks');
  const marks = cellMarks(ctx, lesson.id, input.studentId);
  const absence = db.first(absenceAt, { lessonId: lesson.id, studentId: input.studentId });
  const wanted = [...input.marks].sort((a, b) => a.slot - b.slot);
  // Already as wanted (a resent undo whose answer was lost): a success.
  const holds =
    marks.length === wanted.length &&
    marks.every((m, i) => {
      const w = wanted[i]!;
      return (
        m.slot === w.slot && m.value === w.value && m.workTypeId === w.workTypeId && m.comment === w.comment
      );
    }) &&
    (absence?.code ?? null) === input.absence;
  if (holds && (marks.length > 0 || absence)) return { marks, absence: absence ?? null };
  if (marks.length > 0) throw staleMark(marks);
  if (absence) throw staleAbsence(absence);
  const scale = markScale(db);
  const at = ctx.now.toISOString();
  // Marks put back on a lesson the student missed are retakes again, dated by this write.
  const retakenOn = input.absence && isMissedLesson(input.absence) ? localIsoDate(ctx.now) : null;
  const saved: Mark[] = [];
  for (const m of wanted) {
    const refusal = markRefusal(m.value, lesson.markingMode, scale);
    if (refusal) throw new ApiError('VALIDATION', refusal, 'marks');
    // Archived since is fine: the mark had it; a work type that is gone is not.
    const workType = db.first(workTypeById, { id: m.workTypeId });
    if (!workType) throw new ApiError('VALIDATION', 'Такого вида работы нет', 'marks');
    const values = {
      lessonId: lesson.id,
      studentId: input.studentId,
      slot: m.slot,
      value: m.value,
      workTypeId: m.workTypeId,
      weight: workType.weight,
      comment: m.comment || null,
      retakenOn,
      at,
      by: actor.userId,
    };
    const id = db.run(insertMark, values).lastId;
    const mark = markOut({ ...values, id, comment: m.comment, version: 1 });
    ctx.audit({ entity: 'mark', entityId: id, before: null, after: mark });
    saved.push(mark);
  }
  let restored: Output<'journal.restoreCell'>['absence'] = null;
  if (input.absence) {
    const id = db.run(insertAbsence, {
      lessonId: lesson.id,
      studentId: input.studentId,
      code: input.absence,
      minutesLate: null,
      at,
      by: actor.userId,
    }).lastId;
    restored = {
      id,
      lessonId: lesson.id,
      studentId: input.studentId,
      code: input.absence,
      minutesLate: null,
      version: 1,
    };
    ctx.audit({ entity: 'absence', entityId: id, before: null, after: restored });
    noteAttendanceTaken(ctx, lesson.id);
  }
  if (saved.length > 0) settleOwed(ctx, lesson.id, input.studentId);
  if (saved.length > 0 || restored)
    cellChanged(
      ctx,
      lesson,
      input.studentId,
      ...(saved.length > 0 ? (['marks'] as const) : []),
      ...(restored ? (['attendance'] as const) : []),
    );
  return { marks: saved, absence: restored };
}
