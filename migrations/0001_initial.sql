-- The journal's schema, modelled for the whole product (DESIGN.md glossary).
-- Dates are ISO text "YYYY-MM-DD"; moments are ISO text in UTC. Rows that two computers may edit at
-- once carry a version: a write names the version it saw and a stale write is refused.

CREATE TABLE school (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  short_name  TEXT NOT NULL,
  is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at  TEXT NOT NULL
);

-- School settings as JSON values under stable keys (mark scale, rounding, session lengths, ...).
CREATE TABLE setting (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL
);

-- учебный год
CREATE TABLE academic_year (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,            -- "2026/2027"
  starts_on   TEXT NOT NULL,
  ends_on     TEXT NOT NULL,
  CHECK (starts_on < ends_on)
);

-- учебный период (четверть, триместр, полугодие); grades 2–9 and 10–11 may use different ones
CREATE TABLE period (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  kind             TEXT NOT NULL CHECK (kind IN ('quarter', 'trimester', 'half_year')),
  number           INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
  name             TEXT NOT NULL,              -- "I четверть"
  grade_from       INTEGER NOT NULL CHECK (grade_from BETWEEN 1 AND 11),
  grade_to         INTEGER NOT NULL CHECK (grade_to BETWEEN 1 AND 11),
  starts_on        TEXT NOT NULL,
  ends_on          TEXT NOT NULL,
  closed_at        TEXT,
  closed_by        INTEGER,
  CHECK (starts_on <= ends_on),
  CHECK (grade_from <= grade_to)
);
CREATE INDEX period_year ON period (academic_year_id, grade_from, grade_to);

-- каникулы, праздники: days without lessons for a band of grades
CREATE TABLE holiday (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  name             TEXT NOT NULL,
  grade_from       INTEGER NOT NULL,
  grade_to         INTEGER NOT NULL,
  starts_on        TEXT NOT NULL,
  ends_on          TEXT NOT NULL,
  CHECK (starts_on <= ends_on)
);

-- учебный предмет
CREATE TABLE subject (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  short_name  TEXT NOT NULL,
  search_name TEXT NOT NULL,
  sort_order  INTEGER NOT NULL DEFAULT 0
);

-- вид работы and its вес
CREATE TABLE work_type (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  weight      REAL NOT NULL CHECK (weight > 0),
  sort_order  INTEGER NOT NULL DEFAULT 0,
  archived_at TEXT
);

-- Every person who logs in: staff, guardians (родители), students.
CREATE TABLE user_account (
  id                   INTEGER PRIMARY KEY,
  login                TEXT NOT NULL UNIQUE,   -- stored in lower case
  password_hash        TEXT NOT NULL,          -- scrypt$N$r$p$salt$hash
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  locked_until         TEXT,
  disabled_at          TEXT,
  last_name            TEXT NOT NULL,
  first_name           TEXT NOT NULL,
  middle_name          TEXT,
  search_name          TEXT NOT NULL,
  guardian_id          INTEGER REFERENCES guardian (id),
  student_id           INTEGER REFERENCES student (id),
  created_at           TEXT NOT NULL,
  password_changed_at  TEXT
);

CREATE TABLE user_role (
  user_id     INTEGER NOT NULL REFERENCES user_account (id),
  role        TEXT NOT NULL CHECK (role IN ('admin', 'director', 'deputy', 'teacher', 'inspector', 'parent', 'student')),
  PRIMARY KEY (user_id, role)
);

-- A login session; only the SHA-256 of its token is stored.
CREATE TABLE session (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES user_account (id),
  audience     TEXT NOT NULL CHECK (audience IN ('staff', 'family')),
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  ended_at     TEXT
);
CREATE INDEX session_user ON session (user_id);

-- класс; class_teacher_id is the классный руководитель
CREATE TABLE class (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  grade            INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
  letter           TEXT NOT NULL,
  name             TEXT NOT NULL,              -- "5А"
  class_teacher_id INTEGER REFERENCES user_account (id),
  UNIQUE (academic_year_id, name)
);
CREATE INDEX class_teacher ON class (class_teacher_id);

