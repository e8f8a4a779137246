import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import { plural } from '../../shared/i18n/plural';
import { topic } from '../../shared/sync/topics';
import { hoursWarning, type PlanItem, type TopicPlan } from '../../shared/topic-plan/contract';
import { type Database, prepared } from '../db/database';
import type { Actor, AuthedContext } from '../router/context';
import { closedPeriodsOf } from '../school-year/school';
import { canWritePlan, planOwners } from './access';

/**
 * A load's plan of topics and how it lies over the year's lessons (shared/topic-plan/contract.ts
 * says the rules). The year's lessons are the load's lessons that are not cancelled, in date and
 * lesson-number order; the plan's k-th hour belongs to the k-th of them. The fill writes a topic on a
 * lesson only where the plan owns it (empty, or what the fill wrote last); a hand-written topic is
 * left and still counts as its hour; a lesson in a closed period is left too.
 */

export interface ItemRow {
  position: number;
  title: string;
  hours: number;
}

/** Study weeks of a year when the timetable has made no lessons yet (federal calendar: 33 in grade 1). */
const studyWeeks = (grade: number) => (grade === 1 ? 33 : 34);

const loadInfo = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('subject as s', 's.id', 'l.subject_id')
    .innerJoin('user_account as u', 'u.id', 'l.teacher_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .select([
      'l.id as loadId',
      'l.class_id as classId',
      'l.academic_year_id as yearId',
      'l.hours_per_week as hoursPerWeek',
      'c.name as className',
      'c.grade as grade',
      's.name as subjectName',
      'g.name as groupName',
      'u.last_name as lastName',
      'u.first_name as firstName',
      'u.middle_name as middleName',
    ])
    .where('l.id', '=', p.loadId),
);

const planRow = prepared<{ loadId: number }>()((db, p) =>
  db.selectFrom('topic_plan').select(['version']).where('load_id', '=', p.loadId),
);

const itemsOf = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('topic_plan_item')
    .select(['position', 'title', 'hours'])
    .where('load_id', '=', p.loadId)
    .orderBy('position'),
);

const lessonsOf = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('lesson')
    .select([
      'id',
      'date',
      'number',
      'topic',
      'plan_topic as planTopic',
      'version',
      'cancelled_at as cancelledAt',
    ])
    .where('load_id', '=', p.loadId)
    .orderBy('date')
    .orderBy('number'),
);

const insertPlan = prepared<{ loadId: number; at: string; by: number }>()((db, p) =>
  db.insertInto('topic_plan').values({ load_id: p.loadId, version: 1, updated_at: p.at, updated_by: p.by }),
);
const bumpPlan = prepared<{ loadId: number; version: number; at: string; by: number }>()((db, p) =>
  db
    .updateTable('topic_plan')
    .set({ version: p.version, updated_at: p.at, updated_by: p.by })
    .where('load_id', '=', p.loadId),
);
const deleteItems = prepared<{ loadId: number }>()((db, p) =>
  db.deleteFrom('topic_plan_item').where('load_id', '=', p.loadId),
);
const insertItem = prepared<{ loadId: number; position: number; title: string; hours: number }>()((db, p) =>
  db
    .insertInto('topic_plan_item')
    .values({ load_id: p.loadId, position: p.position, title: p.title, hours: p.hours }),
);
const fillLesson = prepared<{
  id: number;
  topic: string;
  planTopic: string | null;
  version: number;
  at: string;
  by: number;
}>()((db, p) =>
  db
    .updateTable('lesson')
    .set({ topic: p.topic, plan_topic: p.planTopic, version: p.version, updated_at: p.at, updated_by: p.by })
    .where('id', '=', p.id),
);

type LessonRow = ReturnType<typeof lessonsRows>[number];
const lessonsRows = (db: Database, loadId: number) => db.all(lessonsOf, { loadId });

/** A topic written by hand: not empty and not what the fill wrote last. */
export const isHandWritten = (l: { topic: string; planTopic: string | null }) =>
  l.topic !== '' && l.topic !== l.planTopic;

function loadOf(db: Database, loadId: number) {
  const load = db.first(loadInfo, { loadId });
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', 'loadId');
  return load;
}

export function planVersion(db: Database, loadId: number): number {
  return db.first(planRow, { loadId })?.version ?? 0;
}

export function planItems(db: Database, loadId: number): ItemRow[] {
  return db.all(itemsOf, { loadId });
}

/** The lessons the plan lies over: not cancelled, in order. */
const yearLessons = (lessons: LessonRow[]) => lessons.filter((l) => l.cancelledAt === null);

/** The topic the plan gives each of the year's lessons ('' beyond the plan's end), and which item. */
function layout(items: ItemRow[]): { title: string; item: number }[] {
  return items.flatMap((it, i) => Array.from({ length: it.hours }, () => ({ title: it.title, item: i })));
}

