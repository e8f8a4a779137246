import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Schema } from '../db/schema';

/**
 * When a student is in a class: one rule, written once, for every feature that asks (the journal's
 * rows and cells, the diary, class lists, accounts). A student appears in a class's journal only on
 * the days they were enrolled in it (движение учащихся, 004 §4.2): from `enrolled_on`, their first
 * day in the class, to `left_on`, their LAST day in it (inclusive; NULL while they are still there).
 * A transfer closes the old enrollment on the day before the first day in the new class
 * (students/movement.ts), so on any day a student is in one class only. These are Kysely
 * expressions, so a query that asks keeps its single statement and its index; the renderer closes
 * the same days in the grid with `enrolledOn` of shared/students/enrollment.ts.
 */

/** How a query names class_enrollment: `e` when it joins other tables, the table's own name when alone. */
export type EnrollmentAlias = 'e' | 'class_enrollment';

type WithEnrollment<A extends EnrollmentAlias> = ExpressionBuilder<
  Schema & Record<A, Schema['class_enrollment']>,
  A
>;

/** A day: an ISO date (a prepared query's parameter included) or a date column, such as lesson.date. */
export type Day = string | Expression<string>;

const column = (alias: EnrollmentAlias, name: 'enrolled_on' | 'left_on') =>
  sql.ref<string | null>(`${alias}.${name}`);

/**
 * The enrollment had not ended before `day`: the student is in the class on that day, or enrolled
 * in it only later. What the pages that manage a class's people ask (its accounts, its groups,
 * whether a student is already on a list), so that a student arriving next week is counted too.
 */
export function notLeftBefore<A extends EnrollmentAlias>(
  eb: WithEnrollment<NoInfer<A>>,
  alias: A,
  day: Day,
): Expression<SqlBool> {
  const leftOn = column(alias, 'left_on');
  return eb.or([eb(leftOn, 'is', null), eb(leftOn, '>=', day)]);
}

/** The student is in the class on `day` (зачислен на дату): enrolled on or before it, not left before it. */
export function inClassOn<A extends EnrollmentAlias>(
  eb: WithEnrollment<NoInfer<A>>,
  alias: A,
  day: Day,
): Expression<SqlBool> {
  return eb.and([eb(column(alias, 'enrolled_on'), '<=', day), notLeftBefore(eb, alias, day)]);
}

/**
 * The student is in the class on at least one day of `from`..`to` (both included): the enrollment
 * overlaps the range. A journal page lists everybody who was in the class during its dates; the
 * diary finds the student's class of the week.
 */
export function inClassDuring<A extends EnrollmentAlias>(
  eb: WithEnrollment<NoInfer<A>>,
  alias: A,
  from: Day,
  to: Day,
): Expression<SqlBool> {
  return eb.and([eb(column(alias, 'enrolled_on'), '<=', to), notLeftBefore(eb, alias, from)]);
}
