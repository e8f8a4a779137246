-- The curriculum (учебный план) of a profile class (профильный класс) may differ from its grade's:
-- a row with class_id names that class; a row without it is the grade's plan. SQLite cannot change
-- a table's constraints in place, so the table is rebuilt, keeping every row (they are grade rows).
CREATE TABLE curriculum_item_new (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  grade            INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
  class_id         INTEGER REFERENCES class (id),
  subject_id       INTEGER NOT NULL REFERENCES subject (id),
  hours_per_week   REAL NOT NULL CHECK (hours_per_week > 0),
  marking_mode     TEXT NOT NULL CHECK (marking_mode IN ('points', 'pass_fail', 'none'))
);
INSERT INTO curriculum_item_new (id, academic_year_id, grade, class_id, subject_id, hours_per_week, marking_mode)
  SELECT id, academic_year_id, grade, NULL, subject_id, hours_per_week, marking_mode FROM curriculum_item;
DROP TABLE curriculum_item;
ALTER TABLE curriculum_item_new RENAME TO curriculum_item;
-- One row per subject in a grade's plan, and one per subject in a class's own plan.
CREATE UNIQUE INDEX curriculum_item_grade ON curriculum_item (academic_year_id, grade, subject_id) WHERE class_id IS NULL;
CREATE UNIQUE INDEX curriculum_item_class ON curriculum_item (class_id, subject_id) WHERE class_id IS NOT NULL;
