import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { Role } from '../../shared/auth/roles';
import { addDays, formatDate } from '../../shared/i18n/dates';
import { initials } from '../../shared/i18n/names';
import { inSentence } from '../../shared/i18n/sentence';
import { ABSENCE_LABELS, ABSENCE_TITLES, type AbsenceCode } from '../../shared/journal/attendance';
import type { HistoryEntry } from '../../shared/journal/history';
import { MARK_LABELS, type MarkValue } from '../../shared/journal/marks';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { checkLessonScope } from './access';
import { type LessonContext, lessonFor } from './lesson';

/**
 * journal.cellHistory: a cell's marks and absence as they changed, from the audit log (issue 9).
 *
 * The router audits a mark as entity 'mark' with the mark's id and an absence as 'absence', the cell
 * named only inside the JSON (before/after: lessonId, studentId). A deleted mark's id is nowhere but
 * in the log, so the cell's rows cannot be found by (entity, entity_id). They are found instead by
 * who may have written them — the page's teachers past and present and the lesson's substitute
 * (only they can write a cell: roles ['teacher'], scope 'lesson') — through the index
 * audit_log_user (user_id, at), from the day before the lesson on: one writer's changes since that
 * day, narrowed by a LIKE on the lesson's id and checked exactly after parsing. A cell-keyed index
 * would make it a point lookup (see docs/architecture.md).
 */

interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  action: string;
  entity: string;
  before: string | null;
  after: string | null;
}

const auditColumns = ['id', 'at', 'user_id as userId', 'action', 'entity', 'before', 'after'] as const;

/** The rows of one entity (a lesson, a teaching load): few, by the index audit_log_entity. */
const auditOfEntity = prepared<{ entity: string; entityId: number }>()((db, p) =>
  db
    .selectFrom('audit_log')
    .select(auditColumns)
    .where('entity', '=', p.entity)
    .where('entity_id', '=', p.entityId)
    .orderBy('id'),
);

/** One writer's mark and absence changes since a day that mention the lesson's id (audit_log_user). */
const cellRowsBy = prepared<{ userId: number; since: string; pattern: string }>()((db, p) =>
  db
    .selectFrom('audit_log')
    .select(auditColumns)
    .where('user_id', '=', p.userId)
    .where('at', '>=', p.since)
    .where('entity', 'in', ['mark', 'absence'])
    .where((eb) => eb.or([eb('after', 'like', p.pattern), eb('before', 'like', p.pattern)])),
);

const cellMarks = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('mark')
    .select([
      'id',
      'value',
      'work_type_id as workTypeId',
      'comment',
      'created_at as createdAt',
      'created_by as createdBy',
      'updated_by as updatedBy',
    ])
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId)
    .orderBy('slot'),
);

const cellAbsence = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('absence')
    .select(['id', 'code', 'created_at as createdAt', 'created_by as createdBy', 'updated_by as updatedBy'])
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId),
);

const loadTeacher = prepared<{ loadId: number }>()((db, p) =>
  db.selectFrom('teaching_load').select('teacher_id as teacherId').where('id', '=', p.loadId),
);

const person = prepared<{ id: number }>()((db, p) =>
  db
    .selectFrom('user_account')
    .select(['last_name as lastName', 'first_name as firstName', 'middle_name as middleName'])
    .where('id', '=', p.id),
);

const rolesOf = prepared<{ id: number }>()((db, p) =>
  db.selectFrom('user_role').select('role').where('user_id', '=', p.id),
);

const workTypeNames = prepared()((db) => db.selectFrom('work_type').select(['id', 'name']));

/** For the query-plan test. */
export const historyQueries = { cellRowsBy, auditOfEntity };

type Json = Record<string, unknown>;
const parse = (text: string | null): Json | null => (text === null ? null : (JSON.parse(text) as Json));

