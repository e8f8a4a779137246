import type { DiaryWeek } from '../../shared/diary/schemas';
import { type Database, prepared } from '../db/database';

/**
 * A child's owed works (долг, «точка») of the year, as the diary lists them: the subject, the
 * lesson the work belongs to and the day it is due. Only the child's own rows (student_id), only
 * this year's pages; a settled debt is gone (a mark replaced it), so what is listed is still owed.
 */
const owedOfStudent = prepared<{ yearId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('owed_work as o')
    .innerJoin('lesson as s', 's.id', 'o.lesson_id')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
    .select(['sub.name as subject', 's.date as lessonDate', 'o.due_on as dueOn'])
    .where('o.student_id', '=', p.studentId)
    .where('l.academic_year_id', '=', p.yearId)
    .orderBy('o.due_on')
    .orderBy('s.date'),
);

export function owedWorks(db: Database, yearId: number, studentId: number): DiaryWeek['owed'] {
  return db.all(owedOfStudent, { yearId, studentId });
}
