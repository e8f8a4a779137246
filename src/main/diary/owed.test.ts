import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import type { DiaryWeek } from '../../shared/diary/schemas';

/** The diary lists a child's owed works (долги) with their due dates, and only that child's. */
let school: School;
let fx: ReturnType<typeof fixtures>;
beforeAll(() => {
  school = makeSchool();
  fx = fixtures(school.db);
});
afterAll(() => school.close());

async function diaryOf(studentId: number): Promise<DiaryWeek> {
  const token = await school.login('roditel', 'family');
  const r = await school.call('diary.week', { studentId, weekOf: TODAY }, token, 'family');
  if (!r.ok) throw new Error(r.error.message);
  return r.value as DiaryWeek;
}

describe("the diary's owed works", () => {
  it('shows the owed work with its subject and due date until a mark settles it', async () => {
    // A page of the child's class and its last lesson before today, the cell emptied.
    const lesson = one<{ id: number; date: string; teacher_id: number; subject: string }>(
      school.db,
      `SELECT s.id, s.date, l.teacher_id, sub.name AS subject FROM lesson s
       JOIN teaching_load l ON l.id = s.load_id JOIN subject sub ON sub.id = l.subject_id
       JOIN class_enrollment e ON e.class_id = l.class_id AND e.student_id = ?
       WHERE l.group_id IS NULL AND l.marking_mode = 'points' AND s.date < ? AND s.cancelled_at IS NULL
       ORDER BY s.date DESC LIMIT 1`,
      fx.ownChild,
      TODAY,
    );
    const ids = { lessonId: lesson.id, studentId: fx.ownChild };
    school.db.sqlite
      .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
      .run(lesson.id, fx.ownChild);
    const teacher = await school.login(fx.loginOf(lesson.teacher_id));
    const set = await school.call(
      'journal.setOwed',
      { ...ids, dueOn: '2026-11-27', expectedVersion: null },
      teacher,
    );
    expect(set.ok, JSON.stringify(set)).toBe(true);

    expect((await diaryOf(fx.ownChild)).owed).toEqual([
      { subject: lesson.subject, lessonDate: lesson.date, dueOn: '2026-11-27' },
    ]);
    expect((await diaryOf(fx.secondChild)).owed).toEqual([]);

    await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, teacher);
    expect((await diaryOf(fx.ownChild)).owed).toEqual([]);
  });
});
