import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';

/**
 * Whose diary a family account reads: part of who the caller is, so the diary and sync both ask here
 * rather than one feature reaching into the other.
 */

const childrenOfGuardian = prepared<{ guardianId: number }>()((db, p) =>
  db
    .selectFrom('student_guardian as sg')
    .innerJoin('student as s', 's.id', 'sg.student_id')
    .select('s.id')
    .where('sg.guardian_id', '=', p.guardianId)
    .orderBy('s.birth_date'),
);

/** The students whose diary the caller reads: themselves (a student), their children (a parent). */
export function studentIdsOf(ctx: AuthedContext): number[] {
  const { actor, db } = ctx;
  const ids = new Set<number>();
  if (actor.roles.includes('student') && actor.studentId !== null) ids.add(actor.studentId);
  if (actor.roles.includes('parent') && actor.guardianId !== null) {
    for (const c of db.all(childrenOfGuardian, { guardianId: actor.guardianId })) ids.add(c.id);
  }
  return [...ids];
}
