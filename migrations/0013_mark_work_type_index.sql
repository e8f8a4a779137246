-- The deputy's grading settings show how many marks each work type has (a used work type is archived,
-- never deleted, and its weight change never rewrites those marks): counted by work type, not by
-- reading every mark of the school.
CREATE INDEX mark_work_type ON mark (work_type_id);
