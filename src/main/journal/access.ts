import { ApiError } from '../../shared/api/errors';
import { SCHOOL_WIDE_READERS } from '../../shared/auth/roles';
import { type Database, prepared } from '../db/database';
import type { Actor } from '../router/context';
import type { ScopeCheck } from '../router/handler';
import { assertYearOpen } from '../school-year/school';

/**
 * Who may see and change which data, decided from the database (DESIGN.md, "The people and what
 * they may do") for journal pages. The router runs these checks before the service; services filter their own
 * queries as well, so a mistake in one place does not leak data.
 */

interface LoadOwners {
  loadId: number;
  teacherId: number;
  classTeacherId: number | null;
  yearId: number;
}

const loadOwners = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .select([
      'l.id as loadId',
      'l.teacher_id as teacherId',
      'c.class_teacher_id as classTeacherId',
      'l.academic_year_id as yearId',
    ])
    .where('l.id', '=', p.loadId),
);

const lessonOwners = prepared<{ lessonId: number }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .select([
      'l.id as loadId',
      'l.teacher_id as teacherId',
      'c.class_teacher_id as classTeacherId',
      'l.academic_year_id as yearId',
      's.teacher_id as givenBy',
    ])
    .where('s.id', '=', p.lessonId),
);

export function canReadLoad(actor: Actor, owners: LoadOwners): boolean {
  if (actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r))) return true;
  if (!actor.roles.includes('teacher')) return false;
  // A class teacher sees every subject of the class, without the right to edit (001 §2.12).
  return owners.teacherId === actor.userId || owners.classTeacherId === actor.userId;
}

/**
 * A lesson given in a замена by this actor: they taught it (lesson.teacher_id) and the page is not
 * theirs. They read that page and write that lesson (checkLessonScope); the page marks it as theirs.
 */
export function gaveInSubstitution(
  actor: Pick<Actor, 'userId' | 'roles'>,
  lesson: { givenBy: number; loadTeacherId: number },
): boolean {
  return (
    actor.roles.includes('teacher') &&
    lesson.givenBy === actor.userId &&
    lesson.loadTeacherId !== actor.userId
  );
}

export function canWriteLoad(actor: Actor, owners: LoadOwners): boolean {
  return actor.roles.includes('teacher') && owners.teacherId === actor.userId;
}

const FORBIDDEN_PAGE = 'Нет доступа к этой странице журнала';
const READ_ONLY_PAGE =
  'Эта страница журнала открыта только для просмотра: отметки ставит учитель, который ведёт предмет';

function checkPage(
  db: Database,
  owners: LoadOwners | undefined,
  actor: Actor,
  field: string,
  notFound: string,
  write: boolean,
) {
  if (!owners) throw new ApiError('NOT_FOUND', notFound, field);
  if (!canReadLoad(actor, owners)) throw new ApiError('FORBIDDEN', FORBIDDEN_PAGE);
  if (write && !canWriteLoad(actor, owners)) throw new ApiError('FORBIDDEN', READ_ONLY_PAGE);
  // Every journal write names a page or a lesson, so this is the one place a past year refuses them.
  if (write) assertYearOpen(db, owners.yearId);
}

/** Scope `load`: the input names a journal page (teaching load). */
export const checkLoadScope: ScopeCheck = (db, actor, id, field, write) => {
  const owners = db.first(loadOwners, { loadId: id });
  // A teacher who gave a lesson of this page in a замена reads the page (to find that lesson and
  // write it: the lesson scope lets them write that one lesson only).
  if (owners && !write && !canReadLoad(actor, owners) && actor.roles.includes('teacher')) {
    if (db.first(substitutedOn, { loadId: id, userId: actor.userId })) return;
  }
  checkPage(db, owners, actor, field, 'Страница журнала не найдена', write);
};

const substitutedOn = prepared<{ loadId: number; userId: number }>()((db, p) =>
  db
    .selectFrom('lesson')
    .select('id')
    .where('load_id', '=', p.loadId)
    .where('teacher_id', '=', p.userId)
    .limit(1),
);

/**
 * Scope `lesson`: the input names a lesson; the rules are those of its page, and the teacher who
 * gave it in a замена (lesson.teacher_id, set by the deputy) reads and writes that one lesson too.
 */
export const checkLessonScope: ScopeCheck = (db, actor, id, field, write) => {
  const owners = db.first(lessonOwners, { lessonId: id });
  if (owners && gaveInSubstitution(actor, { givenBy: owners.givenBy, loadTeacherId: owners.teacherId })) {
    // The substitute's lesson is still a lesson of its year: a past year refuses it too.
    if (write) assertYearOpen(db, owners.yearId);
    return;
  }
  checkPage(db, owners, actor, field, 'Урок не найден', write);
};
