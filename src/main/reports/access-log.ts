import { sql } from 'kysely';
import { addDays, formatDate } from '../../shared/i18n/dates';
import { initials } from '../../shared/i18n/names';
import type { AccessLogParams } from '../../shared/reports/control-contract';
import type { Report, ReportRow } from '../../shared/reports/report';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';

/**
 * Журнал доступа к страницам (004 §4.2): who changed which page of the journal in a date range — per
 * user and page (teaching load), how many changes, the first and the last. Read from audit_log, which
 * every write of the journal fills in its own transaction: marks and absences (their lesson is in the
 * row's JSON, as a deleted mark's row is gone), lessons (topic, homework, attendance taken) and the
 * plan of topics.
 *
 * Page reads are not recorded anywhere (reads run in read-only transactions), so «opened» is not in
 * this report. Each user's rows are read through the index audit_log_user (user_id, at), one user at
 * a time, so the report costs what the range holds, not the whole log.
 */

const JOURNAL_ENTITIES = ['mark', 'absence', 'lesson', 'lesson_attendance', 'topic_plan'] as const;

/** Who wrote anything in the range (staff accounts that have audit rows in it). */
const writers = prepared<{ from: string; until: string }>()((db, p) =>
  db
    .selectFrom('user_account as u')
    .select(['u.id', 'u.last_name as lastName', 'u.first_name as firstName', 'u.middle_name as middleName'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('audit_log as a')
          .select('a.id')
          .whereRef('a.user_id', '=', 'u.id')
          .where('a.at', '>=', p.from)
          .where('a.at', '<', p.until),
      ),
    )
    .orderBy('u.last_name')
    .orderBy('u.first_name')
    .orderBy('u.id'),
);

/** One user's changes of journal pages in the range, per page. */
const changesOfUser = prepared<{ userId: number; from: string; until: string }>()((db, p) =>
  db
    .selectFrom('audit_log as a')
    .leftJoin('lesson as l', (j) =>
      j.on(
        'l.id',
        '=',
        sql<number>`case when a.entity in ('mark', 'absence') then json_extract(coalesce(a.after, a.before), '$.lessonId')
          when a.entity in ('lesson', 'lesson_attendance') then a.entity_id end`,
      ),
    )
    .select([
      sql<number>`coalesce(l.load_id, case when a.entity = 'topic_plan' then a.entity_id end)`.as('loadId'),
      sql<number>`count(*)`.as('changes'),
      sql<string>`min(a.at)`.as('firstAt'),
      sql<string>`max(a.at)`.as('lastAt'),
    ])
    .where('a.user_id', '=', p.userId)
    .where('a.at', '>=', p.from)
    .where('a.at', '<', p.until)
    .where('a.entity', 'in', JOURNAL_ENTITIES)
    .groupBy('loadId')
    .having(sql<number>`loadId`, 'is not', null),
);

const loadNames = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as t')
    .innerJoin('class as c', 'c.id', 't.class_id')
    .innerJoin('subject as s', 's.id', 't.subject_id')
    .leftJoin('class_group as g', 'g.id', 't.group_id')
    .select(['c.name as className', 'c.grade', 'c.letter', 's.name as subjectName', 'g.name as groupName'])
    .where('t.id', '=', p.loadId),
);

/** An audit time (UTC ISO) as the report shows it: dd.mm.yyyy чч:мм. */
function moment(iso: string): string {
  return `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)}`;
}

/** The builder reports.export calls: (db, params) → Report. */
export function accessLogReport(db: Database, params: AccessLogParams): Report {
  const range = { from: params.from, until: addDays(params.to, 1) };
  const rows: ReportRow[] = [];
  for (const u of db.all(writers, range)) {
    const name = initials(u);
    const pages = db
      .all(changesOfUser, { userId: u.id, ...range })
      .map((c) => ({ ...c, load: db.first(loadNames, { loadId: c.loadId }) }))
      .filter((c) => c.load !== undefined)
      .sort(
        (a, b) =>
          a.load!.grade - b.load!.grade ||
          a.load!.letter.localeCompare(b.load!.letter, 'ru') ||
          a.load!.subjectName.localeCompare(b.load!.subjectName, 'ru'),
      );
    for (const p of pages) {
      const subject = p.load!.groupName
        ? `${p.load!.subjectName} (${p.load!.groupName})`
        : p.load!.subjectName;
      rows.push({
        cells: [name, p.load!.className, subject, p.changes, moment(p.firstAt), moment(p.lastAt)],
      });
    }
  }
  return {
    title: 'Журнал доступа к страницам',
    subtitle: [`С ${formatDate(params.from)} по ${formatDate(params.to)}`],
    orientation: 'landscape',
    sections: [
      {
        type: 'table',
        title: 'Изменения страниц журнала',
        columns: [
          { title: 'Пользователь', kind: 'text', width: 22 },
          { title: 'Класс', kind: 'text', width: 8 },
          { title: 'Предмет', kind: 'text', width: 28 },
          { title: 'Изменений', kind: 'integer', width: 10 },
          { title: 'Первое', kind: 'text', width: 16 },
          { title: 'Последнее', kind: 'text', width: 16 },
        ],
        rows,
        note: 'Изменения — отметки, пропуски, темы и домашние задания уроков, отметка о проведённой перекличке, тематическое планирование. Время — всемирное (UTC), как в журнале аудита. Просмотры страниц не регистрируются.',
      },
    ],
    signatures: ['Заместитель директора'],
    fileName: `Журнал-доступа-${params.from}-${params.to}`,
  };
}

export function accessLog(ctx: AuthedContext, input: AccessLogParams): Report {
  return accessLogReport(ctx.db, input);
}
