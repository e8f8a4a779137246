import { ApiError } from '../../shared/api/errors';
import { SCHOOL_WIDE_READERS } from '../../shared/auth/roles';
import type { ClassAccess } from '../../shared/students/schemas';
import { type Database, prepared } from '../db/database';
import type { Actor } from '../router/context';
import type { ScopeCheck } from '../router/handler';

/**
 * Who may see and keep a class's list and its students' cards (DESIGN.md, "The people and what they
 * may do"; 003 §2.1, 002 §5.3): the class teacher of the class (class.class_teacher_id) and the
 * administrator keep them; the deputy, the director and the inspector read them (004 §4.1–4.2: view
 * without the right to edit); a subject teacher of the class sees the list — the names, movement and
 * groups their journal page shows anyway — but not the card's personal data (004 §3.6, 152-ФЗ).
 */

const classOwners = prepared<{ classId: number; userId: number }>()((db, p) =>
  db
    .selectFrom('class as c')
    .select((eb) => [
      'c.id',
      'c.class_teacher_id as classTeacherId',
      eb
        .exists(
          eb
            .selectFrom('teaching_load as l')
            .select('l.id')
            .whereRef('l.class_id', '=', 'c.id')
            .where('l.teacher_id', '=', p.userId),
        )
        .as('teaches'),
    ])
    .where('c.id', '=', p.classId),
);

const isAdmin = (actor: Actor) => actor.roles.includes('admin');
const isReader = (actor: Actor) => actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r));

/** What the actor may do with a class, or null when they may not see it at all. */
export function classAccess(db: Database, actor: Actor, classId: number): ClassAccess | null | undefined {
  const row = db.first(classOwners, { classId, userId: actor.userId });
  if (!row) return undefined;
  const leads = actor.roles.includes('teacher') && row.classTeacherId === actor.userId;
  if (isAdmin(actor) || leads) return 'edit';
  if (isReader(actor)) return 'read';
  if (actor.roles.includes('teacher') && row.teaches) return 'list';
  return null;
}

/** Scope `rosterClass`: the input names a class; writing (movement, groups) is for 'edit' only. */
export const checkRosterClassScope: ScopeCheck = (db, actor, id, field, write) => {
  const access = classAccess(db, actor, id);
  if (access === undefined) throw new ApiError('NOT_FOUND', 'Класс не найден', field);
  if (access === null) throw new ApiError('FORBIDDEN', 'Нет доступа к списку этого класса');
  if (write && access !== 'edit')
    throw new ApiError(
      'FORBIDDEN',
      'Список класса открыт только для просмотра: его ведут классный руководитель и администратор',
    );
};

/** The classes a student has been in, newest last, with their class teachers. */
const studentClasses = prepared<{ studentId: number }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('class as c', 'c.id', 'e.class_id')
    .select(['c.id as classId', 'c.class_teacher_id as classTeacherId'])
    .where('e.student_id', '=', p.studentId)
    .orderBy('e.enrolled_on')
    .orderBy('e.id'),
);

const studentExists = prepared<{ studentId: number }>()((db, p) =>
  db.selectFrom('student').select('id').where('id', '=', p.studentId),
);

/**
 * What the actor may do with a student's card: 'edit' for the administrator and the class teacher of
 * the student's latest class (after a transfer the card moves to the new class teacher), 'read' for
 * the administration, the inspector and the class teacher of a class the student was in before;
 * null for everybody else, subject teachers included.
 */
export function cardAccess(
  db: Database,
  actor: Actor,
  studentId: number,
): 'edit' | 'read' | null | undefined {
  if (!db.first(studentExists, { studentId })) return undefined;
  if (isAdmin(actor)) return 'edit';
  const classes = db.all(studentClasses, { studentId });
  const teacher = actor.roles.includes('teacher');
  if (teacher && classes.at(-1)?.classTeacherId === actor.userId) return 'edit';
  if (isReader(actor)) return 'read';
  if (teacher && classes.some((c) => c.classTeacherId === actor.userId)) return 'read';
  return null;
}

/** Scope `studentCard`: the input names a student whose card is read or saved. */
export const checkStudentCardScope: ScopeCheck = (db, actor, id, field, write) => {
  const access = cardAccess(db, actor, id);
  if (access === undefined) throw new ApiError('NOT_FOUND', 'Ученик не найден', field);
  if (access === null) throw new ApiError('FORBIDDEN', 'Нет доступа к карточке этого ученика');
  if (write && access !== 'edit')
    throw new ApiError(
      'FORBIDDEN',
      'Карточка открыта только для просмотра: её ведут классный руководитель ученика и администратор',
    );
};
