-- What changed in the journal (sync.changes): one row per topic a write changed ("load:12",
-- "student:5", "class:3"), written by the router in the write's own transaction. The largest id is
-- the change version; it moves only when journal data changes. Only the newest rows are kept.
CREATE TABLE data_change (
  id    INTEGER PRIMARY KEY,
  topic TEXT NOT NULL,
  at    TEXT NOT NULL
);

-- Queries that must cost the same whether the file keeps one academic year or ten: each finds its
-- rows through the selective column of the current year, never through a column that grows with
-- the years (EXPLAIN QUERY PLAN in src/main/diary/plans.test.ts and src/main/journal/plans.test.ts).

-- The diary's week: the loads of the student's class, then each load's lessons of the week through
-- lesson (load_id, date, number), then the student's mark and absence of each lesson through their
-- (lesson_id, student_id) keys. Before: marks and absences by student_id alone (every year's rows),
-- lessons by date across the whole school.
CREATE INDEX teaching_load_class ON teaching_load (class_id);

-- journal.myLoads: a teacher's pages of the year, the pages of the classes they lead this year,
-- and every page of the year for the administration.
CREATE INDEX teaching_load_teacher_year ON teaching_load (teacher_id, academic_year_id);
CREATE INDEX teaching_load_year ON teaching_load (academic_year_id);
CREATE INDEX class_teacher_year ON class (class_teacher_id, academic_year_id);
CREATE INDEX holiday_year ON holiday (academic_year_id);
