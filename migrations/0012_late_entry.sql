-- Timeliness (своевременность заполнения, 004 §4.5 "в день проведения урока до 17:00", 000 §4.3
-- "не позднее трех дней"): the first time a lesson's topic, homework, attendance or marks were
-- entered after the school's deadline for that lesson. Written once per lesson and kind by the write
-- that was late and never updated or deleted by the services, so the deputy's report keeps the flag
-- even when the entry is corrected or removed later. The deadline rule itself is a setting.
CREATE TABLE late_entry (
  lesson_id INTEGER NOT NULL REFERENCES lesson (id),
  kind TEXT NOT NULL CHECK (kind IN ('topic', 'homework', 'attendance', 'marks')),
  entered_at TEXT NOT NULL,
  entered_by INTEGER NOT NULL REFERENCES user_account (id),
  PRIMARY KEY (lesson_id, kind)
);
