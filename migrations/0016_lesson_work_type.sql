-- A lesson's work type (issue 9): a контрольная lesson gives every new mark of that lesson its work
-- type and weight; NULL = the school's default work type (the first active one). The page-wide
-- «Вид работы для новых отметок» selector is gone: the default belongs to the lesson, set in its
-- dialog. Existing lessons get NULL, so their new marks behave as before.
ALTER TABLE lesson ADD COLUMN work_type_id INTEGER REFERENCES work_type (id);