/** The plan as the screen shows it: topics with their lessons, the year's hours, planned vs given. */
export function planOf(
  db: Database,
  actor: Pick<Actor, 'roles' | 'userId'>,
  loadId: number,
  today: string,
): TopicPlan {
  const load = loadOf(db, loadId);
  const owners = planOwners(db, loadId);
  const items = planItems(db, loadId);
  const lessons = db.all(lessonsOf, { loadId });
  const slots = yearLessons(lessons);
  const hours = layout(items);
  const out: PlanItem[] = items.map((it) => ({ ...it, lessons: 0, given: 0, from: null, to: null }));
  slots.forEach((l, k) => {
    const h = hours[k];
    if (!h) return;
    const item = out[h.item]!;
    item.lessons++;
    if (l.date <= today) item.given++;
    item.from ??= l.date;
    item.to = l.date;
  });
  const totalHours = hours.length;
  const fromLessons = slots.length > 0;
  const yearHours = fromLessons ? slots.length : Math.round(load.hoursPerWeek * studyWeeks(load.grade));
  const yearHoursFrom = fromLessons ? 'lessons' : 'weeks';
  const scheduledToDate = lessons.filter((l) => l.date <= today).length;
  return {
    loadId,
    className: load.className,
    subjectName: load.subjectName,
    groupName: load.groupName,
    teacherName: [load.lastName, load.firstName, load.middleName].filter(Boolean).join(' '),
    writable: owners ? canWritePlan(actor, owners) : false,
    version: planVersion(db, loadId),
    items: out,
    totalHours,
    hoursPerWeek: load.hoursPerWeek,
    yearHours,
    yearHoursFrom,
    warning: hoursWarning(totalHours, yearHours, yearHoursFrom),
    plannedToDate: Math.min(scheduledToDate, totalHours),
    givenToDate: slots.filter((l) => l.date <= today).length,
    handWritten: slots.filter(isHandWritten).length,
    today,
  };
}

export function get(ctx: AuthedContext, input: ParsedInput<'topicPlan.get'>): Output<'topicPlan.get'> {
  return planOf(ctx.db, ctx.actor, input.loadId, localIsoDate(ctx.now));
}

const sameItems = (a: ItemRow[], b: ItemRow[]) =>
  a.length === b.length && a.every((x, i) => x.title === b[i]!.title && x.hours === b[i]!.hours);

const hoursText = (items: { hours: number }[]) => {
  const h = items.reduce((s, i) => s + i.hours, 0);
  return `${items.length} ${plural(items.length, 'тема', 'темы', 'тем')}, ${h} ${plural(h, 'час', 'часа', 'часов')}`;
};

/**
 * Replaces the load's plan with `items` (in order) when it differs, then fills the year's lessons.
 * A stale `expectedVersion` is refused with what the plan holds now. Audited: the plan (before and
 * after) and each lesson whose topic the fill changed.
 */
export function replacePlan(
  ctx: AuthedContext,
  loadId: number,
  items: { title: string; hours: number }[],
  expectedVersion: number,
): void {
  const { db } = ctx;
  const version = planVersion(db, loadId);
  const before = planItems(db, loadId);
  if (version !== expectedVersion)
    throw new ApiError(
      'CONFLICT',
      `План уже изменил другой пользователь: сейчас в нём ${hoursText(before)}. Страница обновлена — проверьте и повторите.`,
      'expectedVersion',
    );
  const after: ItemRow[] = items.map((it, i) => ({ position: i + 1, title: it.title, hours: it.hours }));
  const at = ctx.now.toISOString();
  const by = ctx.actor.userId;
  if (!sameItems(before, after) || version === 0) {
    if (version === 0) db.run(insertPlan, { loadId, at, by });
    else db.run(bumpPlan, { loadId, version: version + 1, at, by });
    db.run(deleteItems, { loadId });
    for (const it of after) db.run(insertItem, { loadId, ...it });
    ctx.audit({
      entity: 'topic_plan',
      entityId: loadId,
      before: version === 0 ? null : { version, items: before },
      after: { version: version === 0 ? 1 : version + 1, items: after },
    });
  }
  fill(ctx, loadId, after);
}

/** Writes the plan's topics on the lessons it owns; returns how many lessons changed. */
export function fill(ctx: AuthedContext, loadId: number, items: ItemRow[]): number {
  const { db } = ctx;
  const load = loadOf(db, loadId);
  // Closed for this class by the deputy (period_closure): its lessons keep their topics.
  const closed = closedPeriodsOf(db, { yearId: load.yearId, grade: load.grade, classId: load.classId });
  const inClosed = (date: string) => closed.some((p) => p.from <= date && date <= p.to);
  const hours = layout(items);
  const at = ctx.now.toISOString();
  let changed = 0;
  yearLessons(db.all(lessonsOf, { loadId })).forEach((l, k) => {
    if (isHandWritten(l) || inClosed(l.date)) return;
    const want = hours[k]?.title ?? '';
    const planTopic = want === '' ? null : want;
    if (l.topic === want && l.planTopic === planTopic) return;
    db.run(fillLesson, {
      id: l.id,
      topic: want,
      planTopic,
      version: l.version + 1,
      at,
      by: ctx.actor.userId,
    });
    ctx.audit({
      entity: 'lesson',
      entityId: l.id,
      before: { topic: l.topic, planTopic: l.planTopic, version: l.version },
      after: { topic: want, planTopic, version: l.version + 1, by: 'topic_plan' },
    });
    changed++;
  });
  // The topics show on the page and in the diary of every student of the class.
  if (changed > 0) ctx.changed(topic.load(loadId), topic.class(load.classId));
  return changed;
}

export function save(ctx: AuthedContext, input: ParsedInput<'topicPlan.save'>): Output<'topicPlan.save'> {
  replacePlan(ctx, input.loadId, input.items, input.expectedVersion);
  return planOf(ctx.db, ctx.actor, input.loadId, localIsoDate(ctx.now));
}
