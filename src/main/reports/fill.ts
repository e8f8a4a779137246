import { sql } from 'kysely';
import { formatDate, formatMonth, type IsoDate, monthRange } from '../../shared/i18n/dates';
import { initials } from '../../shared/i18n/names';
import type { FillParams } from '../../shared/reports/control-contract';
import type { Report, ReportColumn, ReportRow } from '../../shared/reports/report';
import { deadlineText } from '../../shared/timeliness/rules';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { deadlineRule } from '../school-year/deadline';
import { getSetting } from '../school-year/school';
import { lastDueDate } from '../timeliness/timeliness';

/**
 * Заполнение журнала (000 §5.2, 004 §6.2): for a month, per teacher and each page (teaching load) they
 * gave lessons on, how many lessons they gave, how many still have no topic or no homework, and how
 * many had something entered after the deadline (late_entry, flagged by the journal's writes:
 * journal/late-entries.ts; the same flags and the same deadline as the timeliness report). Only
 * lessons whose deadline has passed count (timeliness.lastDueDate): a lesson of this afternoon is not
 * an omission yet. A lesson counts for the teacher who gave it (замены included).
 *
 * Pages not opened (страницы не открывались): the days in the month on which the row's teacher opened
 * the page (page_view, migration 0018, written by journal.page). A page with lessons in the month
 * and no such day is listed in a table of its own — judged only for months wholly after the day views
 * began to be recorded (the setting below): before it, no view row proves nothing.
 */

/** The setting migration 0018 writes: the local day page views began to be recorded. */
export const PAGE_VIEWS_SINCE_KEY = 'journal.page_views_since';

/**
 * A row is shaded (warning) only when the deputy has something to act on (000 §5.2 «контроль
 * заполнения»): the teacher never opened the page in the month, or something was entered after the
 * deadline, or more than one lesson in ten (TOPIC_GAP_SHARE) has no topic. A topic is due on every
 * lesson, but one forgotten among many is noise the teacher fixes without being told; homework is not
 * in the rule, since many lessons rightly set none (tests, physical education, the last lesson of a
 * topic) and the count column shows it anyway.
 */
export const TOPIC_GAP_SHARE = 0.1;

export interface LoadFill {
  teacherId: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  className: string;
  grade: number;
  subjectName: string;
  groupName: string | null;
  lessons: number;
  noTopic: number;
  noHomework: number;
  late: number;
  /** Days in the month on which this row's teacher opened the page. */
  daysOpened: number;
}

/** Counted per teacher and page first (a month is thousands of lessons), then named. */
const loadFills = prepared<{ from: IsoDate; to: IsoDate; monthFrom: IsoDate; monthTo: IsoDate }>()((db, p) =>
  db
    .with('g', (w) =>
      w
        .selectFrom('lesson as l')
        .select([
          'l.teacher_id as teacherId',
          'l.load_id as loadId',
          sql<number>`count(*)`.as('lessons'),
          sql<number>`sum(trim(l.topic) = '')`.as('noTopic'),
          sql<number>`sum(trim(l.homework) = '')`.as('noHomework'),
          sql<number>`sum(exists (select 1 from late_entry f where f.lesson_id = l.id))`.as('late'),
        ])
        .where('l.date', '>=', p.from)
        .where('l.date', '<=', p.to)
        .where('l.cancelled_at', 'is', null)
        .groupBy(['l.teacher_id', 'l.load_id']),
    )
    .selectFrom('g')
    .innerJoin('teaching_load as t', 't.id', 'g.loadId')
    .innerJoin('class as c', 'c.id', 't.class_id')
    .innerJoin('subject as s', 's.id', 't.subject_id')
    .innerJoin('user_account as u', 'u.id', 'g.teacherId')
    .leftJoin('class_group as cg', 'cg.id', 't.group_id')
    .select([
      'g.teacherId',
      'u.last_name as lastName',
      'u.first_name as firstName',
      'u.middle_name as middleName',
      'c.name as className',
      'c.grade',
      's.name as subjectName',
      'cg.name as groupName',
      'g.lessons',
      'g.noTopic',
      'g.noHomework',
      'g.late',
      // Through page_view's key (load_id, user_id, day): a few rows per page and month.
      (eb) =>
        eb
          .selectFrom('page_view as v')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('v.load_id', '=', 'g.loadId')
          .whereRef('v.user_id', '=', 'g.teacherId')
          .where('v.day', '>=', p.monthFrom)
          .where('v.day', '<=', p.monthTo)
          .as('daysOpened'),
    ])
    .orderBy('u.last_name')
    .orderBy('u.first_name')
    .orderBy('g.teacherId')
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.sort_order'),
);

/** The columns both tables start with: whose page, which, and how many lessons were given on it. */
const PAGE_COLUMNS: ReportColumn[] = [
  { title: 'Учитель', kind: 'text', width: 22 },
  { title: 'Класс', kind: 'text', width: 8 },
  { title: 'Предмет', kind: 'text', width: 26 },
  { title: 'Проведено уроков', kind: 'integer', width: 10 },
];