CREATE TABLE student (
  id          INTEGER PRIMARY KEY,
  last_name   TEXT NOT NULL,
  first_name  TEXT NOT NULL,
  middle_name TEXT,
  birth_date  TEXT,
  gender      TEXT CHECK (gender IN ('m', 'f')),
  search_name TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX student_search ON student (search_name);

-- Who is in which class, from when to when (движение учащихся keeps history instead of editing it away).
CREATE TABLE class_enrollment (
  id          INTEGER PRIMARY KEY,
  class_id    INTEGER NOT NULL REFERENCES class (id),
  student_id  INTEGER NOT NULL REFERENCES student (id),
  enrolled_on TEXT NOT NULL,
  left_on     TEXT,
  CHECK (left_on IS NULL OR enrolled_on <= left_on)
);
CREATE INDEX class_enrollment_class ON class_enrollment (class_id);
CREATE INDEX class_enrollment_student ON class_enrollment (student_id);

-- законный представитель
CREATE TABLE guardian (
  id          INTEGER PRIMARY KEY,
  last_name   TEXT NOT NULL,
  first_name  TEXT NOT NULL,
  middle_name TEXT,
  phone       TEXT,
  email       TEXT,
  search_name TEXT NOT NULL
);

CREATE TABLE student_guardian (
  student_id  INTEGER NOT NULL REFERENCES student (id),
  guardian_id INTEGER NOT NULL REFERENCES guardian (id),
  relation    TEXT NOT NULL CHECK (relation IN ('mother', 'father', 'guardian', 'other')),
  PRIMARY KEY (student_id, guardian_id)
);
CREATE INDEX student_guardian_guardian ON student_guardian (guardian_id);

-- подгруппа: a subset of a class for one subject (languages, technology, informatics)
CREATE TABLE class_group (
  id          INTEGER PRIMARY KEY,
  class_id    INTEGER NOT NULL REFERENCES class (id),
  subject_id  INTEGER NOT NULL REFERENCES subject (id),
  name        TEXT NOT NULL,
  UNIQUE (class_id, subject_id, name)
);

CREATE TABLE group_member (
  group_id    INTEGER NOT NULL REFERENCES class_group (id),
  student_id  INTEGER NOT NULL REFERENCES student (id),
  PRIMARY KEY (group_id, student_id)
);

-- учебный план: hours per week for a grade in one academic year (it changes by year: 2024, 2025 amendments)
CREATE TABLE curriculum_item (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  grade            INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
  subject_id       INTEGER NOT NULL REFERENCES subject (id),
  hours_per_week   REAL NOT NULL CHECK (hours_per_week > 0),
  marking_mode     TEXT NOT NULL CHECK (marking_mode IN ('points', 'pass_fail', 'none')),
  UNIQUE (academic_year_id, grade, subject_id)
);

-- нагрузка: who teaches what to whom. One journal page (страница предмета) per row.
CREATE TABLE teaching_load (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  class_id         INTEGER NOT NULL REFERENCES class (id),
  group_id         INTEGER REFERENCES class_group (id),
  subject_id       INTEGER NOT NULL REFERENCES subject (id),
  teacher_id       INTEGER NOT NULL REFERENCES user_account (id),
  hours_per_week   REAL NOT NULL CHECK (hours_per_week > 0),
  marking_mode     TEXT NOT NULL CHECK (marking_mode IN ('points', 'pass_fail', 'none'))
);
CREATE UNIQUE INDEX teaching_load_whole_class ON teaching_load (class_id, subject_id) WHERE group_id IS NULL;
CREATE UNIQUE INDEX teaching_load_group ON teaching_load (class_id, subject_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX teaching_load_teacher ON teaching_load (teacher_id);

-- урок: topic and homework live here; teacher_id is who actually gave it (a замена differs from the load's)
CREATE TABLE lesson (
  id          INTEGER PRIMARY KEY,
  load_id     INTEGER NOT NULL REFERENCES teaching_load (id),
  date        TEXT NOT NULL,
  number      INTEGER NOT NULL CHECK (number BETWEEN 0 AND 10),
  topic       TEXT NOT NULL DEFAULT '',
  homework    TEXT NOT NULL DEFAULT '',
  teacher_id  INTEGER NOT NULL REFERENCES user_account (id),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER REFERENCES user_account (id),
  UNIQUE (load_id, date, number)
);
CREATE INDEX lesson_date ON lesson (date);

-- отметка; slot allows more than one mark per student in one lesson; weight is copied from the work type
-- when the mark is set, so a later change of the weight table does not rewrite old averages silently.
CREATE TABLE mark (
  id           INTEGER PRIMARY KEY,
  lesson_id    INTEGER NOT NULL REFERENCES lesson (id),
  student_id   INTEGER NOT NULL REFERENCES student (id),
  slot         INTEGER NOT NULL DEFAULT 1 CHECK (slot BETWEEN 1 AND 5),
  value        TEXT NOT NULL CHECK (value IN ('1', '2', '3', '4', '5', 'зач', 'незач')),
  work_type_id INTEGER NOT NULL REFERENCES work_type (id),
  weight       REAL NOT NULL CHECK (weight > 0),
  comment      TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES user_account (id),
  updated_at   TEXT NOT NULL,
  updated_by   INTEGER NOT NULL REFERENCES user_account (id),
  UNIQUE (lesson_id, student_id, slot)
);
CREATE INDEX mark_student ON mark (student_id);

-- пропуск
CREATE TABLE absence (
  id           INTEGER PRIMARY KEY,
  lesson_id    INTEGER NOT NULL REFERENCES lesson (id),
  student_id   INTEGER NOT NULL REFERENCES student (id),
  code         TEXT NOT NULL CHECK (code IN ('absent', 'ill', 'excused', 'late')),
  minutes_late INTEGER,
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES user_account (id),
  updated_at   TEXT NOT NULL,
  updated_by   INTEGER NOT NULL REFERENCES user_account (id),
  UNIQUE (lesson_id, student_id)
);
CREATE INDEX absence_student ON absence (student_id);

-- четвертная / полугодовая, годовая, экзаменационная, итоговая отметка
CREATE TABLE final_mark (
  id               INTEGER PRIMARY KEY,
  academic_year_id INTEGER NOT NULL REFERENCES academic_year (id),
  subject_id       INTEGER NOT NULL REFERENCES subject (id),
  student_id       INTEGER NOT NULL REFERENCES student (id),
  kind             TEXT NOT NULL CHECK (kind IN ('period', 'year', 'exam', 'final')),
  period_id        INTEGER REFERENCES period (id),
  value            TEXT NOT NULL CHECK (value IN ('1', '2', '3', '4', '5', 'зач', 'незач', 'н/а', 'осв')),
  version          INTEGER NOT NULL DEFAULT 1,
  updated_at       TEXT NOT NULL,
  updated_by       INTEGER NOT NULL REFERENCES user_account (id),
  CHECK ((kind = 'period') = (period_id IS NOT NULL))
);
CREATE UNIQUE INDEX final_mark_period ON final_mark (student_id, subject_id, period_id) WHERE kind = 'period';
CREATE UNIQUE INDEX final_mark_other ON final_mark (student_id, subject_id, academic_year_id, kind) WHERE kind <> 'period';

-- журнал операций: who changed what, when, before and after (JSON), written in the same transaction
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER REFERENCES user_account (id),
  session_id  INTEGER,
  action      TEXT NOT NULL,                   -- the API method, e.g. "journal.setMark"
  entity      TEXT NOT NULL,
  entity_id   INTEGER,
  before      TEXT,
  after       TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
