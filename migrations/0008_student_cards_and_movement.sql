-- The class teacher keeps the class (issue 8; 003 §2.1, 004 §4.2): the student's card and the orders
-- (приказы) behind every movement.

-- The student's card: what the class teacher writes down and keeps current (003 §2.1). '' = not known.
ALTER TABLE student ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE student ADD COLUMN phone TEXT NOT NULL DEFAULT '';       -- мобильный
ALTER TABLE student ADD COLUMN home_phone TEXT NOT NULL DEFAULT '';  -- домашний
ALTER TABLE student ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE student ADD COLUMN notes TEXT NOT NULL DEFAULT '';
-- The card is edited by the class teacher and the administrator: a stale save is refused.
ALTER TABLE student ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Движение учащихся: each enrollment says how it began and how it ended, under which order.
-- enrolled_kind: 'listed' (on the class list from the start: imported, created, moved up a year),
-- 'arrived' (прибыл from another school), 'transferred' (переведён from another class of the school).
ALTER TABLE class_enrollment ADD COLUMN enrolled_kind TEXT NOT NULL DEFAULT 'listed'
  CHECK (enrolled_kind IN ('listed', 'arrived', 'transferred'));
ALTER TABLE class_enrollment ADD COLUMN enrolled_order_no TEXT;
ALTER TABLE class_enrollment ADD COLUMN enrolled_order_date TEXT;
-- left_kind: NULL while the student is in the class; 'left' (выбыл from the school), 'transferred'
-- (переведён to another class: the next enrollment starts the day after left_on).
ALTER TABLE class_enrollment ADD COLUMN left_kind TEXT CHECK (left_kind IN ('left', 'transferred'));
ALTER TABLE class_enrollment ADD COLUMN left_order_no TEXT;
ALTER TABLE class_enrollment ADD COLUMN left_order_date TEXT;
-- Where a student who left went (another school, a town), as the order says.
ALTER TABLE class_enrollment ADD COLUMN left_to TEXT NOT NULL DEFAULT '';

-- A student's enrollments in date order (their card's history, the current class).
CREATE INDEX class_enrollment_student_dates ON class_enrollment (student_id, enrolled_on);
