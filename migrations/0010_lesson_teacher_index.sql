-- Who gave which lessons: a teacher's list of pages includes those where they gave a lesson in a
-- замена (journal.myLoads), and the register of substitutions counts by teacher. Without it each
-- list read the whole year's lessons (76,000 on a 2,000-student school, ~50 ms).
CREATE INDEX lesson_teacher_date ON lesson (teacher_id, date);
