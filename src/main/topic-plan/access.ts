import { ApiError } from '../../shared/api/errors';
import { SCHOOL_WIDE_READERS } from '../../shared/auth/roles';
import { type Database, prepared } from '../db/database';
import type { Actor } from '../router/context';
import type { ScopeCheck } from '../router/handler';
import { assertYearOpen } from '../school-year/school';

/**
 * Who may see and change a load's plan of topics (issue 9): readers as for the journal page (the
 * school-wide readers, the load's teacher, the class teacher of its class); writers: the load's
 * teacher and the deputy, who keeps every plan of the school. Nobody writes in an archived year.
 */

interface PlanOwners {
  teacherId: number;
  classTeacherId: number | null;
  yearId: number;
}

const owners = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .select([
      'l.teacher_id as teacherId',
      'c.class_teacher_id as classTeacherId',
      'l.academic_year_id as yearId',
    ])
    .where('l.id', '=', p.loadId),
);

export function canReadPlan(actor: Pick<Actor, 'roles' | 'userId'>, o: PlanOwners): boolean {
  if (actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r))) return true;
  return (
    actor.roles.includes('teacher') && (o.teacherId === actor.userId || o.classTeacherId === actor.userId)
  );
}

export function canWritePlan(actor: Pick<Actor, 'roles' | 'userId'>, o: PlanOwners): boolean {
  if (actor.roles.includes('deputy')) return true;
  return actor.roles.includes('teacher') && o.teacherId === actor.userId;
}

export function planOwners(db: Database, loadId: number): PlanOwners | undefined {
  return db.first(owners, { loadId });
}

function check(db: Database, actor: Actor, loadId: number, field: string, write: boolean): void {
  const o = planOwners(db, loadId);
  if (!o) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', field);
  if (!canReadPlan(actor, o)) throw new ApiError('FORBIDDEN', 'Нет доступа к планированию этого предмета');
  if (write && !canWritePlan(actor, o))
    throw new ApiError(
      'FORBIDDEN',
      'Планирование открыто только для просмотра: его ведёт учитель предмета или заместитель директора',
    );
  if (write) assertYearOpen(db, o.yearId);
}

/** Scope `topicPlan`: the input names a load; a write method needs the right to change its plan. */
export const checkTopicPlanScope: ScopeCheck = (db, actor, id, field, write) =>
  check(db, actor, id, field, write);

/** Scope `topicPlanEditor`: a read that only those who may change the plan make (the import's preview). */
export const checkTopicPlanEditorScope: ScopeCheck = (db, actor, id, field) =>
  check(db, actor, id, field, true);
