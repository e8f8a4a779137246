-- Retakes, owed works and taken attendance (issue 9, 001 §2.9, domain-defaults §4.2 «точка», §6).
--
-- A retake (пересдача) is a mark on a lesson the student missed: it sits in the missed lesson's cell
-- beside the absence, which stays, and carries the day it was written. NULL: an ordinary mark.
ALTER TABLE mark ADD COLUMN retaken_on TEXT;

-- An owed work (долг, «точка»): the teacher waits for a student's work on one lesson until a due
-- date. A state of its own, apart from marks and absences (never averaged); one per cell. A mark put
-- in the cell settles it: the row is deleted in the mark's own write, and the audit log keeps it.
CREATE TABLE owed_work (
  id         INTEGER PRIMARY KEY,
  lesson_id  INTEGER NOT NULL REFERENCES lesson (id),
  student_id INTEGER NOT NULL REFERENCES student (id),
  due_on     TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES user_account (id),
  updated_at TEXT NOT NULL,
  updated_by INTEGER NOT NULL REFERENCES user_account (id),
  UNIQUE (lesson_id, student_id)
);
-- The diary lists a child's owed works.
CREATE INDEX owed_work_student ON owed_work (student_id);

-- Attendance taken: when and by whom the lesson's attendance was first recorded (an absence entered,
-- or the teacher's «все присутствуют»), so «all present» is told apart from «not taken yet».
ALTER TABLE lesson ADD COLUMN attendance_taken_at TEXT;
ALTER TABLE lesson ADD COLUMN attendance_taken_by INTEGER REFERENCES user_account (id);
