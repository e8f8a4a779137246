import { sql } from 'kysely';
import { ApiError } from '../../shared/api/errors';
import { formatDate, type IsoDate } from '../../shared/i18n/dates';
import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkValue } from '../../shared/journal/marks';
import { type Database, prepared } from '../db/database';
import { assertPeriodOpen, outsideYear } from '../school-year/school';
import { assertSchoolDay } from '../school-year/school-calendar';

/**
 * How a lesson, a mark and an absence are first written: one statement each, shared by the journal
 * service and by the demo generator, so generated data is exactly what the application writes.
 */

export const insertLesson = prepared<{
  loadId: number;
  date: string;
  number: number;
  topic: string;
  homework: string;
  teacherId: number;
  at: string;
}>()((db, p) =>
  db.insertInto('lesson').values({
    load_id: p.loadId,
    date: p.date,
    number: p.number,
    topic: p.topic,
    homework: p.homework,
    teacher_id: p.teacherId,
    version: 1,
    created_at: p.at,
    updated_at: p.at,
    updated_by: p.teacherId,
  }),
);

/** A journal page (teaching load) as the place of a lesson: its year, and the grade and class it is taught in. */
export interface LessonPlace {
  loadId: number;
  yearId: number;
  yearName: string;
  yearStartsOn: string;
  yearEndsOn: string;
  grade: number;
  classId: number;
  className: string;
}

const lessonAt = prepared<{ loadId: number; date: string; number: number }>()((db, p) =>
  db
    .selectFrom('lesson')
    .select('id')
    .where('load_id', '=', p.loadId)
    .where('date', '=', p.date)
    .where('number', '=', p.number),
);

/**
 * Where a lesson may be put by hand (the journal's «Добавить урок», the deputy's добавление and
 * перенос): inside the year, on a school day of the class (the rule the timetable generates by), in an
 * open period, and on a number the page has no lesson at that day yet.
 */
export function assertLessonSlot(db: Database, place: LessonPlace, date: IsoDate, number: number): void {
  if (date < place.yearStartsOn || date > place.yearEndsOn)
    throw outsideYear(
      date,
      { id: place.yearId, name: place.yearName, starts_on: place.yearStartsOn, ends_on: place.yearEndsOn },
      'date',
    );
  assertSchoolDay(db, place.yearId, place.grade, place.className, date, 'date');
  assertPeriodOpen(db, { ...place, date });
  if (db.first(lessonAt, { loadId: place.loadId, date, number }))
    throw new ApiError('CONFLICT', `${number}-й урок ${formatDate(date)} уже есть в журнале`, 'number');
}

/**
 * A lesson added by hand, empty: the checks of assertLessonSlot, then `clash` (the deputy's test
 * against the other lessons of the class and the teacher at that time), then the row. Returns its id.
 */
export function addLessonByHand(
  db: Database,
  place: LessonPlace,
  lesson: { date: IsoDate; number: number; teacherId: number; at: string },
  clash: () => void = () => {},
): number {
  assertLessonSlot(db, place, lesson.date, lesson.number);
  clash();
  return db.run(insertLesson, {
    loadId: place.loadId,
    date: lesson.date,
    number: lesson.number,
    topic: '',
    homework: '',
    teacherId: lesson.teacherId,
    at: lesson.at,
  }).lastId;
}

export const insertMark = prepared<{
  lessonId: number;
  studentId: number;
  /** The mark's place in the cell (1…5); left out: 1, the cell's first mark. */
  slot?: number;
  value: MarkValue;
  workTypeId: number;
  weight: number;
  comment?: string | null;
  /** A retake (001 §2.9): the day it was written. */
  retakenOn?: string | null;
  at: string;
  by: number;
}>()((db, p) =>
  db.insertInto('mark').values({
    lesson_id: p.lessonId,
    student_id: p.studentId,
    slot: sql<number>`coalesce(${p.slot}, 1)`,
    value: p.value,
    work_type_id: p.workTypeId,
    weight: p.weight,
    comment: p.comment,
    retaken_on: p.retakenOn,
    version: 1,
    created_at: p.at,
    created_by: p.by,
    updated_at: p.at,
    updated_by: p.by,
  }),
);

export const insertAbsence = prepared<{
  lessonId: number;
  studentId: number;
  code: AbsenceCode;
  /** Minutes late of an ОП (1–45); left out: not given. */
  minutesLate?: number | null;
  at: string;
  by: number;
}>()((db, p) =>
  db.insertInto('absence').values({
    lesson_id: p.lessonId,
    student_id: p.studentId,
    code: p.code,
    minutes_late: p.minutesLate,
    version: 1,
    created_at: p.at,
    created_by: p.by,
    updated_at: p.at,
    updated_by: p.by,
  }),
);
