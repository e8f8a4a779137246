import type BetterSqlite3 from 'better-sqlite3';

/**
 * Turns the demo generator's one-year school into a school that keeps `years` academic years: each
 * earlier year is a copy of the generated one, dates moved back by whole years, with its own classes,
 * groups, loads, lessons, marks and absences, and the same students and teachers (so every student
 * has `years` years of marks, as a grade-11 student does after five years in the school). The
 * generated year stays the current one. Built with INSERT … SELECT in one transaction (seconds).
 */
export function addPastYears(sqlite: BetterSqlite3.Database, years: number): void {
  const base = sqlite.prepare('SELECT id, name, starts_on, ends_on FROM academic_year').all() as {
    id: number;
    name: string;
    starts_on: string;
  }[];
  if (base.length !== 1) throw new Error('addPastYears expects the generator’s one-year school');
  const year = base[0]!;
  const max = (table: string) =>
    (sqlite.prepare(`SELECT coalesce(max(id), 0) AS n FROM ${table}`).get() as { n: number }).n;
  const step = {
    class: max('class'),
    group: max('class_group'),
    load: max('teaching_load'),
    lesson: max('lesson'),
    mark: max('mark'),
    absence: max('absence'),
  };
  const startYear = Number(year.starts_on.slice(0, 4));
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    // Secondary indexes of the big tables are rebuilt once at the end (sorting beats 2 M random inserts).
    const rebuilt = sqlite
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('mark', 'absence', 'lesson')",
      )
      .all() as { name: string; sql: string }[];
    for (const i of rebuilt) sqlite.exec(`DROP INDEX ${i.name}`);
    for (let k = 1; k < years; k++) {
      const shift = `'-${k} years'`;
      const o = {
        y: year.id,
        c: step.class * k,
        g: step.group * k,
        l: step.load * k,
        s: step.lesson * k,
        m: step.mark * k,
        a: step.absence * k,
      };
      const newYear = Number(
        sqlite
          .prepare(
            `INSERT INTO academic_year (name, starts_on, ends_on)
             SELECT ?, date(starts_on, ${shift}), date(ends_on, ${shift}) FROM academic_year WHERE id = ?`,
          )
          .run(`${startYear - k}/${startYear - k + 1}`, year.id).lastInsertRowid,
      );
      const run = (sql: string) => sqlite.prepare(sql).run({ ...o, ny: newYear });
      run(`INSERT INTO period (academic_year_id, kind, number, name, grade_from, grade_to, starts_on, ends_on, closed_at, closed_by)
           SELECT :ny, kind, number, name, grade_from, grade_to, date(starts_on, ${shift}), date(ends_on, ${shift}), date(ends_on, ${shift}), NULL
           FROM period WHERE academic_year_id = :y`);
      run(`INSERT INTO holiday (academic_year_id, name, grade_from, grade_to, starts_on, ends_on)
           SELECT :ny, name, grade_from, grade_to, date(starts_on, ${shift}), date(ends_on, ${shift}) FROM holiday WHERE academic_year_id = :y`);
      run(`INSERT INTO class (id, academic_year_id, grade, letter, name, class_teacher_id)
           SELECT id + :c, :ny, grade, letter, name, class_teacher_id FROM class WHERE academic_year_id = :y`);
      run(`INSERT INTO class_enrollment (class_id, student_id, enrolled_on, left_on)
           SELECT e.class_id + :c, e.student_id, date(e.enrolled_on, ${shift}), date(coalesce(e.left_on, y.ends_on), ${shift})
           FROM class_enrollment e JOIN class c ON c.id = e.class_id JOIN academic_year y ON y.id = c.academic_year_id
           WHERE c.academic_year_id = :y`);
      run(`INSERT INTO class_group (id, class_id, subject_id, name)
           SELECT g.id + :g, g.class_id + :c, g.subject_id, g.name FROM class_group g JOIN class c ON c.id = g.class_id
           WHERE c.academic_year_id = :y`);
      run(`INSERT INTO group_member (group_id, student_id)
           SELECT gm.group_id + :g, gm.student_id FROM group_member gm JOIN class_group g ON g.id = gm.group_id
           JOIN class c ON c.id = g.class_id WHERE c.academic_year_id = :y`);
      run(`INSERT INTO teaching_load (id, academic_year_id, class_id, group_id, subject_id, teacher_id, hours_per_week, marking_mode)
           SELECT id + :l, :ny, class_id + :c, group_id + :g, subject_id, teacher_id, hours_per_week, marking_mode
           FROM teaching_load WHERE academic_year_id = :y`);
      run(`INSERT INTO lesson (id, load_id, date, number, topic, homework, teacher_id, version, created_at, updated_at, updated_by)
           SELECT s.id + :s, s.load_id + :l, date(s.date, ${shift}), s.number, s.topic, s.homework, s.teacher_id, s.version,
                  s.created_at, s.updated_at, s.updated_by
           FROM lesson s JOIN teaching_load l ON l.id = s.load_id WHERE l.academic_year_id = :y`);
      run(`INSERT INTO mark (id, lesson_id, student_id, slot, value, work_type_id, weight, comment, version, created_at, created_by, updated_at, updated_by)
           SELECT m.id + :m, m.lesson_id + :s, m.student_id, m.slot, m.value, m.work_type_id, m.weight, m.comment, m.version,
                  m.created_at, m.created_by, m.updated_at, m.updated_by
           FROM mark m JOIN lesson s ON s.id = m.lesson_id JOIN teaching_load l ON l.id = s.load_id WHERE l.academic_year_id = :y`);
      run(`INSERT INTO absence (id, lesson_id, student_id, code, minutes_late, version, created_at, created_by, updated_at, updated_by)
           SELECT a.id + :a, a.lesson_id + :s, a.student_id, a.code, a.minutes_late, a.version, a.created_at, a.created_by,
                  a.updated_at, a.updated_by
           FROM absence a JOIN lesson s ON s.id = a.lesson_id JOIN teaching_load l ON l.id = s.load_id WHERE l.academic_year_id = :y`);
    }
    for (const i of rebuilt) sqlite.exec(i.sql);
    sqlite.exec('COMMIT');
  } catch (e) {
    sqlite.exec('ROLLBACK');
    throw e;
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`addPastYears broke ${broken.length} references`);
}
