-- Accounts of a real school (issue 8, the administrator): consent to the processing of personal data
-- and the families who keep the diary on paper. Only new tables and indexes: computers still on the
-- previous version find everything they knew.

-- Согласие на обработку персональных данных (152-ФЗ; 004 §1.11–1.12): given by a parent in writing
-- when the child is admitted, kept in the personal file. One current record per student (the consent to
-- process the child's data) and per guardian (their own data); who recorded it and when. A withdrawal
-- (152-ФЗ ст. 9 п. 2) removes the record; the audit log keeps its history.
CREATE TABLE pd_consent (
  id           INTEGER PRIMARY KEY,
  student_id   INTEGER REFERENCES student (id),
  guardian_id  INTEGER REFERENCES guardian (id),
  given_on     TEXT NOT NULL,                  -- the date on the signed form
  form         TEXT NOT NULL CHECK (form IN ('paper', 'electronic')),
  recorded_by  INTEGER NOT NULL REFERENCES user_account (id),
  recorded_at  TEXT NOT NULL,
  CHECK ((student_id IS NULL) <> (guardian_id IS NULL))
);
CREATE UNIQUE INDEX pd_consent_student ON pd_consent (student_id) WHERE student_id IS NOT NULL;
CREATE UNIQUE INDEX pd_consent_guardian ON pd_consent (guardian_id) WHERE guardian_id IS NOT NULL;

-- A parent's written refusal of the electronic diary (004 §4.7): this guardian gets no account and
-- receives the diary on paper. The date is the statement's (заявление на имя директора).
CREATE TABLE paper_diary (
  guardian_id  INTEGER PRIMARY KEY REFERENCES guardian (id),
  statement_on TEXT NOT NULL,
  recorded_by  INTEGER NOT NULL REFERENCES user_account (id),
  recorded_at  TEXT NOT NULL
);

-- One parent account per guardian and one student account per student: the account lists and the
-- import find them by these columns, and a second account for the same person is refused.
CREATE UNIQUE INDEX user_account_guardian ON user_account (guardian_id) WHERE guardian_id IS NOT NULL;
CREATE UNIQUE INDEX user_account_student ON user_account (student_id) WHERE student_id IS NOT NULL;
