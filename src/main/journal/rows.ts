import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkValue } from '../../shared/journal/marks';
import { prepared } from '../db/database';

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

export const insertMark = prepared<{
  lessonId: number;
  studentId: number;
  value: MarkValue;
  workTypeId: number;
  weight: number;
  at: string;
  by: number;
}>()((db, p) =>
  db.insertInto('mark').values({
    lesson_id: p.lessonId,
    student_id: p.studentId,
    slot: 1,
    value: p.value,
    work_type_id: p.workTypeId,
    weight: p.weight,
    comment: null,
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
  at: string;
  by: number;
}>()((db, p) =>
  db.insertInto('absence').values({
    lesson_id: p.lessonId,
    student_id: p.studentId,
    code: p.code,
    minutes_late: null,
    version: 1,
    created_at: p.at,
    created_by: p.by,
    updated_at: p.at,
    updated_by: p.by,
  }),
);
