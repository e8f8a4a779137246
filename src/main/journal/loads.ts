import type { Output, ParsedInput } from '../../shared/api/contract';
import { SCHOOL_WIDE_READERS } from '../../shared/auth/roles';
import { localIsoDate } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import { type Builder, type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { currentYear, findYear } from '../school-year/school';
import { canWriteLoad } from './access';

/** Teaching loads (нагрузка): the journal pages a user may open. */

const loadColumns = [
  'l.id as loadId',
  'l.class_id as classId',
  'c.name as className',
  'c.grade as grade',
  'c.class_teacher_id as classTeacherId',
  'l.subject_id as subjectId',
  's.name as subjectName',
  'g.name as groupName',
  'l.group_id as groupId',
  'l.teacher_id as teacherId',
  't.last_name as tLast',
  't.first_name as tFirst',
  't.middle_name as tMiddle',
  'l.hours_per_week as hoursPerWeek',
  'l.marking_mode as markingMode',
  'l.academic_year_id as yearId',
  'y.name as yearName',
  'y.starts_on as yearStartsOn',
  'y.ends_on as yearEndsOn',
  'y.archived_at as yearArchivedAt',
] as const;

const loadsBase = (db: Builder) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('subject as s', 's.id', 'l.subject_id')
    .innerJoin('user_account as t', 't.id', 'l.teacher_id')
    .innerJoin('academic_year as y', 'y.id', 'l.academic_year_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .select(loadColumns);

const loadById = prepared<{ loadId: number }>()((db, p) => loadsBase(db).where('l.id', '=', p.loadId));

/**
 * A teacher's pages of the year: those they teach (teaching_load_teacher_year) and those of the
 * classes they lead (class_teacher_year, then teaching_load_class). One OR over both tables would
 * read every load of the year and, before migration 0003, of every year the file keeps.
 */
const loadsOfTeacher = prepared<{ userId: number; yearId: number; from: string; to: string }>()((db, p) =>
  loadsBase(db)
    .where('l.id', 'in', (eb) =>
      eb
        .selectFrom('teaching_load as tl')
        .select('tl.id')
        .where('tl.teacher_id', '=', p.userId)
        .where('tl.academic_year_id', '=', p.yearId)
        .union(
          eb
            .selectFrom('class as cc')
            .innerJoin('teaching_load as cl', 'cl.class_id', 'cc.id')
            .select('cl.id')
            .where('cc.class_teacher_id', '=', p.userId)
            .where('cc.academic_year_id', '=', p.yearId),
        )
        // Pages where they gave a lesson in a замена this year (read, and that lesson written):
        // the lessons they gave, by date (lesson_teacher_date, migration 0010).
        .union(
          eb
            .selectFrom('lesson as sl')
            .select('sl.load_id as id')
            .where('sl.date', '>=', p.from)
            .where('sl.date', '<=', p.to)
            .where('sl.teacher_id', '=', p.userId),
        ),
    )
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.sort_order'),
);

const loadsOfYear = prepared<{ yearId: number }>()((db, p) =>
  loadsBase(db)
    .where('l.academic_year_id', '=', p.yearId)
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.sort_order'),
);

/** The queries of journal.myLoads, for the test that reads their plans. */
export const myLoadsQueries = { loadsOfTeacher, loadsOfYear };

export type LoadRow = NonNullable<ReturnType<typeof loadRow>>;
export function loadRow(db: Database, loadId: number) {
  return db.first(loadById, { loadId });
}

/** A page as lists show it; `writable` as the caller's role allows, never in an archived year. */
export function summary(row: LoadRow, writable: boolean) {
  return {
    loadId: row.loadId,
    classId: row.classId,
    className: row.className,
    grade: row.grade,
    subjectId: row.subjectId,
    subjectName: row.subjectName,
    groupName: row.groupName,
    teacherName: fullName({ lastName: row.tLast, firstName: row.tFirst, middleName: row.tMiddle }),
    hoursPerWeek: row.hoursPerWeek,
    writable: writable && row.yearArchivedAt === null,
  };
}

export function myLoads(
  ctx: AuthedContext,
  input: ParsedInput<'journal.myLoads'>,
): Output<'journal.myLoads'> {
  // A year asked for (last year's pages, read-only after the rollover), else the current one.
  const year =
    input.yearId === undefined ? currentYear(ctx.db, localIsoDate(ctx.now)) : findYear(ctx.db, input.yearId);
  if (!year) return [];
  const schoolWide = ctx.actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r));
  const rows = schoolWide
    ? ctx.db.all(loadsOfYear, { yearId: year.id })
    : ctx.db.all(loadsOfTeacher, {
        userId: ctx.actor.userId,
        yearId: year.id,
        from: year.starts_on,
        to: year.ends_on,
      });
  return rows.map((r) => summary(r, canWriteLoad(ctx.actor, r)));
}
