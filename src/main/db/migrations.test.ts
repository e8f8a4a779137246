import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { APPLICATION_ID, DatabaseRefused, loadMigrations, openJournal } from './migrate';
import type { Schema } from './schema';

const fileHash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('migrations', () => {
  it('creates a new journal: marks it ours, applies every migration once, records checksums', () => {
    const path = join(tmp.dir, 'j.sqlite');
    const { db, applied, backupPath } = openJournal(path);
    const migrations = loadMigrations();
    expect(applied).toEqual(migrations.map((m) => m.version));
    expect(backupPath).toBeNull();
    expect(db.sqlite.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(migrations.length);
    const rows = db.sqlite.prepare('SELECT version, name, checksum FROM schema_migration').all();
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    db.close();
    const again = openJournal(path);
    expect(again.applied).toEqual([]);
    again.db.close();
  });

  it('opens a local file in WAL mode and a share in rollback-journal mode, with foreign keys and a busy timeout', () => {
    const local = openJournal(join(tmp.dir, 'local.sqlite'), { storage: 'local' }).db;
    expect(local.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(local.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(local.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(local.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    local.close();
    const share = openJournal(join(tmp.dir, 'share.sqlite'), { storage: 'share' }).db;
    // TRUNCATE, not DELETE: the share refuses to delete the journal now and then (docs/benchmarks.md).
    expect(share.sqlite.pragma('journal_mode', { simple: true })).toBe('truncate');
    share.close();
  });

  it('refuses a SQLite file that is not a journal and leaves it untouched', () => {
    const path = join(tmp.dir, 'other.sqlite');
    const other = new BetterSqlite3(path);
    other.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, total REAL)');
    other.close();
    const before = fileHash(path);
    expect(() => openJournal(path)).toThrow(DatabaseRefused);
    expect(() => openJournal(path)).toThrow(/не является базой школьного журнала/);
    expect(fileHash(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite at all', () => {
    const path = join(tmp.dir, 'notes.sqlite');
    writeFileSync(path, 'Это не база данных, а текстовый файл с заметками учителя.'.repeat(50));
    const before = fileHash(path);
    expect(() => openJournal(path)).toThrow(/не является базой данных SQLite/);
    expect(fileHash(path)).toBe(before);
  });

  it('refuses a journal written by a newer version of the program', () => {
    const path = join(tmp.dir, 'future.sqlite');
    const { db } = openJournal(path);
    db.sqlite.pragma('user_version = 99');
    db.close();
    const before = fileHash(path);
    expect(() => openJournal(path)).toThrow(/более новой версией программы/);
    expect(fileHash(path)).toBe(before);
  });

  it('refuses a journal whose applied migration was edited since', () => {
    const path = join(tmp.dir, 'edited.sqlite');
    openJournal(path).db.close();
    const edited = loadMigrations().map((m) =>
      m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: 'x'.repeat(64) } : m,
    );
    const before = fileHash(path);
    expect(() => openJournal(path, { migrations: edited })).toThrow(/отличается от файла миграции/);
    expect(fileHash(path)).toBe(before);
  });

  it('backs the file up before applying a new migration, and applies it exactly once', () => {
    const path = join(tmp.dir, 'old.sqlite');
    const first = loadMigrations();
    openJournal(path, { migrations: first }).db.close();
    const next = [
      ...first,
      {
        version: first.length + 1,
        name: '9999_test.sql',
        sql: 'CREATE TABLE extra_note (id INTEGER PRIMARY KEY);',
        checksum: 'c'.repeat(64),
      },
    ];
    const { db, applied, backupPath } = openJournal(path, { migrations: next });
    expect(applied).toEqual([first.length + 1]);
    expect(backupPath).not.toBeNull();
    const backup = new BetterSqlite3(backupPath!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(first.length);
    backup.close();
    db.close();
    expect(openJournal(path, { migrations: next }).applied).toEqual([]);
    expect(readdirSync(join(tmp.dir, 'backups'))).toHaveLength(1);
  });

  it('the Kysely schema type names exactly the tables and columns the migrations create', () => {
    // Exhaustive by type: a column missing here or in Schema fails the type check.
    const columns: { [T in keyof Schema]: Record<keyof Schema[T], true> } = {
      school: {
        id: true,
        name: true,
        short_name: true,
        is_demo: true,
        created_at: true,
        full_name: true,
        address: true,
        director_name: true,
      },
      setting: { key: true, value: true },
      academic_year: { id: true, name: true, starts_on: true, ends_on: true, archived_at: true },
      calendar_change: {
        id: true,
        academic_year_id: true,
        date: true,
        kind: true,
        follows_weekday: true,
        reason: true,
      },
      period: {
        id: true,
        academic_year_id: true,
        kind: true,
        number: true,
        name: true,
        grade_from: true,
        grade_to: true,
        starts_on: true,
        ends_on: true,
        closed_at: true,
        closed_by: true,
      },
      holiday: {
        id: true,
        academic_year_id: true,
        name: true,
        grade_from: true,
        grade_to: true,
        starts_on: true,
        ends_on: true,
      },
      subject: { id: true, name: true, short_name: true, search_name: true, sort_order: true },
      work_type: { id: true, name: true, weight: true, sort_order: true, archived_at: true },
      user_account: {
        id: true,
        login: true,
        password_hash: true,
        must_change_password: true,
        failed_logins: true,
        locked_until: true,
        disabled_at: true,
        last_name: true,
        first_name: true,
        middle_name: true,
        search_name: true,
        guardian_id: true,
        student_id: true,
        created_at: true,
        password_changed_at: true,
        credentials_issued_at: true,
        email: true,
        phone: true,
      },
      user_role: { user_id: true, role: true },
      session: {
        id: true,
        token_hash: true,
        user_id: true,
        audience: true,
        created_at: true,
        last_seen_at: true,
        expires_at: true,
        ended_at: true,
      },
      class: {
        id: true,
        academic_year_id: true,
        grade: true,
        letter: true,
        name: true,
        class_teacher_id: true,
      },
      student: {
        id: true,
        last_name: true,
        first_name: true,
        middle_name: true,
        birth_date: true,
        gender: true,
        search_name: true,
        created_at: true,
        address: true,
        phone: true,
        home_phone: true,
        email: true,
        notes: true,
        version: true,
      },
      class_enrollment: {
        id: true,
        class_id: true,
        student_id: true,
        enrolled_on: true,
        left_on: true,
        enrolled_kind: true,
        enrolled_order_no: true,
        enrolled_order_date: true,
        left_kind: true,
        left_order_no: true,
        left_order_date: true,
        left_to: true,
      },
      guardian: {
        id: true,
        last_name: true,
        first_name: true,
        middle_name: true,
        phone: true,
        email: true,
        search_name: true,
      },
      student_guardian: { student_id: true, guardian_id: true, relation: true },
      class_group: { id: true, class_id: true, subject_id: true, name: true },
      group_member: { group_id: true, student_id: true },
      curriculum_item: {
        id: true,
        academic_year_id: true,
        grade: true,
        class_id: true,
        subject_id: true,
        hours_per_week: true,
        marking_mode: true,
      },
      teaching_load: {
        id: true,
        academic_year_id: true,
        class_id: true,
        group_id: true,
        subject_id: true,
        teacher_id: true,
        hours_per_week: true,
        marking_mode: true,
      },
      lesson: {
        id: true,
        load_id: true,
        date: true,
        number: true,
        topic: true,
        homework: true,
        teacher_id: true,
        version: true,
        created_at: true,
        updated_at: true,
        updated_by: true,
        cancelled_at: true,
        cancelled_by: true,
        cancel_reason: true,
        moved_from_date: true,
        moved_from_number: true,
        plan_topic: true,
        work_type_id: true,
        attendance_taken_at: true,
        attendance_taken_by: true,
      },
      mark: {
        id: true,
        lesson_id: true,
        student_id: true,
        slot: true,
        value: true,
        work_type_id: true,
        weight: true,
        comment: true,
        version: true,
        created_at: true,
        created_by: true,
        updated_at: true,
        updated_by: true,
        retaken_on: true,
      },
      absence: {
        id: true,
        lesson_id: true,
        student_id: true,
        code: true,
        minutes_late: true,
        version: true,
        created_at: true,
        created_by: true,
        updated_at: true,
        updated_by: true,
      },
      final_mark: {
        id: true,
        academic_year_id: true,
        subject_id: true,
        student_id: true,
        kind: true,
        period_id: true,
        value: true,
        version: true,
        updated_at: true,
        updated_by: true,
      },
      period_closure: {
        id: true,
        period_id: true,
        class_id: true,
        closed_at: true,
        closed_by: true,
        reopened_at: true,
        reopened_by: true,
        reopen_reason: true,
      },
      bell_schedule: {
        id: true,
        academic_year_id: true,
        name: true,
        grade_from: true,
        grade_to: true,
        valid_from: true,
        valid_to: true,
      },
      bell: { schedule_id: true, number: true, starts_at: true, ends_at: true },
      data_change: { id: true, topic: true, at: true },
      pd_consent: {
        id: true,
        student_id: true,
        guardian_id: true,
        given_on: true,
        form: true,
        recorded_by: true,
        recorded_at: true,
      },
      paper_diary: { guardian_id: true, statement_on: true, recorded_by: true, recorded_at: true },
      audit_log: {
        id: true,
        at: true,
        user_id: true,
        session_id: true,
        action: true,
        entity: true,
        entity_id: true,
        before: true,
        after: true,
        prev_hash: true,
        row_hash: true,
      },
      timetable_version: {
        id: true,
        academic_year_id: true,
        class_id: true,
        valid_from: true,
        created_at: true,
        created_by: true,
      },
      timetable_slot: { version_id: true, weekday: true, number: true, load_id: true },
      late_entry: { lesson_id: true, kind: true, entered_at: true, entered_by: true },
      topic_plan: { load_id: true, version: true, updated_at: true, updated_by: true },
      topic_plan_item: { id: true, load_id: true, position: true, title: true, hours: true },
      owed_work: {
        id: true,
        lesson_id: true,
        student_id: true,
        due_on: true,
        version: true,
        created_at: true,
        created_by: true,
        updated_at: true,
        updated_by: true,
      },
      page_view: { load_id: true, user_id: true, day: true, first_at: true },
      page_change: { user_id: true, day: true, load_id: true, changes: true, first_at: true, last_at: true },
    };
    const { db: journal } = openJournal(join(tmp.dir, 'cols2.sqlite'));
    const tables = (
      journal.sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migration' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(Object.keys(columns).sort());
    for (const [table, cols] of Object.entries(columns)) {
      const actual = (journal.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
        .map((c) => c.name)
        .sort();
      expect(actual, table).toEqual(Object.keys(cols).sort());
    }
    journal.close();
  });
});
