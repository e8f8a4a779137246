-- What a real school's set-up needs from more than one feature (issue 8); each feature's own
-- tables come in its own migration.

-- The school's details for the first-run screen, the printed journal and the credential slips.
ALTER TABLE school ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN director_name TEXT NOT NULL DEFAULT '';

-- When the person's current temporary password was handed out on paper (004 §3.3); NULL = never
-- issued: the account exists (imported, created) but nobody can log in with it until its slip is
-- printed, which sets a fresh temporary password.
ALTER TABLE user_account ADD COLUMN credentials_issued_at TEXT;

-- A past year after the rollover: still readable, no longer writable.
ALTER TABLE academic_year ADD COLUMN archived_at TEXT;

-- Переносы выходных дней: a weekday that becomes a day off, or a weekend day that becomes a school
-- day following the timetable of another weekday (1 = Monday … 6 = Saturday).
CREATE TABLE calendar_change (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  date             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('day_off', 'school_day')),
  follows_weekday  INTEGER CHECK (follows_weekday BETWEEN 1 AND 6),
  reason           TEXT NOT NULL DEFAULT '',
  UNIQUE (academic_year_id, date),
  CHECK ((kind = 'school_day') = (follows_weekday IS NOT NULL))
);

-- The journal's own identity: kept by a backup and its restore (the same journal), different for
-- every other journal, so a staff computer never sends saves queued for one journal to another.
INSERT INTO setting (key, value) VALUES ('journal.id', '"' || lower(hex(randomblob(16))) || '"');