export function cellHistory(
  ctx: AuthedContext,
  input: ParsedInput<'journal.cellHistory'>,
): Output<'journal.cellHistory'> {
  const { db, actor } = ctx;
  // The router checked the scope; checked again here so that no caller of this function reads a
  // page it may not (a parent never: not a journal reader; a teacher only their pages and замены).
  checkLessonScope(db, actor, input.lessonId, 'lessonId', false);
  const lesson = lessonFor(db, input.lessonId);
  if (!lesson) throw new ApiError('NOT_FOUND', 'Урок не найден', 'lessonId');
  const names = nameBook(db, lesson);
  const workTypes = new Map(db.all(workTypeNames, {}).map((w) => [w.id, w.name]));

  const lessonRows = db.all(auditOfEntity, { entity: 'lesson', entityId: lesson.id });
  const loadRows = db.all(auditOfEntity, { entity: 'teaching_load', entityId: lesson.loadId });
  const marks = db.all(cellMarks, { lessonId: lesson.id, studentId: input.studentId });
  const absence = db.first(cellAbsence, { lessonId: lesson.id, studentId: input.studentId });

  // Who may have written the cell (the page's teachers past and present, a substitute), and since
  // when (the lesson's earliest day: a lesson moves only while it holds nothing, so this is cautious).
  const writers = new Set<number>([lesson.givenBy, lesson.loadTeacherId]);
  const current = db.first(loadTeacher, { loadId: lesson.loadId });
  if (current) writers.add(current.teacherId);
  let since = lesson.date;
  for (const row of [...lessonRows, ...loadRows]) {
    for (const side of [parse(row.before), parse(row.after)]) {
      for (const key of ['teacher_id', 'teacherId', 'regularTeacherId'])
        if (typeof side?.[key] === 'number') writers.add(side[key] as number);
      for (const date of [side?.date, (side?.movedFrom as Json | null | undefined)?.date])
        if (typeof date === 'string' && date < since) since = date;
    }
  }
  for (const m of [...marks, ...(absence ? [absence] : [])]) writers.add(m.createdBy).add(m.updatedBy);

  const found = new Map<number, AuditRow>();
  for (const userId of writers) {
    const rows = db.all(cellRowsBy, {
      userId,
      // A day early: the log keeps moments in UTC, the lesson's day is local.
      since: addDays(since, -1),
      pattern: `%"lessonId":${lesson.id}%`,
    });
    for (const row of rows) found.set(row.id, row);
  }
  const cellRows = [...found.values()]
    .map((row) => ({ row, before: parse(row.before), after: parse(row.after) }))
    .filter(({ before, after }) => {
      const side = after ?? before;
      return side?.lessonId === lesson.id && side?.studentId === input.studentId;
    })
    .sort((a, b) => a.row.id - b.row.id);

  const entries: HistoryEntry[] = [];
  // What the cell holds with no record of its entry (the demo, an import): from the row itself.
  const unrecorded = (kind: 'mark' | 'absence', id: number) => {
    const own = cellRows.filter((r) => r.row.entity === kind && ((r.after ?? r.before)?.id as number) === id);
    const lastDeletion = own.findLastIndex((r) => r.after === null);
    const alive = own.slice(lastDeletion + 1);
    return alive.some((r) => r.before === null) ? null : (alive[0]?.before ?? undefined);
  };
  for (const m of marks) {
    const first = unrecorded('mark', m.id);
    if (first === null) continue;
    const was = first ?? { value: m.value, workTypeId: m.workTypeId, comment: m.comment ?? '' };
    entries.push({
      at: m.createdAt,
      ...names.writer(m.createdBy, 'journal.setMark'),
      text: `поставлена ${markText(was, workTypes)}`,
      kind: 'mark',
      recorded: false,
    });
  }
  if (absence) {
    const first = unrecorded('absence', absence.id);
    if (first !== null) {
      const code = (first?.code ?? absence.code) as AbsenceCode;
      entries.push({
        at: absence.createdAt,
        ...names.writer(absence.createdBy, 'journal.setAbsence'),
        text: absenceSet(code),
        kind: 'absence',
        recorded: false,
      });
    }
  }
  entries.sort((a, b) => a.at.localeCompare(b.at));
  for (const { row, before, after } of cellRows) {
    const text =
      row.entity === 'mark'
        ? markChange(row.action, before, after, workTypes)
        : absenceChange(row.action, before, after);
    if (text)
      entries.push({
        at: row.at,
        ...names.writer(row.userId, row.action),
        text,
        kind: row.entity === 'mark' ? 'mark' : 'absence',
        recorded: true,
      });
  }

  const lessonEntries: HistoryEntry[] = [];
  for (const row of lessonRows) {
    const text = lessonChange(row.action, parse(row.before), parse(row.after), workTypes);
    if (text)
      lessonEntries.push({
        at: row.at,
        ...names.writer(row.userId, row.action),
        text,
        kind: 'lesson',
        recorded: true,
      });
  }
  return { cell: entries, lesson: lessonEntries };
}

/** Authors' short names and the role they wrote in, each person read once. */
function nameBook(db: Database, lesson: LessonContext) {
  const cache = new Map<number, { name: string; roles: Role[] }>();
  const read = (id: number) => {
    let found = cache.get(id);
    if (!found) {
      const p = db.first(person, { id });
      found = {
        name: p ? initials(p) : 'неизвестный пользователь',
        roles: db.all(rolesOf, { id }).map((r) => r.role),
      };
      cache.set(id, found);
    }
    return found;
  };
  return {
    writer(id: number | null, action: string): { who: string; role: string } {
      if (id === null) return { who: 'система', role: '' };
      const { name, roles } = read(id);
      return { who: name, role: roleText(id, roles, action, lesson) };
    },
  };
}

const ROLE_TEXT: Record<Role, string> = {
  deputy: 'заместитель директора по УВР',
  director: 'директор',
  admin: 'администратор',
  inspector: 'проверяющий',
  teacher: 'учитель',
  parent: 'родитель',
  student: 'ученик',
};

