import { type Database, prepared } from '../db/database';

/** The lesson a change is about, with what decides whether it may be changed. */

const lessonContext = prepared<{ lessonId: number }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .select([
      's.id',
      's.date',
      's.number',
      's.topic',
      's.homework',
      's.version',
      's.cancelled_at as cancelledAt',
      's.cancel_reason as cancelReason',
      's.teacher_id as givenBy',
      's.work_type_id as workTypeId',
      's.attendance_taken_at as attendanceTakenAt',
      'l.teacher_id as loadTeacherId',
      'l.id as loadId',
      'l.class_id as classId',
      'l.group_id as groupId',
      'l.marking_mode as markingMode',
      'l.academic_year_id as yearId',
      'c.grade as grade',
    ])
    .where('s.id', '=', p.lessonId),
);

export type LessonContext = NonNullable<ReturnType<typeof lessonFor>>;
export function lessonFor(db: Database, lessonId: number) {
  return db.first(lessonContext, { lessonId });
}
