-- The plan of topics of a teaching load (КТП, 004 §2.2, issue 9): an ordered list of topics with
-- hours, one plan per load. `version` on the plan guards the whole list against a stale save (two
-- people editing the same plan); items are rewritten whole on each save, so nothing refers to them.
CREATE TABLE topic_plan (
  load_id     INTEGER PRIMARY KEY REFERENCES teaching_load (id),
  version     INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER REFERENCES user_account (id)
);
CREATE TABLE topic_plan_item (
  id        INTEGER PRIMARY KEY,
  load_id   INTEGER NOT NULL REFERENCES topic_plan (load_id),
  position  INTEGER NOT NULL CHECK (position >= 1),
  title     TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  hours     INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 200),
  UNIQUE (load_id, position)
);
-- The topic the plan's fill last wrote on a lesson (NULL: the fill never wrote one). A lesson whose
-- topic is not empty and differs from it was written by hand, and the fill never overwrites it; a
-- teacher who changes one lesson's topic makes it hand-written without any other step.
ALTER TABLE lesson ADD COLUMN plan_topic TEXT;