/** The role a change was made in: cells and topics are the teacher's, the day's changes the deputy's. */
function roleText(id: number, roles: Role[], action: string, lesson: LessonContext): string {
  if (roles.includes('teacher') && action.startsWith('journal.'))
    return id === lesson.givenBy && id !== lesson.loadTeacherId ? 'учитель на замене' : 'учитель';
  const order: Role[] = ['deputy', 'director', 'admin', 'teacher', 'inspector'];
  const role = order.find((r) => roles.includes(r)) ?? roles[0];
  return role ? ROLE_TEXT[role] : '';
}

type MarkSide = { value?: unknown; workTypeId?: unknown; comment?: unknown };

const workTypeOf = (m: MarkSide, workTypes: Map<number, string>) => {
  const name = workTypes.get(m.workTypeId as number);
  return name ? inSentence(name) : 'вид работы удалён';
};
const labelOf = (m: MarkSide) => MARK_LABELS[m.value as MarkValue] ?? String(m.value);

/** «4 (ответ на уроке, «у доски»)» */
function markText(m: MarkSide, workTypes: Map<number, string>): string {
  const comment = typeof m.comment === 'string' && m.comment !== '' ? `, «${m.comment}»` : '';
  return `${labelOf(m)} (${workTypeOf(m, workTypes)}${comment})`;
}

function markChange(action: string, before: Json | null, after: Json | null, workTypes: Map<number, string>) {
  if (!before && after)
    return action === 'journal.restoreCell'
      ? `восстановлена ${markText(after, workTypes)} — отмена удаления`
      : `поставлена ${markText(after, workTypes)}`;
  if (before && !after) return `удалена ${markText(before, workTypes)}`;
  if (!before || !after) return null;
  const parts: string[] = [];
  const typeChanged = before.workTypeId !== after.workTypeId;
  if (before.value !== after.value)
    parts.push(
      `${labelOf(before)} заменена на ${labelOf(after)}${typeChanged ? ` (${workTypeOf(after, workTypes)})` : ''}`,
    );
  else if (typeChanged)
    parts.push(
      `${labelOf(after)}: вид работы «${workTypeOf(before, workTypes)}» заменён на «${workTypeOf(after, workTypes)}»`,
    );
  if ((before.comment ?? '') !== (after.comment ?? '')) {
    const prefix = parts.length > 0 ? '' : `${labelOf(after)}: `;
    parts.push(after.comment ? `${prefix}комментарий «${after.comment}»` : `${prefix}комментарий удалён`);
  }
  return parts.length > 0 ? parts.join(', ') : null;
}

const absenceSet = (code: AbsenceCode) => `${ABSENCE_LABELS[code]} — ${ABSENCE_TITLES[code]}`;

function absenceChange(action: string, before: Json | null, after: Json | null) {
  const code = (side: Json) => side.code as AbsenceCode;
  if (!before && after)
    return action === 'journal.restoreCell'
      ? `${absenceSet(code(after))} — отмена удаления`
      : absenceSet(code(after));
  if (before && !after) return `снят пропуск ${ABSENCE_LABELS[code(before)]}`;
  if (!before || !after || before.code === after.code) return null;
  return `${ABSENCE_LABELS[code(before)]} заменено на ${absenceSet(code(after))}`;
}

/** Long topics and homework are shortened: the panel shows what changed, the lesson dialog the whole. */
const quote = (text: string) => `«${text.length > 120 ? `${text.slice(0, 119)}…` : text}»`;

function lessonChange(
  action: string,
  before: Json | null,
  after: Json | null,
  workTypes: Map<number, string>,
) {
  if (!after) return before ? 'урок удалён' : null;
  if (!before) return 'урок добавлен';
  const parts: string[] = [];
  const changed = (key: string) => key in before && key in after && before[key] !== after[key];
  if (changed('topic'))
    parts.push(
      after.topic
        ? `${action.startsWith('topicPlan.') ? 'тема из КТП' : 'тема'} ${quote(after.topic as string)}`
        : 'тема удалена',
    );
  if (changed('homework'))
    parts.push(
      after.homework ? `домашнее задание ${quote(after.homework as string)}` : 'домашнее задание удалено',
    );
  if (changed('workTypeId'))
    parts.push(
      `вид работы урока: ${after.workTypeId === null ? 'по умолчанию' : workTypeOf(after, workTypes)}`,
    );
  if (changed('cancelled'))
    parts.push(
      after.cancelled
        ? `урок отменён${after.cancelReason ? `: ${after.cancelReason}` : ''}`
        : 'отмена урока снята',
    );
  if (changed('teacherId'))
    parts.push(
      after.teacherId === after.regularTeacherId
        ? 'замена снята'
        : `замена: урок ведёт ${after.teacherName as string}`,
    );
  const moved = after.movedFrom as Json | null | undefined;
  if (moved && JSON.stringify(moved) !== JSON.stringify(before.movedFrom) && typeof after.date === 'string')
    parts.push(`урок перенесён с ${formatDate(moved.date as string)} на ${formatDate(after.date)}`);
  return parts.length > 0 ? parts.join('; ') : null;
}
