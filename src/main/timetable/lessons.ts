import type { ExpressionBuilder } from 'kysely';
import { ApiError } from '../../shared/api/errors';
import { formatDate, type IsoDate, weekday } from '../../shared/i18n/dates';
import { initials } from '../../shared/i18n/names';
import type { DayLesson } from '../../shared/timetable/contract';
import { type Builder, type Database, prepared } from '../db/database';
import type { Schema } from '../db/schema';

/**
 * A lesson as the deputy's screens see it, and the one test of whether a lesson "holds something":
 * a topic, homework, a mark, an absence, or a decision of the deputy (cancelled, moved, given by a
 * substitute). Such a lesson is never replaced by a change of timetable and never moved.
 */

type LessonScope = ExpressionBuilder<Schema & { s: Schema['lesson']; l: Schema['teaching_load'] }, 's' | 'l'>;

/**
 * What the pupils' record holds: a topic, homework, a mark, an absence. A topic the plan of topics
 * (КТП) wrote and nobody changed (lesson.plan_topic) is the plan's, not the record's: a change of
 * timetable may replace that lesson, or every lesson to come would stay once the КТП is filled.
 */
export const recordedData = (eb: LessonScope) =>
  eb.or([
    eb.and([
      eb('s.topic', '<>', ''),
      eb.or([eb('s.plan_topic', 'is', null), eb('s.topic', '<>', eb.ref('s.plan_topic'))]),
    ]),
    eb('s.homework', '<>', ''),
    eb.exists(eb.selectFrom('mark as m').select('m.id').whereRef('m.lesson_id', '=', 's.id')),
    eb.exists(eb.selectFrom('absence as a').select('a.id').whereRef('a.lesson_id', '=', 's.id')),
  ]);

/** Cancelled, or given by a substitute (замена): what the register of changed lessons counts. */
export const cancelledOrSubstituted = (eb: LessonScope) =>
  eb.or([eb('s.cancelled_at', 'is not', null), eb('s.teacher_id', '<>', eb.ref('l.teacher_id'))]);

/** Recorded data or a day's change made by the deputy. */
export const holdsSomething = (eb: LessonScope) =>
  eb.or([recordedData(eb), cancelledOrSubstituted(eb), eb('s.moved_from_date', 'is not', null)]);

export const dayLessonBase = (db: Builder) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('academic_year as y', 'y.id', 'c.academic_year_id')
    .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .innerJoin('user_account as rt', 'rt.id', 'l.teacher_id')
    .innerJoin('user_account as t', 't.id', 's.teacher_id')
    .select((eb) => [
      's.id as lessonId',
      's.date',
      'l.class_id as classId',
      'c.name as className',
      'c.grade',
      'c.academic_year_id as yearId',
      'y.name as yearName',
      'y.starts_on as yearStartsOn',
      'y.ends_on as yearEndsOn',
      'y.archived_at as archivedAt',
      's.number',
      'l.id as loadId',
      'sub.name as subjectName',
      'g.name as groupName',
      'l.group_id as groupId',
      'g.subject_id as splitSubjectId',
      'l.teacher_id as regularTeacherId',
      'rt.last_name as rtLast',
      'rt.first_name as rtFirst',
      'rt.middle_name as rtMiddle',
      's.teacher_id as teacherId',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
      's.cancelled_at as cancelledAt',
      's.cancel_reason as cancelReason',
      's.moved_from_date as movedFromDate',
      's.moved_from_number as movedFromNumber',
      eb.case().when(recordedData(eb)).then(1).else(0).end().as('recorded'),
    ]);

const lessonById = prepared<{ lessonId: number }>()((db, p) =>
  dayLessonBase(db).where('s.id', '=', p.lessonId),
);
const lessonsOfDay = prepared<{ date: string }>()((db, p) =>
  dayLessonBase(db).where('s.date', '=', p.date).orderBy('c.grade').orderBy('c.letter').orderBy('s.number'),
);
const lessonsAtSlot = prepared<{ date: string; number: number }>()((db, p) =>
  dayLessonBase(db).where('s.date', '=', p.date).where('s.number', '=', p.number),
);

export type LessonRow = NonNullable<ReturnType<typeof lessonRow>>;
export function lessonRow(db: Database, lessonId: number) {
  return db.first(lessonById, { lessonId });
}

export function dayLessons(db: Database, date: IsoDate): LessonRow[] {
  return db.all(lessonsOfDay, { date });
}

