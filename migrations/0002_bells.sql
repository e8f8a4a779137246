-- расписание звонков: the bells of a band of grades for a range of days. Grade 1's stepped regime
-- (СП 2.4.3648-20 п. 3.4.16) changes its bells in November and in January, hence the date range.
CREATE TABLE bell_schedule (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  name             TEXT NOT NULL,
  grade_from       INTEGER NOT NULL CHECK (grade_from BETWEEN 1 AND 11),
  grade_to         INTEGER NOT NULL CHECK (grade_to BETWEEN 1 AND 11),
  valid_from       TEXT NOT NULL,
  valid_to         TEXT NOT NULL,
  CHECK (grade_from <= grade_to),
  CHECK (valid_from <= valid_to)
);
CREATE INDEX bell_schedule_year ON bell_schedule (academic_year_id);

CREATE TABLE bell (
  schedule_id INTEGER NOT NULL REFERENCES bell_schedule (id),
  number      INTEGER NOT NULL CHECK (number BETWEEN 0 AND 10),
  starts_at   TEXT NOT NULL,                    -- "08:30"
  ends_at     TEXT NOT NULL,
  PRIMARY KEY (schedule_id, number),
  CHECK (starts_at < ends_at)
);
