import type { ExpressionBuilder } from 'kysely';
import type { Schema } from '../db/schema';

type LessonScope = ExpressionBuilder<Schema & { s: Schema['lesson'] }, 's'>;

/**
 * The lesson `s` holds a mark or an absence of the student: what the journal shows on their row.
 * A student is not moved out of a class or a group (nor a transfer undone) while that would hide it.
 */
export const recordOf = (eb: LessonScope, studentId: number) =>
  eb.or([
    eb.exists(
      eb
        .selectFrom('mark as m')
        .select('m.id')
        .whereRef('m.lesson_id', '=', 's.id')
        .where('m.student_id', '=', studentId),
    ),
    eb.exists(
      eb
        .selectFrom('absence as a')
        .select('a.id')
        .whereRef('a.lesson_id', '=', 's.id')
        .where('a.student_id', '=', studentId),
    ),
  ]);
