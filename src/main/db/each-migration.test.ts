import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { verifyAuditChain } from '../audit/chain';
import { auditRowHash, CHAIN_START_KEY, chainGenesis } from '../router/audit-chain';
import { loadMigrations, openJournal } from './migrate';

/**
 * One block per migration file: a journal is brought to version N−1 on a real file, with the rows
 * a school would have written at each earlier version, then migration N runs through the real
 * runner. Every block gets the same checks (applied once, backed up, every earlier row kept, the
 * file consistent) and its own: what migration N promises.
 *
 * A new migration adds one entry to STEPS; the last test fails while a migration file has none.
 */
type Sqlite = BetterSqlite3.Database;

interface Step {
  /** What this migration promises, checked on the file right after it ran. */
  check(db: Sqlite): void;
  /**
   * Rows a school writes into the tables this migration created, at this version; the tests of
   * later migrations start from them to prove they keep them.
   */
  rows?(db: Sqlite): void;
  /** Tables whose existing rows this migration rewrites on purpose (left out of "rows kept"). */
  rewrites?: string[];
}

const AT = '2026-09-01T06:00:00.000Z';

const STEPS: Record<number, Step> = {
  // 0001_initial.sql: the whole journal schema.
  1: {
    check(db) {
      expect(tables(db)).toEqual(
        [
          'school',
          'setting',
          'academic_year',
          'period',
          'holiday',
          'subject',
          'work_type',
          'user_account',
          'user_role',
          'session',
          'class',
          'student',
          'class_enrollment',
          'guardian',
          'student_guardian',
          'class_group',
          'group_member',
          'curriculum_item',
          'teaching_load',
          'lesson',
          'mark',
          'absence',
          'final_mark',
          'audit_log',
        ].sort(),
      );
      expect(indexes(db)).toEqual(
        [
          'period_year',
          'session_user',
          'class_teacher',
          'student_search',
          'class_enrollment_class',
          'class_enrollment_student',
          'student_guardian_guardian',
          'teaching_load_whole_class',
          'teaching_load_group',
          'teaching_load_teacher',
          'lesson_date',
          'mark_student',
          'absence_student',
          'final_mark_period',
          'final_mark_other',
          'audit_log_entity',
          'audit_log_user',
        ].sort(),
      );
      // The rules the services rely on to refuse a second copy of a cell or a lesson.
      rowsOf1(db);
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      refused(
        `INSERT INTO lesson (load_id, date, number, teacher_id, created_at, updated_at) VALUES (1, '2026-09-01', 1, 1, '${AT}', '${AT}')`,
      );
      refused(
        `INSERT INTO mark (lesson_id, student_id, value, work_type_id, weight, created_at, created_by, updated_at, updated_by) VALUES (1, 1, '5', 1, 1, '${AT}', 1, '${AT}', 1)`,
      );
      refused(
        `INSERT INTO absence (lesson_id, student_id, code, created_at, created_by, updated_at, updated_by) VALUES (1, 1, 'ill', '${AT}', 1, '${AT}', 1)`,
      );
      refused(
        "INSERT INTO teaching_load (academic_year_id, class_id, subject_id, teacher_id, hours_per_week, marking_mode) VALUES (1, 1, 1, 1, 5, 'points')",
      );
      refused(
        `INSERT INTO mark (lesson_id, student_id, slot, value, work_type_id, weight, created_at, created_by, updated_at, updated_by) VALUES (1, 1, 2, '6', 1, 1, '${AT}', 1, '${AT}', 1)`,
      );
      // Foreign keys are enforced: no mark for a lesson that does not exist.
      refused(
        `INSERT INTO mark (lesson_id, student_id, slot, value, work_type_id, weight, created_at, created_by, updated_at, updated_by) VALUES (999, 1, 2, '5', 1, 1, '${AT}', 1, '${AT}', 1)`,
      );
    },
    rows: rowsOf1,
  },

  // 0002_bells.sql: bell schedules per band of grades and range of days.
  2: {
    check(db) {
      expect(columns(db, 'bell_schedule')).toEqual([
        'id',
        'academic_year_id',
        'name',
        'grade_from',
        'grade_to',
        'valid_from',
        'valid_to',
      ]);
      expect(columns(db, 'bell')).toEqual(['schedule_id', 'number', 'starts_at', 'ends_at']);
      expect(indexes(db)).toContain('bell_schedule_year');
      rowsOf2(db);
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      // One bell per lesson number in a schedule; a bell ends after it starts; a schedule has a year.
      refused("INSERT INTO bell VALUES (1, 1, '08:00', '08:45')");
      refused("INSERT INTO bell VALUES (1, 3, '10:20', '10:00')");
      refused(
        "INSERT INTO bell_schedule (academic_year_id, name, grade_from, grade_to, valid_from, valid_to) VALUES (99, 'x', 1, 1, '2026-09-01', '2026-10-31')",
      );
      refused(
        "INSERT INTO bell_schedule (academic_year_id, name, grade_from, grade_to, valid_from, valid_to) VALUES (1, 'x', 5, 2, '2026-09-01', '2026-10-31')",
      );
      expect(
        db.prepare('SELECT starts_at, ends_at FROM bell WHERE schedule_id = 1 ORDER BY number').all(),
      ).toEqual([
        { starts_at: '08:30', ends_at: '09:15' },
        { starts_at: '09:25', ends_at: '10:10' },
      ]);
    },
    rows: rowsOf2,
  },

  // 0003_changes_and_year_indexes.sql: what changed (sync.changes), and indexes that keep the diary and
  // the list of pages independent of the years a file keeps. It only creates: older objects stay as
  // they were, so computers still on the previous version find everything they knew.
  3: {
    check(db) {
      expect(columns(db, 'data_change')).toEqual(['id', 'topic', 'at']);
      expect(indexes(db)).toEqual(
        expect.arrayContaining([
          'class_teacher_year',
          'holiday_year',
          'teaching_load_class',
          'teaching_load_teacher_year',
          'teaching_load_year',
        ]),
      );
      expect(db.prepare('SELECT max(id) FROM data_change').pluck().get()).toBeNull();
      rowsOf3(db);
      expect(() => db.exec("INSERT INTO data_change (topic, at) VALUES (NULL, 'x')")).toThrow(/NOT NULL/);
      const sql = migrations[2]?.sql ?? '';
      const statements = sql
        .replace(/--.*$/gm, '')
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean);
      for (const statement of statements) expect(statement).toMatch(/^CREATE (TABLE|INDEX) /);
    },
    rows: rowsOf3,
  },

  // 0004_audit_chain.sql: the audit log append-only and hash-chained. Rows from before it stay, without
  // hashes, counted by the anchor it records; the first row after it links to the anchor's genesis.
  4: {
    rewrites: ['audit_log', 'setting'],
    check(db) {
      expect(columns(db, 'audit_log')).toEqual([
        'id',
        'at',
        'user_id',
        'session_id',
        'action',
        'entity',
        'entity_id',
        'before',
        'after',
        'prev_hash',
        'row_hash',
      ]);
      // The row of schema 1 is kept as it was, with no hashes: it came before the chain.
      expect(db.prepare('SELECT * FROM audit_log').all()).toEqual([
        {
          id: 1,
          at: AT,
          user_id: 1,
          session_id: null,
          action: 'journal.setMark',
          entity: 'mark',
          entity_id: 1,
          before: null,
          after: '{"value":"зач"}',
          prev_hash: null,
          row_hash: null,
        },
      ]);
      expect(db.prepare("SELECT value FROM setting WHERE key = 'marks.scale'").pluck().get()).toBe(
        '{"allowOne":false}',
      );
      expect(db.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(CHAIN_START_KEY)).toBe(
        '{"rows":1,"lastId":1}',
      );
      const refused = (sql: string) =>
        expect(() => db.exec(sql), sql).toThrow('журнал изменений нельзя изменять');
      refused('UPDATE audit_log SET after = \'{"value":"5"}\' WHERE id = 1');
      refused('DELETE FROM audit_log WHERE id = 1');
      refused('DELETE FROM audit_log');
      refused(`UPDATE setting SET value = '{"rows":0,"lastId":0}' WHERE key = '${CHAIN_START_KEY}'`);
      refused(`DELETE FROM setting WHERE key = '${CHAIN_START_KEY}'`);
      // Other settings stay editable.
      db.exec("UPDATE setting SET value = '{\"allowOne\":true}' WHERE key = 'marks.scale'");
      db.exec("UPDATE setting SET value = '{\"allowOne\":false}' WHERE key = 'marks.scale'");
      rowsOf4(db);
      expect(verifyAuditChain(db)).toMatchObject({ ok: true, checked: 1, unchained: 1 });
    },
    rows: rowsOf4,
  },

  // 0005_school_setup.sql: school details, issued credentials, archived years, переносы дней.
  5: {
    check(db) {
      for (const c of ['full_name', 'address', 'director_name']) expect(columns(db, 'school')).toContain(c);
      expect(columns(db, 'user_account')).toContain('credentials_issued_at');
      expect(columns(db, 'academic_year')).toContain('archived_at');
      // Existing rows get empty details and "never issued", not NULLs the screens would trip on.
      expect(db.prepare('SELECT full_name, address, director_name FROM school').get()).toEqual({
        full_name: '',
        address: '',
        director_name: '',
      });
      // The journal's identity: 32 hex digits, made once.
      expect(
        JSON.parse(db.prepare("SELECT value FROM setting WHERE key = 'journal.id'").pluck().get() as string),
      ).toMatch(/^[0-9a-f]{32}$/);
      rowsOf5(db);
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      // One change per date; a school day on a weekend names the weekday it follows; a day off names none.
      refused(
        "INSERT INTO calendar_change (academic_year_id, date, kind) VALUES (1, '2026-11-02', 'day_off')",
      );
      refused(
        "INSERT INTO calendar_change (academic_year_id, date, kind) VALUES (1, '2026-12-26', 'school_day')",
      );
      refused(
        "INSERT INTO calendar_change (academic_year_id, date, kind, follows_weekday) VALUES (1, '2026-12-28', 'day_off', 1)",
      );
      refused(
        "INSERT INTO calendar_change (academic_year_id, date, kind, follows_weekday) VALUES (1, '2026-12-27', 'school_day', 7)",
      );
    },
    rows: rowsOf5,
    // Adds the journal.id row to setting (checked above).
    rewrites: ['setting'],
  },

  // 0006_curriculum_per_class.sql: the curriculum per grade, or per profile class.
  6: {
    check(db) {
      expect(columns(db, 'curriculum_item')).toEqual([
        'id',
        'academic_year_id',
        'grade',
        'class_id',
        'subject_id',
        'hours_per_week',
        'marking_mode',
      ]);
      // The grade's rows are kept (compared above), now with no class.
      expect(db.prepare('SELECT class_id FROM curriculum_item').pluck().all()).toEqual([null]);
      // A profile class has its own hours for a subject, beside its grade's.
      db.exec(
        "INSERT INTO curriculum_item (academic_year_id, grade, class_id, subject_id, hours_per_week, marking_mode) VALUES (1, 5, 1, 1, 6, 'points')",
      );
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      refused(
        "INSERT INTO curriculum_item (academic_year_id, grade, subject_id, hours_per_week, marking_mode) VALUES (1, 5, 1, 4, 'points')",
      );
      refused(
        "INSERT INTO curriculum_item (academic_year_id, grade, class_id, subject_id, hours_per_week, marking_mode) VALUES (1, 5, 1, 1, 4, 'points')",
      );
      refused(
        "INSERT INTO curriculum_item (academic_year_id, grade, class_id, subject_id, hours_per_week, marking_mode) VALUES (1, 5, 99, 1, 4, 'points')",
      );
      expect(indexes(db)).toEqual(expect.arrayContaining(['curriculum_item_grade', 'curriculum_item_class']));
    },
  },

  // 0007_accounts.sql: consent to the processing of personal data, the paper diary, one account per person.
  7: {
    check(db) {
      expect(columns(db, 'pd_consent')).toEqual([
        'id',
        'student_id',
        'guardian_id',
        'given_on',
        'form',
        'recorded_by',
        'recorded_at',
      ]);
      expect(columns(db, 'paper_diary')).toEqual([
        'guardian_id',
        'statement_on',
        'recorded_by',
        'recorded_at',
      ]);
      expect(indexes(db)).toEqual(
        expect.arrayContaining([
          'pd_consent_student',
          'pd_consent_guardian',
          'user_account_guardian',
          'user_account_student',
        ]),
      );
      rowsOf7(db);
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      // A consent is about exactly one person, in one of two forms, and recorded once per person.
      refused(
        `INSERT INTO pd_consent (student_id, guardian_id, given_on, form, recorded_by, recorded_at) VALUES (1, 1, '2026-09-01', 'paper', 1, '${AT}')`,
      );
      refused(
        `INSERT INTO pd_consent (student_id, given_on, form, recorded_by, recorded_at) VALUES (NULL, '2026-09-01', 'paper', 1, '${AT}')`,
      );
      refused(
        `INSERT INTO pd_consent (guardian_id, given_on, form, recorded_by, recorded_at) VALUES (1, '2026-09-01', 'oral', 1, '${AT}')`,
      );
      refused(
        `INSERT INTO pd_consent (student_id, given_on, form, recorded_by, recorded_at) VALUES (1, '2026-09-02', 'paper', 1, '${AT}')`,
      );
      refused(`INSERT INTO paper_diary VALUES (1, '2026-09-03', 1, '${AT}')`);
      // One parent account per guardian, one student account per student.
      db.exec('UPDATE user_account SET guardian_id = 1 WHERE id = 1');
      refused(
        `INSERT INTO user_account (login, password_hash, last_name, first_name, search_name, guardian_id, created_at) VALUES ('second', '!', 'С', 'А', 'с а', 1, '${AT}')`,
      );
      db.exec('UPDATE user_account SET guardian_id = NULL WHERE id = 1');
    },
    rows: rowsOf7,
  },

  // 0008_student_cards_and_movement.sql: the student's card, movement orders on enrollments.
  8: {
    check(db) {
      for (const c of ['address', 'phone', 'home_phone', 'email', 'notes', 'version'])
        expect(columns(db, 'student')).toContain(c);
      // Existing students get an empty card at version 1; existing enrollments were on the list from the start.
      expect(
        db.prepare('SELECT address, phone, home_phone, email, notes, version FROM student').get(),
      ).toEqual({
        address: '',
        phone: '',
        home_phone: '',
        email: '',
        notes: '',
        version: 1,
      });
      expect(
        db
          .prepare(
            'SELECT enrolled_kind, enrolled_order_no, left_kind, left_order_no, left_to FROM class_enrollment',
          )
          .get(),
      ).toEqual({
        enrolled_kind: 'listed',
        enrolled_order_no: null,
        left_kind: null,
        left_order_no: null,
        left_to: '',
      });
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      refused("UPDATE class_enrollment SET enrolled_kind = 'came'");
      refused("UPDATE class_enrollment SET left_kind = 'expelled', left_on = '2026-12-01'");
      // A transfer: the old enrollment ends the day before the new one starts, both under one order.
      db.exec(`
        UPDATE class_enrollment SET left_on = '2026-11-30', left_kind = 'transferred',
          left_order_no = '45-у', left_order_date = '2026-11-27';
        INSERT INTO class (id, academic_year_id, grade, letter, name) VALUES (2, 1, 5, 'Б', '5Б');
        INSERT INTO class_enrollment (class_id, student_id, enrolled_on, enrolled_kind, enrolled_order_no, enrolled_order_date)
          VALUES (2, 1, '2026-12-01', 'transferred', '45-у', '2026-11-27');
      `);
      expect(indexes(db)).toContain('class_enrollment_student_dates');
    },
  },

  // 0009_timetable.sql: timetable versions and slots; cancelled and moved lessons.
  9: {
    check(db) {
      for (const c of [
        'cancelled_at',
        'cancelled_by',
        'cancel_reason',
        'moved_from_date',
        'moved_from_number',
      ])
        expect(columns(db, 'lesson')).toContain(c);
      // Existing lessons are neither cancelled nor moved.
      expect(
        db.prepare('SELECT cancelled_at, cancel_reason, moved_from_date FROM lesson WHERE id = 1').get(),
      ).toEqual({ cancelled_at: null, cancel_reason: '', moved_from_date: null });
      rowsOf9(db);
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      // One version of a class per date; weekdays Monday–Saturday; lesson numbers 0–10.
      refused(
        `INSERT INTO timetable_version (academic_year_id, class_id, valid_from, created_at, created_by) VALUES (1, 1, '2026-09-01', '${AT}', 1)`,
      );
      refused('INSERT INTO timetable_slot (version_id, weekday, number, load_id) VALUES (1, 7, 1, 1)');
      refused('INSERT INTO timetable_slot (version_id, weekday, number, load_id) VALUES (1, 1, 11, 1)');
      refused('INSERT INTO timetable_slot (version_id, weekday, number, load_id) VALUES (1, 1, 1, 1)');
    },
    rows: rowsOf9,
  },

  // 0010_lesson_teacher_index.sql: the lessons a teacher gave, by date.
  10: {
    check(db) {
      expect(indexes(db)).toContain('lesson_teacher_date');
      const plan = db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT load_id FROM lesson WHERE teacher_id = ? AND date >= ? AND date <= ?',
        )
        .all(1, '2026-09-01', '2027-05-26') as { detail: string }[];
      expect(plan.map((r) => r.detail).join('\n')).toMatch(/USING INDEX lesson_teacher_date/);
    },
  },

  // 0011_staff_contacts.sql: a staff member's e-mail and phone on the account.
  11: {
    check(db) {
      expect(columns(db, 'user_account').slice(-2)).toEqual(['email', 'phone']);
      // The teacher of schema 1 keeps every column (compared above) and has no contacts yet.
      expect(db.prepare('SELECT login, email, phone FROM user_account').all()).toEqual([
        { login: 'teacher', email: null, phone: null },
      ]);
      rowsOf11(db);
      expect(db.prepare('SELECT email, phone FROM user_account WHERE id = 1').get()).toEqual({
        email: 'vorontsova@school1.ru',
        phone: '+7 900 300-00-01',
      });
      // An account made the way the services made it before (no contacts named) still goes in.
      db.exec(
        `INSERT INTO user_account (login, password_hash, last_name, first_name, search_name, created_at) VALUES ('director', '!', 'Смирнов', 'Алексей', 'смирнов алексей', '${AT}')`,
      );
      expect(db.prepare("SELECT email, phone FROM user_account WHERE login = 'director'").get()).toEqual({
        email: null,
        phone: null,
      });
    },
    rows: rowsOf11,
  },

  // 0012_late_entry.sql: the first late entry of a lesson's topic, homework, attendance or marks.
  12: {
    check(db) {
      expect(tables(db)).toContain('late_entry');
      const lesson = db.prepare('SELECT id FROM lesson ORDER BY id LIMIT 1').get() as
        | { id: number }
        | undefined;
      if (!lesson) return;
      const flag = db.prepare(
        "INSERT INTO late_entry (lesson_id, kind, entered_at, entered_by) VALUES (?, ?, '2026-11-20T10:00:00.000Z', 1)",
      );
      flag.run(lesson.id, 'topic');
      // Once per lesson and kind; only the four kinds.
      expect(() => flag.run(lesson.id, 'topic')).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() => flag.run(lesson.id, 'grades')).toThrow(/CHECK/);
      db.prepare('DELETE FROM late_entry').run();
    },
  },

  // 0013_mark_work_type_index.sql: marks counted by work type through an index.
  13: {
    check(db) {
      expect(indexes(db)).toContain('mark_work_type');
      const plan = db
        .prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM mark WHERE work_type_id = ?')
        .all(1) as { detail: string }[];
      expect(plan.map((r) => r.detail).join('\n')).toMatch(/mark_work_type/);
    },
  },

  // 0014_topic_plan.sql: the plan of topics (КТП) of a load; the topic the plan wrote on a lesson.
  14: {
    check(db) {
      expect(columns(db, 'lesson').at(-1)).toBe('plan_topic');
      // Existing lessons were written by hand as far as the plan knows: their topics are never replaced.
      expect(db.prepare('SELECT topic, plan_topic FROM lesson WHERE id = 1').get()).toMatchObject({
        plan_topic: null,
      });
      rowsOf14(db);
      expect(
        db.prepare('SELECT position, title, hours FROM topic_plan_item ORDER BY position').all(),
      ).toEqual([
        { position: 1, title: 'Повторение изученного в 4 классе', hours: 2 },
        { position: 2, title: 'Фонетика', hours: 3 },
      ]);
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      // One topic per position; a topic has a title and 1–200 hours; items belong to a plan.
      refused("INSERT INTO topic_plan_item (load_id, position, title, hours) VALUES (1, 1, 'Ещё', 1)");
      refused("INSERT INTO topic_plan_item (load_id, position, title, hours) VALUES (1, 3, '', 1)");
      refused("INSERT INTO topic_plan_item (load_id, position, title, hours) VALUES (1, 3, 'Тема', 0)");
      refused("INSERT INTO topic_plan_item (load_id, position, title, hours) VALUES (99, 1, 'Тема', 1)");
    },
    rows: rowsOf14,
  },

  // 0015_period_closure.sql: a period closed per class, reopened with a reason, the history kept.
  15: {
    check(db) {
      expect(columns(db, 'period_closure')).toEqual([
        'id',
        'period_id',
        'class_id',
        'closed_at',
        'closed_by',
        'reopened_at',
        'reopened_by',
        'reopen_reason',
      ]);
      expect(indexes(db)).toEqual(
        expect.arrayContaining(['period_closure_current', 'period_closure_period']),
      );
      // Nothing was closed before: no closing is invented.
      expect(db.prepare('SELECT count(*) FROM period_closure').pluck().get()).toBe(0);
      rowsOf15(db);
      const refused = (sql: string) => expect(() => db.exec(sql), sql).toThrow(/constraint/i);
      // One current closing per class and period; a reopening names who, when and why.
      refused(
        `INSERT INTO period_closure (period_id, class_id, closed_at, closed_by) VALUES (1, 1, '${AT}', 1)`,
      );
      refused(
        `INSERT INTO period_closure (period_id, class_id, closed_at, closed_by, reopened_at, reopened_by) VALUES (1, 1, '${AT}', 1, '${AT}', 1)`,
      );
      refused(
        `INSERT INTO period_closure (period_id, class_id, closed_at, closed_by, reopened_at, reopened_by, reopen_reason) VALUES (1, 1, '${AT}', 1, '${AT}', 1, '  ')`,
      );
      refused(
        `INSERT INTO period_closure (period_id, class_id, closed_at, closed_by) VALUES (1, 99, '${AT}', 1)`,
      );
      // Reopened, then closed again: two rows, one of them current.
      db.exec(
        `UPDATE period_closure SET reopened_at = '${AT}', reopened_by = 1, reopen_reason = 'Исправление отметки' WHERE id = 1`,
      );
      db.exec(
        `INSERT INTO period_closure (period_id, class_id, closed_at, closed_by) VALUES (1, 1, '${AT}', 1)`,
      );
      expect(db.prepare('SELECT count(*) FROM period_closure WHERE reopened_at IS NULL').pluck().get()).toBe(
        1,
      );
    },
    rows: rowsOf15,
  },

  // 0016_lesson_work_type.sql: a lesson's work type for its new marks (NULL = the school's default).
  16: {
    check(db) {
      expect(columns(db, 'lesson').at(-1)).toBe('work_type_id');
      // Lessons written before have none: their new marks get the school's default as before.
      const lessons = db.prepare('SELECT work_type_id FROM lesson').all() as { work_type_id: null }[];
      for (const l of lessons) expect(l.work_type_id).toBeNull();
      expect(lessons.length).toBeGreaterThan(0);
      // A work type that does not exist is refused (foreign key); one that exists is kept.
      expect(() => db.exec('UPDATE lesson SET work_type_id = 999')).toThrow(/FOREIGN KEY/);
      db.exec('UPDATE lesson SET work_type_id = (SELECT min(id) FROM work_type)');
      expect(db.prepare('SELECT count(*) AS n FROM lesson WHERE work_type_id IS NULL').get()).toEqual({
        n: 0,
      });
    },
  },

  // 0017_retakes_owed_attendance.sql: retakes, owed works, attendance taken.
  17: {
    check(db) {
      expect(columns(db, 'mark').at(-1)).toBe('retaken_on');
      expect(columns(db, 'lesson').slice(-2)).toEqual(['attendance_taken_at', 'attendance_taken_by']);
      expect(columns(db, 'owed_work')).toEqual([
        'id',
        'lesson_id',
        'student_id',
        'due_on',
        'version',
        'created_at',
        'created_by',
        'updated_at',
        'updated_by',
      ]);
      expect(indexes(db)).toEqual(expect.arrayContaining(['owed_work_student']));
      // Marks given before are ordinary marks, and no lesson's attendance is said to be taken.
      expect(db.prepare('SELECT count(*) FROM mark WHERE retaken_on IS NOT NULL').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM mark').pluck().get()).toBeGreaterThan(0);
      expect(
        db.prepare('SELECT count(*) FROM lesson WHERE attendance_taken_at IS NOT NULL').pluck().get(),
      ).toBe(0);
      const owe = `INSERT INTO owed_work (lesson_id, student_id, due_on, created_at, created_by, updated_at, updated_by)
        VALUES (1, (SELECT min(student_id) FROM mark), '2026-12-05', '${AT}', 1, '${AT}', 1)`;
      db.exec(owe);
      // One owed work per cell; a lesson that does not exist is refused.
      expect(() => db.exec(owe)).toThrow(/UNIQUE/);
      expect(() =>
        db.exec(
          `INSERT INTO owed_work (lesson_id, student_id, due_on, created_at, created_by, updated_at, updated_by) VALUES (999, 1, '2026-12-05', '${AT}', 1, '${AT}', 1)`,
        ),
      ).toThrow(/FOREIGN KEY/);
    },
  },

  // 0018_page_view.sql: page views, and changes per page and day kept from audit_log by a trigger.
  18: {
    check(db) {
      expect(columns(db, 'page_view')).toEqual(['load_id', 'user_id', 'day', 'first_at']);
      expect(columns(db, 'page_change')).toEqual([
        'user_id',
        'day',
        'load_id',
        'changes',
        'first_at',
        'last_at',
      ]);
      expect(indexes(db)).toEqual(expect.arrayContaining(['page_view_day']));
      // Views are recorded from the day of the migration on.
      const since = db
        .prepare("SELECT value FROM setting WHERE key = 'journal.page_views_since'")
        .pluck()
        .get();
      expect(JSON.parse(since as string)).toEqual({ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      // The audit rows of earlier versions carry no lesson in their JSON: no page to count them on.
      expect(db.prepare('SELECT count(*) FROM page_change').pluck().get()).toBe(0);
      const view = `INSERT INTO page_view (load_id, user_id, day, first_at) VALUES (1, 1, '2026-09-01', '${AT}')`;
      db.exec(view);
      // One row per page, user and day; a page or a user that does not exist is refused.
      expect(() => db.exec(view)).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() =>
        db.exec(
          `INSERT INTO page_view (load_id, user_id, day, first_at) VALUES (999, 1, '2026-09-02', '${AT}')`,
        ),
      ).toThrow(/FOREIGN KEY/);
      // A new audit row of a mark is counted on its lesson's page, on its UTC day.
      const mark = (at: string) =>
        db
          .prepare(
            `INSERT INTO audit_log (at, user_id, action, entity, entity_id, after) VALUES (?, 1, 'journal.setMark', 'mark', 1, '{"lessonId":1,"value":"5"}')`,
          )
          .run(at);
      mark('2026-09-02T07:00:00.000Z');
      mark('2026-09-02T09:30:00.000Z');
      expect(db.prepare('SELECT * FROM page_change').all()).toEqual([
        {
          user_id: 1,
          day: '2026-09-02',
          load_id: 1,
          changes: 2,
          first_at: '2026-09-02T07:00:00.000Z',
          last_at: '2026-09-02T09:30:00.000Z',
        },
      ]);
    },
    rewrites: ['setting'],
  },
};

/** The plan of topics of load 1 with two topics, at schema 14. */
function rowsOf14(db: Sqlite): void {
  db.exec(`
    INSERT INTO topic_plan (load_id, version, updated_at, updated_by) VALUES (1, 1, '${AT}', 1);
    INSERT INTO topic_plan_item (load_id, position, title, hours) VALUES (1, 1, 'Повторение изученного в 4 классе', 2);
    INSERT INTO topic_plan_item (load_id, position, title, hours) VALUES (1, 2, 'Фонетика', 3);
  `);
}

/** The I quarter closed for 5А by the deputy (here the only account), at schema 15. */
function rowsOf15(db: Sqlite): void {
  db.exec(`INSERT INTO period_closure (period_id, class_id, closed_at, closed_by) VALUES (1, 1, '${AT}', 1)`);
}

/** The teacher's e-mail and phone, as the staff screen stores them, at schema 11. */
function rowsOf11(db: Sqlite): void {
  db.exec("UPDATE user_account SET email = 'vorontsova@school1.ru', phone = '+7 900 300-00-01' WHERE id = 1");
}

/** The student's and the mother's consents on paper, and the mother's paper diary, at schema 7. */
function rowsOf7(db: Sqlite): void {
  db.exec(`
    INSERT INTO pd_consent (student_id, given_on, form, recorded_by, recorded_at) VALUES (1, '2026-09-01', 'paper', 1, '${AT}');
    INSERT INTO pd_consent (guardian_id, given_on, form, recorded_by, recorded_at) VALUES (1, '2026-09-01', 'electronic', 1, '${AT}');
    INSERT INTO paper_diary (guardian_id, statement_on, recorded_by, recorded_at) VALUES (1, '2026-09-02', 1, '${AT}');
  `);
}

/** A class's timetable from the first day, with Russian on Monday's first lesson, at schema 9. */
function rowsOf9(db: Sqlite): void {
  db.exec(`
    INSERT INTO timetable_version (id, academic_year_id, class_id, valid_from, created_at, created_by)
      VALUES (1, 1, 1, '2026-09-01', '${AT}', 1);
    INSERT INTO timetable_slot (version_id, weekday, number, load_id) VALUES (1, 1, 1, 1);
  `);
}

/** A transferred day off (a Monday off, the Saturday before works to Monday's timetable) at schema 5. */
function rowsOf5(db: Sqlite): void {
  db.exec(`
    INSERT INTO calendar_change (academic_year_id, date, kind, follows_weekday, reason)
      VALUES (1, '2026-11-02', 'day_off', NULL, 'перенос с 31 октября'),
             (1, '2026-10-31', 'school_day', 1, 'рабочая суббота по расписанию понедельника');
  `);
}

/** A small school at schema 1: one of everything, with Cyrillic text, a lesson, a mark, an absence. */
function rowsOf1(db: Sqlite): void {
  db.exec(`
    INSERT INTO school (name, short_name, is_demo, created_at) VALUES ('МБОУ «Школа № 1»', 'Школа № 1', 0, '${AT}');
    INSERT INTO setting (key, value) VALUES ('marks.scale', '{"allowOne":false}');
    INSERT INTO academic_year (id, name, starts_on, ends_on) VALUES (1, '2026/2027', '2026-09-01', '2027-05-26');
    INSERT INTO period (academic_year_id, kind, number, name, grade_from, grade_to, starts_on, ends_on)
      VALUES (1, 'quarter', 1, 'I четверть', 1, 9, '2026-09-01', '2026-10-23');
    INSERT INTO holiday (academic_year_id, name, grade_from, grade_to, starts_on, ends_on)
      VALUES (1, 'Осенние каникулы', 1, 11, '2026-10-24', '2026-11-04');
    INSERT INTO subject (id, name, short_name, search_name) VALUES (1, 'Русский язык', 'Рус. яз.', 'русский язык');
    INSERT INTO work_type (id, name, weight) VALUES (1, 'Работа на уроке', 1);
    INSERT INTO user_account (id, login, password_hash, last_name, first_name, middle_name, search_name, created_at)
      VALUES (1, 'teacher', 'scrypt$32768$8$1$c2FsdA$aGFzaA', 'Воронцова', 'Елена', 'Андреевна', 'воронцова елена андреевна', '${AT}');
    INSERT INTO user_role (user_id, role) VALUES (1, 'teacher');
    INSERT INTO session (token_hash, user_id, audience, created_at, last_seen_at, expires_at)
      VALUES ('${'a'.repeat(64)}', 1, 'staff', '${AT}', '${AT}', '2026-09-01T18:00:00.000Z');
    INSERT INTO class (id, academic_year_id, grade, letter, name, class_teacher_id) VALUES (1, 1, 5, 'А', '5А', 1);
    INSERT INTO student (id, last_name, first_name, middle_name, birth_date, gender, search_name, created_at)
      VALUES (1, 'Соловьёв', 'Пётр', 'Ильич', '2015-03-08', 'm', 'соловьев петр ильич', '${AT}');
    INSERT INTO class_enrollment (class_id, student_id, enrolled_on) VALUES (1, 1, '2026-09-01');
    INSERT INTO guardian (id, last_name, first_name, middle_name, phone, search_name)
      VALUES (1, 'Соловьёва', 'Анна', 'Сергеевна', '+7 900 000-00-01', 'соловьева анна сергеевна');
    INSERT INTO student_guardian (student_id, guardian_id, relation) VALUES (1, 1, 'mother');
    INSERT INTO class_group (id, class_id, subject_id, name) VALUES (1, 1, 1, '1 группа');
    INSERT INTO group_member (group_id, student_id) VALUES (1, 1);
    INSERT INTO curriculum_item (academic_year_id, grade, subject_id, hours_per_week, marking_mode) VALUES (1, 5, 1, 5, 'points');
    INSERT INTO teaching_load (id, academic_year_id, class_id, subject_id, teacher_id, hours_per_week, marking_mode)
      VALUES (1, 1, 1, 1, 1, 5, 'points');
    INSERT INTO lesson (id, load_id, date, number, topic, homework, teacher_id, created_at, updated_at)
      VALUES (1, 1, '2026-09-01', 1, 'Повторение изученного в начальных классах', 'упр. 5', 1, '${AT}', '${AT}');
    INSERT INTO mark (lesson_id, student_id, value, work_type_id, weight, created_at, created_by, updated_at, updated_by)
      VALUES (1, 1, 'зач', 1, 1, '${AT}', 1, '${AT}', 1);
    INSERT INTO absence (lesson_id, student_id, code, created_at, created_by, updated_at, updated_by)
      VALUES (1, 1, 'late', '${AT}', 1, '${AT}', 1);
    INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, value, updated_at, updated_by)
      VALUES (1, 1, 1, 'year', '5', '${AT}', 1);
    INSERT INTO audit_log (at, user_id, action, entity, entity_id, after)
      VALUES ('${AT}', 1, 'journal.setMark', 'mark', 1, '{"value":"зач"}');
  `);
}

/** Bells of grades 2–11 at schema 2. */
function rowsOf2(db: Sqlite): void {
  db.exec(`
    INSERT INTO bell_schedule (id, academic_year_id, name, grade_from, grade_to, valid_from, valid_to)
      VALUES (1, 1, '2–11 классы', 2, 11, '2026-09-01', '2027-05-31');
    INSERT INTO bell (schedule_id, number, starts_at, ends_at) VALUES (1, 1, '08:30', '09:15'), (1, 2, '09:25', '10:10');
  `);
}

/** A recorded change at schema 3. */
function rowsOf3(db: Sqlite): void {
  db.exec(`INSERT INTO data_change (topic, at) VALUES ('load:1', '${AT}'), ('student:1', '${AT}')`);
}

/** A chained audit row at schema 4, linked as the router links it. */
function rowsOf4(db: Sqlite): void {
  const last = db.prepare('SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
    id: number;
    row_hash: string | null;
  };
  const anchor = db.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(CHAIN_START_KEY) as string;
  const prev = last.row_hash ?? chainGenesis(anchor);
  const row = {
    id: last.id + 1,
    at: AT,
    user_id: 1,
    session_id: null,
    action: 'journal.setMark',
    entity: 'mark',
    entity_id: 1,
    before: '{"value":"зач"}',
    after: '{"value":"5"}',
  };
  db.prepare(
    'INSERT INTO audit_log (id, at, user_id, session_id, action, entity, entity_id, before, after, prev_hash, row_hash) VALUES (@id, @at, @user_id, @session_id, @action, @entity, @entity_id, @before, @after, @prev, @hash)',
  ).run({ ...row, prev, hash: auditRowHash(prev, row) });
}

function tables(db: Sqlite): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migration' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

function indexes(db: Sqlite): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

function columns(db: Sqlite, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

/** Every row of every table, to compare before and after a migration. */
function contents(db: Sqlite): Map<string, unknown[]> {
  // A WITHOUT ROWID table (0018) has no rowid: its first three columns (its primary key) order it.
  const withoutRowid = new Set(
    (db.prepare('PRAGMA table_list').all() as { name: string; wr: number }[])
      .filter((t) => t.wr === 1)
      .map((t) => t.name),
  );
  return new Map(
    tables(db).map((t) => [
      t,
      db.prepare(`SELECT * FROM "${t}" ORDER BY ${withoutRowid.has(t) ? '1, 2, 3' : 'rowid'}`).all(),
    ]),
  );
}

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const migrations = loadMigrations();

describe('each migration', () => {
  it.each(migrations.map((m) => [m.name, m.version] as const))('%s', (_name, version) => {
    const step = STEPS[version];
    if (!step) throw new Error(`No test block for migration ${version}: add one to STEPS`);
    const path = join(tmp.dir, 'journal.sqlite');
    // The file as a school had it at version N−1, with the rows written at each earlier version.
    let before = new Map<string, unknown[]>();
    openJournal(path, { migrations: [] }).db.close();
    for (let v = 1; v < version; v++) {
      const { db } = openJournal(path, { migrations: migrations.slice(0, v) });
      STEPS[v]?.rows?.(db.sqlite);
      if (v === version - 1) before = contents(db.sqlite);
      db.close();
    }

    const { db, applied, backupPath } = openJournal(path, { migrations: migrations.slice(0, version) });
    try {
      const sqlite = db.sqlite;
      expect(applied).toEqual([version]);
      expect(sqlite.pragma('user_version', { simple: true })).toBe(version);
      // A file with a schema is copied aside before it is changed.
      if (version > 1) expect(backupPath).not.toBeNull();
      const after = contents(sqlite);
      for (const [table, rows] of before) {
        if (step.rewrites?.includes(table)) continue;
        // A column added by the migration is not a change to the row: compare the columns it had.
        const kept = (after.get(table) ?? []).map((row) =>
          Object.fromEntries(
            Object.keys((rows[0] ?? {}) as object).map((k) => [k, (row as Record<string, unknown>)[k]]),
          ),
        );
        expect(kept, `rows of ${table} kept`).toEqual(rows);
      }
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      step.check(sqlite);
    } finally {
      db.close();
    }
    // Applied once: opening again changes nothing.
    const again = openJournal(path, { migrations: migrations.slice(0, version) });
    expect(again.applied).toEqual([]);
    again.db.close();
  });

  it('has a test block for every migration file, and none for a migration that does not exist', () => {
    expect(
      Object.keys(STEPS).map(Number),
      'each migrations/NNNN_*.sql needs its block in STEPS (src/main/db/each-migration.test.ts)',
    ).toEqual(migrations.map((m) => m.version));
  });
});

describe('0015_period_closure.sql', () => {
  it('carries a period closed for its whole band over as one closing per class of the band', () => {
    const path = join(tmp.dir, 'closed.sqlite');
    const v15 = migrations.findIndex((m) => m.name.startsWith('0015_'));
    openJournal(path, { migrations: [] }).db.close();
    const old = openJournal(path, { migrations: migrations.slice(0, v15) }).db;
    rowsOf1(old.sqlite);
    old.sqlite.exec(`
      INSERT INTO class (id, academic_year_id, grade, letter, name) VALUES (2, 1, 9, 'Б', '9Б');
      INSERT INTO class (id, academic_year_id, grade, letter, name) VALUES (3, 1, 10, 'А', '10А');
      UPDATE period SET closed_at = '${AT}', closed_by = 1 WHERE id = 1;
    `);
    old.close();
    const { db } = openJournal(path, { migrations: migrations.slice(0, v15 + 1) });
    expect(
      db.sqlite
        .prepare(
          'SELECT period_id, class_id, closed_at, closed_by, reopened_at FROM period_closure ORDER BY class_id',
        )
        .all(),
    ).toEqual([
      { period_id: 1, class_id: 1, closed_at: AT, closed_by: 1, reopened_at: null },
      { period_id: 1, class_id: 2, closed_at: AT, closed_by: 1, reopened_at: null },
    ]);
    db.close();
  });
});

describe('0018_page_view.sql', () => {
  it("counts the journal's earlier audit rows per user, page and day, as the trigger counts new ones", () => {
    const path = join(tmp.dir, 'changes.sqlite');
    const v18 = migrations.findIndex((m) => m.name.startsWith('0018_'));
    openJournal(path, { migrations: [] }).db.close();
    const old = openJournal(path, { migrations: migrations.slice(0, v18) }).db;
    rowsOf1(old.sqlite);
    const audit = old.sqlite.prepare(
      'INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // A mark set and deleted (its lesson only in `before`), the lesson's topic, the plan of topics;
    // a teaching load's change (not a page's) and a login (no user) are not counted.
    audit.run(
      '2026-09-01T08:00:00.000Z',
      1,
      'journal.setMark',
      'mark',
      1,
      null,
      '{"lessonId":1,"value":"5"}',
    );
    audit.run('2026-09-01T12:00:00.000Z', 1, 'journal.deleteMark', 'mark', 1, '{"lessonId":1}', null);
    audit.run('2026-09-02T08:00:00.000Z', 1, 'journal.updateLesson', 'lesson', 1, null, '{"topic":"x"}');
    audit.run('2026-09-02T09:00:00.000Z', 1, 'topicPlan.save', 'topic_plan', 1, null, '{}');
    audit.run('2026-09-02T10:00:00.000Z', 1, 'year.saveLoad', 'teaching_load', 1, null, '{}');
    audit.run('2026-09-02T11:00:00.000Z', null, 'auth.login', 'lesson', 1, null, null);
    old.close();
    const { db } = openJournal(path, { migrations: migrations.slice(0, v18 + 1) });
    expect(
      db.sqlite
        .prepare('SELECT user_id, day, load_id, changes, first_at, last_at FROM page_change ORDER BY day')
        .all(),
    ).toEqual([
      {
        user_id: 1,
        day: '2026-09-01',
        load_id: 1,
        changes: 2,
        first_at: '2026-09-01T08:00:00.000Z',
        last_at: '2026-09-01T12:00:00.000Z',
      },
      {
        user_id: 1,
        day: '2026-09-02',
        load_id: 1,
        changes: 2,
        first_at: '2026-09-02T08:00:00.000Z',
        last_at: '2026-09-02T09:00:00.000Z',
      },
    ]);
    db.close();
  });
});
