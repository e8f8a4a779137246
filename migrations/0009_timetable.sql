-- Расписание (issue 8): the weekly timetable of a class, versioned by the date it is valid from, and
-- what the deputy changes on one day (отмена, перенос, замена) recorded on the lesson itself.

-- One timetable of one class from `valid_from` until the next version of that class (or the year's
-- end). A change of timetable is a new version: the old one stays, so what was planned is history.
CREATE TABLE timetable_version (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  class_id         INTEGER NOT NULL REFERENCES class (id),
  valid_from       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  created_by       INTEGER NOT NULL REFERENCES user_account (id),
  UNIQUE (class_id, valid_from)
);
CREATE INDEX timetable_version_year ON timetable_version (academic_year_id);

-- A cell of the grid: weekday (1 = Monday … 6 = Saturday) × lesson number. Several loads in one
-- cell are the groups of one split (подгруппы) working at the same time.
CREATE TABLE timetable_slot (
  version_id INTEGER NOT NULL REFERENCES timetable_version (id),
  weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 6),
  number     INTEGER NOT NULL CHECK (number BETWEEN 0 AND 10),
  load_id    INTEGER NOT NULL REFERENCES teaching_load (id),
  PRIMARY KEY (version_id, weekday, number, load_id)
);
CREATE INDEX timetable_slot_load ON timetable_slot (load_id);

-- A cancelled lesson stays a row (its topic, marks and absences are kept and it is counted in the
-- register of cancelled lessons, 002 §5.4); a moved one remembers where it was planned.
ALTER TABLE lesson ADD COLUMN cancelled_at TEXT;
ALTER TABLE lesson ADD COLUMN cancelled_by INTEGER REFERENCES user_account (id);
ALTER TABLE lesson ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE lesson ADD COLUMN moved_from_date TEXT;
ALTER TABLE lesson ADD COLUMN moved_from_number INTEGER;
