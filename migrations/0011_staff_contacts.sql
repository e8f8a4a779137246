-- A staff member's e-mail and phone (issue 8): the staff list's template has these columns and the
-- administrator's staff screen shows and edits them. Two nullable columns on the account, not a
-- table of their own: one value of each per person, read with the row the staff list already reads.
-- Families' contacts stay where they are (guardian, student): for a parent's or a student's account
-- these stay NULL. NULL = not known; the services store '' as NULL. Existing rows get NULL.
ALTER TABLE user_account ADD COLUMN email TEXT;
ALTER TABLE user_account ADD COLUMN phone TEXT;
