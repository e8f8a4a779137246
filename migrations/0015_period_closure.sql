-- Closing a period per class (issue 9, 002 §5.2, 004 §4.5). The deputy closes a period for one class,
-- a parallel or the whole school; from then on the marks, absences, lessons and period marks of that
-- class in that period are read-only until the deputy reopens it, with a reason. One row per closing:
-- a reopening fills reopened_* and keeps the row, so the history of closings stays beside the audit
-- log; at most one row per class and period is open (reopened_at IS NULL), and that row is the state.
--
-- period.closed_at / closed_by (schema 1) closed a period for its whole band of grades at once and were
-- never set by any screen. A period closed that way is carried over here as one closing per class of
-- its band (the columns themselves stay, unread by the check, so older computers still open the file).
CREATE TABLE period_closure (
  id             INTEGER PRIMARY KEY,
  period_id      INTEGER NOT NULL REFERENCES period (id),
  class_id       INTEGER NOT NULL REFERENCES class (id),
  closed_at      TEXT NOT NULL,
  -- NULL only for a closing carried over from period.closed_at without a name.
  closed_by      INTEGER REFERENCES user_account (id),
  reopened_at    TEXT,
  reopened_by    INTEGER REFERENCES user_account (id),
  reopen_reason  TEXT,
  CHECK ((reopened_at IS NULL) = (reopened_by IS NULL)),
  CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL)),
  CHECK (reopen_reason IS NULL OR length(trim(reopen_reason)) > 0)
);
CREATE UNIQUE INDEX period_closure_current ON period_closure (class_id, period_id) WHERE reopened_at IS NULL;
CREATE INDEX period_closure_period ON period_closure (period_id);

INSERT INTO period_closure (period_id, class_id, closed_at, closed_by)
SELECT p.id, c.id, p.closed_at, p.closed_by
FROM period p
JOIN class c ON c.academic_year_id = p.academic_year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
WHERE p.closed_at IS NOT NULL;
