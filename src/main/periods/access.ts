import { ApiError } from '../../shared/api/errors';
import { prepared } from '../db/database';
import { checkLoadScope } from '../journal/access';
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

/** Scope `finalMarks`: the input names a load; reading is the page's rule, writing the rule above. */
export const checkFinalMarksScope: ScopeCheck = (db, actor, id, field, write) => {
  if (!write) return checkLoadScope(db, actor, id, field, false);
  const load = db.first(loadTeacher, { loadId: id });
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', field);
  if (!canSetFinalMarks(actor, load)) {
    // The same answer as the page's for those who may read it, so nobody learns more than the page shows.
    checkLoadScope(db, actor, id, field, false);
    throw new ApiError(
      'FORBIDDEN',
      'Итоговые отметки ставит учитель, который ведёт предмет, или заместитель директора',
    );
  }
  assertYearOpen(db, load.yearId);
};
