import type { LateKind } from '../../shared/timeliness/contract';
import { isLate } from '../../shared/timeliness/rules';
import { prepared } from '../db/database';
import type { CallContext } from '../router/context';
import { deadlineRule } from '../school-year/deadline';

const lessonDate = prepared<{ lessonId: number }>()((db, p) =>
  db.selectFrom('lesson').select('date').where('id', '=', p.lessonId),
);

const flag = prepared<{ lessonId: number; kind: LateKind; at: string; by: number }>()((db, p) =>
  db
    .insertInto('late_entry')
    .values({ lesson_id: p.lessonId, kind: p.kind, entered_at: p.at, entered_by: p.by })
    .onConflict((oc) => oc.doNothing()),
);

/**
 * Called by every write of a lesson's page (topic, homework, attendance, marks), in its transaction:
 * an entry after the lesson's deadline (school-year/deadline.ts) flags the lesson once for that kind
 * (late_entry). The flag stays when the entry is corrected or removed later: the deputy's report of
 * timeliness (004 §4.5, 000 §4.3) reads it.
 */
export function noteEntry(ctx: CallContext, lessonId: number, kind: LateKind): void {
  if (!ctx.actor) return;
  const lesson = ctx.db.first(lessonDate, { lessonId });
  if (!lesson || !isLate(lesson.date, ctx.now, deadlineRule(ctx.db))) return;
  ctx.db.run(flag, { lessonId, kind, at: ctx.now.toISOString(), by: ctx.actor.userId });
}
