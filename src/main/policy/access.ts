import type { Scope } from '../../shared/api/define';
import { ApiError } from '../../shared/api/errors';
import { SCHOOL_WIDE_READERS } from '../../shared/domain/roles';
import type { Actor } from '../context';
import { type Database, prepared } from '../db/database';

/**
 * Who may see and change which data, decided from the database (DESIGN.md, "The people and what
 * they may do"). The router calls `checkScope` before every service; services filter their own
 * queries as well, so a mistake in one place does not leak data.
 */

interface LoadOwners {
  loadId: number;
  teacherId: number;
  classTeacherId: number | null;
}

const loadOwners = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .select(['l.id as loadId', 'l.teacher_id as teacherId', 'c.class_teacher_id as classTeacherId'])
    .where('l.id', '=', p.loadId),
);

const lessonOwners = prepared<{ lessonId: number }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .select(['l.id as loadId', 'l.teacher_id as teacherId', 'c.class_teacher_id as classTeacherId'])
    .where('s.id', '=', p.lessonId),
);

const guardianOf = prepared<{ guardianId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('student_guardian')
    .select('student_id')
    .where('guardian_id', '=', p.guardianId)
    .where('student_id', '=', p.studentId),
);

export function canReadLoad(actor: Actor, owners: LoadOwners): boolean {
  if (actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r))) return true;
  if (!actor.roles.includes('teacher')) return false;
  // A class teacher sees every subject of the class, without the right to edit (001 §2.12).
  return owners.teacherId === actor.userId || owners.classTeacherId === actor.userId;
}

export function canWriteLoad(actor: Actor, owners: LoadOwners): boolean {
  return actor.roles.includes('teacher') && owners.teacherId === actor.userId;
}

/** A parent sees only their own children (000 §3.7); a student only themselves. */
export function canReadStudentDiary(db: Database, actor: Actor, studentId: number): boolean {
  if (actor.roles.includes('student') && actor.studentId === studentId) return true;
  if (actor.roles.includes('parent') && actor.guardianId !== null) {
    return db.first(guardianOf, { guardianId: actor.guardianId, studentId }) !== undefined;
  }
  return false;
}

const FORBIDDEN_PAGE = 'Нет доступа к этой странице журнала';
const READ_ONLY_PAGE =
  'Эта страница журнала открыта только для просмотра: отметки ставит учитель, который ведёт предмет';

export function checkScope(
  db: Database,
  actor: Actor,
  scope: Scope,
  input: Record<string, unknown>,
  write: boolean,
): void {
  if (scope.kind === 'none') return;
  const id = input[scope.field] as number;
  switch (scope.kind) {
    case 'load':
    case 'lesson': {
      const owners =
        scope.kind === 'load'
          ? db.first(loadOwners, { loadId: id })
          : db.first(lessonOwners, { lessonId: id });
      if (!owners) {
        const what = scope.kind === 'load' ? 'Страница журнала не найдена' : 'Урок не найден';
        throw new ApiError('NOT_FOUND', what, scope.field);
      }
      if (!canReadLoad(actor, owners)) throw new ApiError('FORBIDDEN', FORBIDDEN_PAGE);
      if (write && !canWriteLoad(actor, owners)) throw new ApiError('FORBIDDEN', READ_ONLY_PAGE);
      return;
    }
    case 'student': {
      // The same answer whether the student exists or not: a parent learns nothing about others.
      if (!canReadStudentDiary(db, actor, id)) {
        throw new ApiError('FORBIDDEN', 'Нет доступа к дневнику этого ученика', scope.field);
      }
      return;
    }
  }
}
