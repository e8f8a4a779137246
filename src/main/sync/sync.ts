import type { Output, ParsedInput } from '../../shared/api/contract';
import { parseTopic, type Topic, topic } from '../../shared/sync/topics';
import { studentIdsOf } from '../auth/family';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';

/**
 * What changed since the version a screen saw (data_change, written by the router with each
 * write). Open screens poll it (useLiveRefresh) and refetch only the queries that show a topic.
 */

/**
 * More rows than this since the caller's version: it is cheaper for the screen to refresh all it
 * shows than for us to read and send them (and it bounds the cost of one poll). Smaller than
 * CHANGES_KEPT, so the rows after any version we answer for have not been pruned (ids are contiguous).
 */
export const MAX_CHANGES_READ = 2000;

const newestChange = prepared()((db) =>
  db.selectFrom('data_change').select((eb) => eb.fn.max('id').as('id')),
);
const topicsAfter = prepared<{ since: number }>()((db, p) =>
  db.selectFrom('data_change').select('topic').distinct().where('id', '>', p.since),
);

const classesOfStudent = prepared<{ studentId: number }>()((db, p) =>
  db.selectFrom('class_enrollment').select('class_id as classId').where('student_id', '=', p.studentId),
);

export function changes(ctx: AuthedContext, input: ParsedInput<'sync.changes'>): Output<'sync.changes'> {
  const { db } = ctx;
  const version = db.first(newestChange)?.id ?? 0;
  const since = input.since;
  if (since === undefined) return { version, topics: null };
  if (since === version) return { version, topics: [] };
  // A version from the future: the file was replaced or restored since the screen looked.
  if (since > version || version - since > MAX_CHANGES_READ) return { version, topics: null };
  const topics = db.all(topicsAfter, { since }).map((r) => r.topic);
  return { version, topics: ctx.door === 'family' ? familyTopics(db, ctx, topics) : topics };
}

/**
 * A parent or student learns only about their own children (themselves): `student:<id>` of those
 * children, and a change to a class one of them is (or was) in as `student:<id>` of that child.
 * Nothing else — no other student's id, no page, no class id — reaches the family door.
 */
function familyTopics(db: Database, ctx: AuthedContext, topics: string[]): Topic[] {
  const own = studentIdsOf(ctx);
  const changed = new Set<number>();
  const students = new Set<number>();
  const classes = new Set<number>();
  for (const t of topics) {
    const parsed = parseTopic(t);
    if (parsed?.kind === 'student') students.add(parsed.id);
    else if (parsed?.kind === 'class') classes.add(parsed.id);
  }
  for (const id of own) {
    if (students.has(id)) changed.add(id);
    else if (
      classes.size > 0 &&
      db.all(classesOfStudent, { studentId: id }).some((c) => classes.has(c.classId))
    )
      changed.add(id);
  }
  return [...changed].map(topic.student);
}
