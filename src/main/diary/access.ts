import { ApiError } from '../../shared/api/errors';
import { type Database, prepared } from '../db/database';
import type { Actor } from '../router/context';
import type { ScopeCheck } from '../router/handler';

const guardianOf = prepared<{ guardianId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('student_guardian')
    .select('student_id')
    .where('guardian_id', '=', p.guardianId)
    .where('student_id', '=', p.studentId),
);

/** A parent sees only their own children (000 §3.7); a student only themselves. */
export function canReadStudentDiary(db: Database, actor: Actor, studentId: number): boolean {
  if (actor.roles.includes('student') && actor.studentId === studentId) return true;
  if (actor.roles.includes('parent') && actor.guardianId !== null) {
    return db.first(guardianOf, { guardianId: actor.guardianId, studentId }) !== undefined;
  }
  return false;
}

/** Scope `student`: the same answer whether the student exists or not, so a parent learns nothing about others. */
export const checkStudentScope: ScopeCheck = (db, actor, id, field) => {
  if (!canReadStudentDiary(db, actor, id)) {
    throw new ApiError('FORBIDDEN', 'Нет доступа к дневнику этого ученика', field);
  }
};

const classTeacherOf = prepared<{ classId: number }>()((db, p) =>
  db.selectFrom('class').select(['id', 'class_teacher_id as classTeacherId']).where('id', '=', p.classId),
);

/**
 * Scope `paperClass`: a class's paper diaries and report cards are printed by its class teacher
 * (классный руководитель, 003 §2.7), or by the deputy and the director for any class.
 */
export const checkPaperClassScope: ScopeCheck = (db, actor, id, field) => {
  const cls = db.first(classTeacherOf, { classId: id });
  if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден', field);
  if (actor.roles.includes('deputy') || actor.roles.includes('director')) return;
  if (actor.roles.includes('teacher') && cls.classTeacherId === actor.userId) return;
  throw new ApiError('FORBIDDEN', 'Печатать дневники и табели класса может его классный руководитель');
};
