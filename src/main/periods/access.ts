import { ApiError } from '../../shared/api/errors';
import { prepared } from '../db/database';
import type { Actor } from '../router/context';
import type { ScopeCheck } from '../router/handler';
import { assertYearOpen } from '../school-year/school';

/**
 * Who sets a load's period, year, exam and final marks: the load's own teacher (not a substitute,
 * not the class teacher) and the deputy (000 §3.6, 002 §5.2); everybody who reads the page reads them.
 */

const loadTeacher = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load')
    .select(['teacher_id as teacherId', 'academic_year_id as yearId'])
    .where('id', '=', p.loadId),
);

export function canSetFinalMarks(actor: Actor, load: { teacherId: number }): boolean {
  return (
    actor.roles.includes('deputy') || (actor.roles.includes('teacher') && load.teacherId === actor.userId)
  );
}

/**
 * Scope `finalMarks` (writes; reading them is the page's own scope `load`): the input names a load,
 * and the caller is its teacher or the deputy, in a year not archived.
 */
export const checkFinalMarksScope: ScopeCheck = (db, actor, id, field) => {
  const load = db.first(loadTeacher, { loadId: id });
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', field);
  if (!canSetFinalMarks(actor, load)) {
    throw new ApiError(
      'FORBIDDEN',
      'Итоговые отметки ставит учитель, который ведёт предмет, или заместитель директора',
    );
  }
  assertYearOpen(db, load.yearId);
};
