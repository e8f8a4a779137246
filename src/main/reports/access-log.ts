import { sql } from 'kysely';
import { formatDate, formatMoment } from '../../shared/i18n/dates';
import { initials } from '../../shared/i18n/names';
import type { AccessLogParams } from '../../shared/reports/control-contract';
import type { Report, ReportRow } from '../../shared/reports/report';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';

/**
 * Журнал доступа к страницам (004 §4.2): who opened and who changed which page of the journal in a
 * date range — per user and page (teaching load): how many changes, the first and the last; on how
 * many days they opened it, the first and the last opening.
 *
 * Changes come from the audit log, which every write of the journal fills in its own transaction
 * (marks, absences, lessons' topics, homework and attendance taken, the plan of topics), through
 * page_change: the audit rows of journal pages summed per user, page and day by a trigger on
 * audit_log (migration 0018), so a year costs the summary's thousands of rows, not the log's million.
 * Openings come from page_view: the first opening of a page per user and day (journal/page-views.ts),
 * so a page opened several times a day is one day, and its first opening that day is what is shown.
 * Users who only opened a page are listed too.
 */

/** Per user and page: the range's changes and openings, each source summed first, then named. */
const activity = prepared<{ from: string; to: string }>()((db, p) =>
  db
    .selectFrom((eb) =>
      eb
        .selectFrom((inner) =>
          inner
            .selectFrom('page_change as c')
            .select([
              'c.user_id as userId',
              'c.load_id as loadId',
              sql<number>`sum(c.changes)`.as('changes'),
              sql<string | null>`min(c.first_at)`.as('changedFirst'),
              sql<string | null>`max(c.last_at)`.as('changedLast'),
              sql<number>`0`.as('days'),
              sql<string | null>`null`.as('openedFirst'),
              sql<string | null>`null`.as('openedLast'),
            ])
            .where('c.day', '>=', p.from)
            .where('c.day', '<=', p.to)
            .groupBy(['c.user_id', 'c.load_id'])
            .unionAll(
              inner
                .selectFrom('page_view as v')
                .select([
                  'v.user_id as userId',
                  'v.load_id as loadId',
                  sql<number>`0`.as('changes'),
                  sql<string | null>`null`.as('changedFirst'),
                  sql<string | null>`null`.as('changedLast'),
                  sql<number>`count(*)`.as('days'),
                  sql<string | null>`min(v.first_at)`.as('openedFirst'),
                  sql<string | null>`max(v.first_at)`.as('openedLast'),
                ])
                .where('v.day', '>=', p.from)
                .where('v.day', '<=', p.to)
                .groupBy(['v.user_id', 'v.load_id']),
            )
            .as('both'),
        )
        .select([
          'both.userId',
          'both.loadId',
          sql<number>`sum(both.changes)`.as('changes'),
          sql<string | null>`min(both.changedFirst)`.as('changedFirst'),
          sql<string | null>`max(both.changedLast)`.as('changedLast'),
          sql<number>`sum(both.days)`.as('days'),
          sql<string | null>`min(both.openedFirst)`.as('openedFirst'),
          sql<string | null>`max(both.openedLast)`.as('openedLast'),
        ])
        .groupBy(['both.userId', 'both.loadId'])
        .as('a'),
    )
    .innerJoin('user_account as u', 'u.id', 'a.userId')
    .innerJoin('teaching_load as t', 't.id', 'a.loadId')
    .innerJoin('class as c', 'c.id', 't.class_id')
    .innerJoin('subject as s', 's.id', 't.subject_id')
    .leftJoin('class_group as g', 'g.id', 't.group_id')
    .select([
      'a.userId',
      'u.last_name as lastName',
      'u.first_name as firstName',
      'u.middle_name as middleName',
      'c.name as className',
      'c.grade',
      'c.letter',
      's.name as subjectName',
      'g.name as groupName',
      'a.changes',
      'a.changedFirst',
      'a.changedLast',
      'a.days',
      'a.openedFirst',
      'a.openedLast',
    ]),
);

/** An audit or view time (UTC ISO) as the report shows it, on the school's clock. */
function moment(iso: string | null): string | null {
  return iso === null ? null : formatMoment(iso);
}

const collator = new Intl.Collator('ru-RU');

/** The builder reports.export calls: (db, params) → Report. */
export function accessLogReport(db: Database, params: AccessLogParams): Report {
  const pages = db
    .all(activity, { from: params.from, to: params.to })
    .sort(
      (a, b) =>
        collator.compare(a.lastName, b.lastName) ||
        collator.compare(a.firstName, b.firstName) ||
        a.userId - b.userId ||
        a.grade - b.grade ||
        collator.compare(a.letter, b.letter) ||
        collator.compare(a.subjectName, b.subjectName),
    );
  const rows: ReportRow[] = pages.map((p) => ({
    cells: [
      initials(p),
      p.className,
      p.groupName ? `${p.subjectName} (${p.groupName})` : p.subjectName,
      p.days,
      moment(p.openedFirst),
      moment(p.openedLast),
      p.changes,
      moment(p.changedFirst),
      moment(p.changedLast),
    ],
  }));
  return {
    title: 'Журнал доступа к страницам',
    subtitle: [`С ${formatDate(params.from)} по ${formatDate(params.to)}`],
    orientation: 'landscape',
    sections: [
      {
        type: 'table',
        title: 'Кто открывал и изменял страницы журнала',
        columns: [
          { title: 'Пользователь', kind: 'text', width: 22 },
          { title: 'Класс', kind: 'text', width: 8 },
          { title: 'Предмет', kind: 'text', width: 26 },
          { title: 'Открывал(а), дней', kind: 'integer', width: 10, band: 'Просмотры' },
          { title: 'Первый', kind: 'text', width: 16, band: 'Просмотры' },
          { title: 'Последний', kind: 'text', width: 16, band: 'Просмотры' },
          { title: 'Изменений', kind: 'integer', width: 10, band: 'Изменения' },
          { title: 'Первое', kind: 'text', width: 16, band: 'Изменения' },
          { title: 'Последнее', kind: 'text', width: 16, band: 'Изменения' },
        ],
        rows,
        note: 'Просмотры — дни, в которые пользователь открывал страницу; время — первого открытия в первый и в последний из этих дней. Изменения — отметки, пропуски, темы и домашние задания уроков, отметка о проведённой перекличке, тематическое планирование (по журналу аудита). Время — по часам компьютера.',
      },
    ],
    signatures: ['Заместитель директора'],
    fileName: `Журнал-доступа-${params.from}-${params.to}`,
  };
}

export function accessLog(ctx: AuthedContext, input: AccessLogParams): Report {
  return accessLogReport(ctx.db, input);
}
