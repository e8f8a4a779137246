import BetterSqlite3 from 'better-sqlite3';

/** Reads the demo database the server under test uses, to pick a student and a lesson as a user would. */
export function demoFacts() {
  const db = new BetterSqlite3('test-results/e2e.sqlite', { readonly: true });
  try {
    const child = db
      .prepare(
        `SELECT s.id, s.last_name || ' ' || s.first_name AS name FROM user_account u JOIN student s ON s.id = u.student_id WHERE u.login = 'uchenik'`,
      )
      .get() as { id: number; name: string };
    const load = db
      .prepare(
        `SELECT l.id FROM teaching_load l JOIN user_account u ON u.id = l.teacher_id JOIN subject s ON s.id = l.subject_id
         JOIN class_enrollment e ON e.class_id = l.class_id JOIN academic_year y ON y.id = l.academic_year_id AND y.archived_at IS NULL
         WHERE u.login = 'teacher' AND s.name = 'Русский язык' AND e.student_id = ?`,
      )
      .get(child.id) as { id: number };
    const other = db
      .prepare(
        'SELECT id FROM student WHERE id NOT IN (SELECT student_id FROM student_guardian WHERE guardian_id = (SELECT guardian_id FROM user_account WHERE login = ?)) LIMIT 1',
      )
      .get('roditel') as { id: number };
    return { child, loadId: load.id, otherStudentId: other.id };
  } finally {
    db.close();
  }
}