export function toDayLesson(r: LessonRow): DayLesson {
  return {
    lessonId: r.lessonId,
    classId: r.classId,
    className: r.className,
    number: r.number,
    loadId: r.loadId,
    subjectName: r.subjectName,
    groupName: r.groupName,
    regularTeacherId: r.regularTeacherId,
    regularTeacherName: initials({ lastName: r.rtLast, firstName: r.rtFirst, middleName: r.rtMiddle }),
    teacherId: r.teacherId,
    teacherName: initials({ lastName: r.tLast, firstName: r.tFirst, middleName: r.tMiddle }),
    cancelled: r.cancelledAt !== null,
    cancelReason: r.cancelReason,
    movedFrom:
      r.movedFromDate !== null && r.movedFromNumber !== null
        ? { date: r.movedFromDate, number: r.movedFromNumber }
        : null,
    holdsData: r.recorded === 1,
  };
}

/** What one lesson at one time needs to be checked against the others at that time. */
export interface SlotCandidate {
  lessonId: number | null;
  classId: number;
  className: string;
  groupId: number | null;
  splitSubjectId: number | null;
  subjectName: string;
  teacherId: number;
  teacherName: string;
}

export function lessonLabel(subjectName: string, groupName: string | null): string {
  return groupName ? `«${subjectName}» (${groupName})` : `«${subjectName}»`;
}

const ON_WEEKDAY = [
  'в воскресенье',
  'в понедельник',
  'во вторник',
  'в среду',
  'в четверг',
  'в пятницу',
  'в субботу',
];

/** "во вторник, 3-й урок" (a timetable's cell; weekday 1 = Monday). */
export function whenWeekly(wd: number, number: number): string {
  return `${ON_WEEKDAY[wd % 7]}, ${number}-й урок`;
}

/** "во вторник 24.11.2026, 3-й урок". */
export function whenText(date: IsoDate, number: number): string {
  return `${ON_WEEKDAY[weekday(date)]} ${formatDate(date)}, ${number}-й урок`;
}

/**
 * Why two loads cannot share one time, or null: one teacher in two places; one class in two lessons,
 * unless both are groups of one split (the same subject's подгруппы) — then a group and its whole
 * class, or two different subjects, collide.
 */
export function collision(
  a: Omit<SlotCandidate, 'lessonId'>,
  b: Omit<SlotCandidate, 'lessonId'>,
  when: string,
): string | null {
  if (a.teacherId === b.teacherId)
    return `${a.teacherName} ${when} уже ведёт ${lessonLabel(b.subjectName, null)} в ${b.className}`;
  if (a.classId !== b.classId) return null;
  const groupsOfOneSplit =
    a.groupId !== null &&
    b.groupId !== null &&
    a.groupId !== b.groupId &&
    a.splitSubjectId !== null &&
    a.splitSubjectId === b.splitSubjectId;
  if (groupsOfOneSplit) return null;
  if (a.groupId === null || b.groupId === null) {
    const [group, whole] = a.groupId !== null ? [a, b] : [b, a];
    if (group.groupId !== null)
      return `${a.className}, ${when}: подгруппа ${lessonLabel(group.subjectName, null)} и весь класс (${lessonLabel(whole.subjectName, null)}) в одно время`;
  }
  return `${a.className}, ${when}: ${lessonLabel(a.subjectName, null)} и ${lessonLabel(b.subjectName, null)} в одно время`;
}

/** The first collision of a lesson placed at `date`/`number` with the lessons already there. */
export function lessonCollision(
  db: Database,
  candidate: SlotCandidate,
  date: IsoDate,
  number: number,
): string | null {
  const when = whenText(date, number);
  for (const other of db.all(lessonsAtSlot, { date, number })) {
    if (other.lessonId === candidate.lessonId || other.cancelledAt !== null) continue;
    const why = collision(
      candidate,
      {
        classId: other.classId,
        className: other.className,
        groupId: other.groupId,
        splitSubjectId: other.splitSubjectId,
        subjectName: other.subjectName,
        teacherId: other.teacherId,
        teacherName: initials({ lastName: other.tLast, firstName: other.tFirst, middleName: other.tMiddle }),
      },
      when,
    );
    if (why) return why;
  }
  return null;
}

/** A past year after the rollover stays readable and is no longer changed. */
export function assertNotArchived(row: { yearName: string; archivedAt: string | null }): void {
  if (row.archivedAt !== null)
    throw new ApiError(
      'FORBIDDEN',
      `Учебный год ${row.yearName} в архиве: его расписание и уроки не меняются`,
    );
}