/** Whether a row is one the deputy acts on (the rule: TOPIC_GAP_SHARE above). */
function needsAction(f: { lessons: number; noTopic: number; late: number }, notOpened: boolean): boolean {
  return notOpened || f.late > 0 || f.noTopic > f.lessons * TOPIC_GAP_SHARE;
}

/** The builder reports.export calls: (db, params) → Report; `now` decides which lessons are due. */
export function fillReport(db: Database, params: FillParams, now: Date = new Date()): Report {
  const rule = deadlineRule(db);
  const month = monthRange(params.month);
  const due = lastDueDate(rule, now);
  const to = month.to < due ? month.to : due;
  const fills =
    to < month.from
      ? []
      : db.all(loadFills, { from: month.from, to, monthFrom: month.from, monthTo: month.to });
  const viewsSince = getSetting<{ day: IsoDate | null }>(db, PAGE_VIEWS_SINCE_KEY, { day: null }).day;
  // Views were recorded the whole month: a page without any was not opened.
  const judged = viewsSince !== null && viewsSince <= month.from;
  // Views were recorded for part of the month at least: the days are shown, not judged.
  const recorded = viewsSince !== null && viewsSince <= month.to;
  const rows: ReportRow[] = [];
  const notOpened: ReportRow[] = [];
  let current: number | null = null;
  let sum = [0, 0, 0, 0];
  const pushTotal = (name: string) =>
    rows.push({ cells: [name, 'Итого', null, ...sum, null], style: 'total' });
  let name = '';
  for (const f of fills) {
    if (current !== null && current !== f.teacherId) pushTotal(name);
    if (current !== f.teacherId) sum = [0, 0, 0, 0];
    current = f.teacherId;
    name = initials({ lastName: f.lastName, firstName: f.firstName, middleName: f.middleName });
    // Homework is not set in the first grade (СанПиН 1.2.3685-21), so a missing one is no omission.
    const noHomework = f.grade === 1 ? 0 : f.noHomework;
    const values = [f.lessons, f.noTopic, noHomework, f.late];
    sum = sum.map((s, i) => s + values[i]!);
    // A group's page is named with its group: a teacher may teach both groups of a class.
    const subject = f.groupName ? `${f.subjectName} (${f.groupName})` : f.subjectName;
    const unopened = judged && f.daysOpened === 0;
    if (unopened) notOpened.push({ cells: [name, f.className, subject, f.lessons] });
    rows.push({
      cells: [name, f.className, subject, ...values, recorded ? f.daysOpened : null],
      ...(needsAction(f, unopened) ? { style: 'warning' } : {}),
    });
  }
  if (current !== null) pushTotal(name);
  const [y, m] = params.month.split('-').map(Number) as [number, number];
  const monthName = formatMonth(y, m);
  const viewsNote = !recorded
    ? 'Просмотры страниц в этом месяце не записывались.'
    : judged
      ? ''
      : `Просмотры страниц записываются с ${formatDate(viewsSince)}: за этот месяц неоткрывавшиеся страницы не определяются.`;
  return {
    title: 'Заполнение журнала',
    subtitle: [
      `Месяц: ${monthName}`,
      to < month.from
        ? 'Сроки заполнения уроков этого месяца ещё не прошли'
        : `Уроки с ${formatDate(month.from)} по ${formatDate(to)}, срок заполнения которых прошёл (${deadlineText(rule)})`,
    ],
    orientation: 'landscape',
    sections: [
      {
        type: 'table',
        title: 'Заполнение страниц журнала по учителям',
        columns: [
          ...PAGE_COLUMNS,
          { title: 'Без темы', kind: 'integer', width: 9 },
          { title: 'Без домашнего задания', kind: 'integer', width: 12 },
          { title: 'Заполнено с опозданием', kind: 'integer', width: 12 },
          { title: 'Открывал(а) страницу, дней', kind: 'integer', width: 12 },
        ],
        rows,
        note: [
          'Уроки учитываются за тем, кто их провёл (замены — за заменяющим учителем), отменённые не учитываются. «С опозданием» — уроки, тема, домашнее задание, посещаемость или отметки которых внесены после срока. Домашнее задание в 1-х классах не задаётся и не считается пропуском.',
          `Выделены строки, требующие мер: страница не открывалась в месяце, есть записи с опозданием или без темы больше ${TOPIC_GAP_SHARE * 100}% уроков.`,
          '«Открывал(а) страницу» — дни месяца, в которые учитель открывал страницу журнала.',
          viewsNote,
        ]
          .filter((t) => t !== '')
          .join(' '),
      },
      {
        type: 'table',
        title: 'Страницы, не открывавшиеся в месяце',
        columns: PAGE_COLUMNS,
        rows: notOpened,
        note: judged
          ? notOpened.length === 0
            ? 'Все учителя открывали страницы, на которых провели уроки в этом месяце.'
            : 'Страницы, на которых учитель провёл уроки в месяце, но ни разу не открыл их.'
          : viewsNote,
      },
    ],
    signatures: ['Заместитель директора'],
    fileName: `Заполнение-журнала-${params.month}`,
  };
}

export function fill(ctx: AuthedContext, input: FillParams): Report {
  return fillReport(ctx.db, input, ctx.now);
}
