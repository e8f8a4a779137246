import type { ParsedInput } from '../../shared/api/contract';
import { addDays, type IsoDate, localIsoDate } from '../../shared/i18n/dates';
import { initials } from '../../shared/i18n/names';
import type { LateKind, TimelinessReport } from '../../shared/timeliness/contract';
import { type DeadlineRule, deadlineText, isLate } from '../../shared/timeliness/rules';
import type { AuthedContext } from '../router/context';
import { DEADLINE_KEY, deadlineRule } from '../school-year/deadline';

/**
 * Timeliness (своевременность заполнения журнала): the school's deadline rule (the deputy sets it)
 * and the report of lessons filled late (late_entry, flagged by the journal's writes:
 * journal/late-entries.ts) or still without a topic after their deadline.
 */
const MAX_LESSONS = 500;

export function rule(ctx: AuthedContext): DeadlineRule {
  return deadlineRule(ctx.db);
}

export function saveRule(ctx: AuthedContext, input: ParsedInput<'timeliness.saveRule'>): DeadlineRule {
  const before = deadlineRule(ctx.db);
  const value = JSON.stringify(input);
  ctx.db.run(
    ctx.db.builder
      .insertInto('setting')
      .values({ key: DEADLINE_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
  ctx.audit({
    entity: 'setting',
    entityId: null,
    before: { [DEADLINE_KEY]: before },
    after: { [DEADLINE_KEY]: input },
  });
  return input;
}

/**
 * The last lesson date whose deadline is over by `now` (today's own lessons only after today's
 * hour): later lessons are not omissions yet. The fill report (reports/fill.ts) counts up to it too.
 */
export function lastDueDate(r: DeadlineRule, now: Date): IsoDate {
  const today = localIsoDate(now);
  const lastDue = isLate(today, now, r) ? today : addDays(today, -1);
  return r.kind === 'days' ? addDays(lastDue, -r.days) : lastDue;
}

/**
 * The lessons between `from` and `to` whose deadline has passed by now (later ones are not
 * omissions yet), not cancelled: per teacher who gave them, how many, how many filled late, how many
 * still without a topic; and the lessons themselves with what was late.
 */
export function report(ctx: AuthedContext, input: ParsedInput<'timeliness.report'>): TimelinessReport {
  const { db } = ctx;
  const r = deadlineRule(db);
  const dueUntil = lastDueDate(r, ctx.now);
  const to: IsoDate = input.to < dueUntil ? input.to : dueUntil;
  let query = db.builder
    .selectFrom('lesson as l')
    .innerJoin('teaching_load as t', 't.id', 'l.load_id')
    .innerJoin('class as c', 'c.id', 't.class_id')
    .innerJoin('subject as s', 's.id', 't.subject_id')
    .innerJoin('user_account as u', 'u.id', 'l.teacher_id')
    .select([
      'l.id',
      'l.date',
      'l.number',
      'l.topic',
      'l.teacher_id as teacherId',
      'c.name as className',
      's.name as subjectName',
      'u.last_name as lastName',
      'u.first_name as firstName',
      'u.middle_name as middleName',
    ])
    .where('l.date', '>=', input.from)
    .where('l.date', '<=', to)
    .where('l.cancelled_at', 'is', null)
    .orderBy('l.date')
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('l.number');
  if (input.teacherId !== null) query = query.where('l.teacher_id', '=', input.teacherId);
  const lessons = db.all(query);
  const flags = new Map<number, { kind: LateKind; enteredAt: string }[]>();
  if (lessons.length > 0) {
    let flagQuery = db.builder
      .selectFrom('late_entry as f')
      .innerJoin('lesson as l', 'l.id', 'f.lesson_id')
      .select(['f.lesson_id as lessonId', 'f.kind', 'f.entered_at as enteredAt'])
      .where('l.date', '>=', input.from)
      .where('l.date', '<=', to);
    if (input.teacherId !== null) flagQuery = flagQuery.where('l.teacher_id', '=', input.teacherId);
    for (const f of db.all(flagQuery)) {
      const list = flags.get(f.lessonId) ?? [];
      list.push({ kind: f.kind, enteredAt: f.enteredAt });
      flags.set(f.lessonId, list);
    }
  }
  const teachers = new Map<number, TimelinessReport['teachers'][number]>();
  const rows: TimelinessReport['lessons'] = [];
  for (const l of lessons) {
    const name = initials({ lastName: l.lastName, firstName: l.firstName, middleName: l.middleName });
    const t = teachers.get(l.teacherId) ?? { teacherId: l.teacherId, name, lessons: 0, late: 0, missing: 0 };
    teachers.set(l.teacherId, t);
    t.lessons++;
    const late = flags.get(l.id) ?? [];
    const missingTopic = l.topic.trim() === '';
    if (late.length > 0) t.late++;
    if (missingTopic) t.missing++;
    if (late.length === 0 && !missingTopic) continue;
    rows.push({
      lessonId: l.id,
      date: l.date,
      number: l.number,
      className: l.className,
      subjectName: l.subjectName,
      teacherName: name,
      late,
      missingTopic,
    });
  }
  return {
    rule: deadlineText(r),
    from: input.from,
    to,
    teachers: [...teachers.values()].sort(
      (a, b) => b.late + b.missing - (a.late + a.missing) || a.name.localeCompare(b.name, 'ru'),
    ),
    lessons: rows.slice(0, MAX_LESSONS),
    more: Math.max(0, rows.length - MAX_LESSONS),
  };
}

export const handlers = {
  'timeliness.rule': rule,
  'timeliness.saveRule': saveRule,
  'timeliness.report': report,
};
