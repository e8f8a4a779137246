-- Who opened and who changed which journal page (issue 10: 004 §4.2 «кто открывал и изменял
-- страницу», 000 §5.2 «страницы не открывались»).

-- Page views (просмотры страниц): the first time each day a user opened a journal page (teaching
-- load). One row per page, user and day, written after the page's read by journal/page-views.ts and
-- never updated or deleted by the services. A read record, not a change: not an audit_log row
-- (page-views.ts says why). The views of a load deleted later (only a load without lessons can be)
-- go with it.
CREATE TABLE page_view (
  load_id  INTEGER NOT NULL REFERENCES teaching_load (id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES user_account (id),
  day      TEXT NOT NULL,
  first_at TEXT NOT NULL,
  PRIMARY KEY (load_id, user_id, day)
) WITHOUT ROWID;
-- The access log reads the views of a date range.
CREATE INDEX page_view_day ON page_view (day);
-- The day views began to be recorded (the computer's local day, as page_view.day): before it, a page
-- without views may well have been opened, and the fill report does not call it «не открывалась».
INSERT INTO setting (key, value) VALUES ('journal.page_views_since', json_object('day', date('now', 'localtime')));

-- Page changes per user, page and day (the school computer's day, as page_view.day: the audit log
-- keeps UTC, a change at 00:30 in Moscow belongs to that Moscow day): a summary of audit_log's rows of
-- journal pages, kept by the trigger below in the same transaction as the audit row, so that the
-- access log of a year reads thousands of summary rows instead of a million audit rows (each mark's
-- lesson sits in its JSON), by its key from the range's first day. Derived data, like an index: the audit rows and their hash chain are
-- unchanged, and the table can be rebuilt from audit_log by the statement that fills it here.
CREATE TABLE page_change (
  user_id  INTEGER NOT NULL REFERENCES user_account (id),
  day      TEXT NOT NULL,
  load_id  INTEGER NOT NULL REFERENCES teaching_load (id) ON DELETE CASCADE,
  changes  INTEGER NOT NULL,
  first_at TEXT NOT NULL,
  last_at  TEXT NOT NULL,
  PRIMARY KEY (day, user_id, load_id)
) WITHOUT ROWID;

-- The page of an audit row: a mark's or an absence's lesson is in its JSON (a deleted one's row is
-- gone), a lesson's is its own id, a plan of topics is keyed by its load.
INSERT INTO page_change (user_id, day, load_id, changes, first_at, last_at)
SELECT a.user_id, date(a.at, 'localtime'), coalesce(l.load_id, CASE WHEN a.entity = 'topic_plan' THEN a.entity_id END) AS load,
       count(*), min(a.at), max(a.at)
FROM audit_log a
LEFT JOIN lesson l ON l.id = CASE
  WHEN a.entity IN ('mark', 'absence') THEN json_extract(coalesce(a.after, a.before), '$.lessonId')
  WHEN a.entity IN ('lesson', 'lesson_attendance') THEN a.entity_id END
WHERE a.user_id IS NOT NULL AND a.entity IN ('mark', 'absence', 'lesson', 'lesson_attendance', 'topic_plan')
  AND EXISTS (SELECT 1 FROM teaching_load t WHERE t.id = coalesce(l.load_id, CASE WHEN a.entity = 'topic_plan' THEN a.entity_id END))
GROUP BY 1, 2, 3;

CREATE TRIGGER audit_log_page_change AFTER INSERT ON audit_log
WHEN new.user_id IS NOT NULL AND new.entity IN ('mark', 'absence', 'lesson', 'lesson_attendance', 'topic_plan')
BEGIN
  INSERT INTO page_change (user_id, day, load_id, changes, first_at, last_at)
  SELECT new.user_id, date(new.at, 'localtime'), p.load_id, 1, new.at, new.at
  FROM (
    SELECT CASE
      WHEN new.entity = 'topic_plan' THEN (SELECT id FROM teaching_load WHERE id = new.entity_id)
      ELSE (SELECT load_id FROM lesson WHERE id = CASE
        WHEN new.entity IN ('mark', 'absence') THEN json_extract(coalesce(new.after, new.before), '$.lessonId')
        ELSE new.entity_id END)
    END AS load_id
  ) p
  WHERE p.load_id IS NOT NULL
  ON CONFLICT (day, user_id, load_id) DO UPDATE SET
    changes = changes + 1,
    first_at = min(first_at, excluded.first_at),
    last_at = max(last_at, excluded.last_at);
END;
