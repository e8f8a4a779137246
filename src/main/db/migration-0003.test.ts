import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { loadMigrations, openJournal } from './migrate';

/** Migration 0003: the data_change table (sync.changes) and the indexes that keep queries year-independent. */

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const all = loadMigrations();
const m3 = all.find((m) => m.name.startsWith('0003_'))!;

describe('migration 0003', () => {
  it('applies to a journal at schema 2 with data, keeps every row, and adds only what it names', () => {
    const path = join(tmp.dir, 'j.sqlite');
    const before = openJournal(path, { migrations: all.slice(0, 2) }).db;
    before.sqlite.exec(`
      INSERT INTO academic_year (id, name, starts_on, ends_on) VALUES (1, '2025/2026', '2025-09-01', '2026-05-31');
      INSERT INTO subject (id, name, short_name, search_name) VALUES (1, 'Математика', 'Мат', 'математика');
      INSERT INTO user_account (id, login, password_hash, last_name, first_name, search_name, created_at)
        VALUES (1, 'teacher', 'x', 'Иванова', 'Анна', 'иванова анна', '2025-08-01T00:00:00Z');
      INSERT INTO class (id, academic_year_id, grade, letter, name, class_teacher_id) VALUES (1, 1, 5, 'А', '5А', 1);
      INSERT INTO teaching_load (id, academic_year_id, class_id, subject_id, teacher_id, hours_per_week, marking_mode)
        VALUES (1, 1, 1, 1, 1, 5, 'points');
    `);
    const schemaBefore = objects(before.sqlite);
    before.close();

    const { db, applied } = openJournal(path);
    expect(applied).toEqual([m3.version]);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM teaching_load').get()).toEqual({ n: 1 });
    const added = objects(db.sqlite).filter((o) => !schemaBefore.includes(o));
    expect(added.sort()).toEqual(
      [
        'index class_teacher_year',
        'index holiday_year',
        'index teaching_load_class',
        'index teaching_load_teacher_year',
        'index teaching_load_year',
        'table data_change',
      ].sort(),
    );
    // Additive: older computers still open on the file find everything they knew.
    expect(objects(db.sqlite).filter((o) => schemaBefore.includes(o))).toEqual(schemaBefore);
    expect(db.sqlite.prepare('SELECT max(id) AS v FROM data_change').get()).toEqual({ v: null });
    db.sqlite.exec("INSERT INTO data_change (topic, at) VALUES ('load:1', '2026-01-01T00:00:00Z')");
    expect(() => db.sqlite.exec("INSERT INTO data_change (topic, at) VALUES (NULL, 'x')")).toThrow(
      /NOT NULL/,
    );
    db.close();
  });

  it('drops nothing and rewrites no table (it only creates)', () => {
    const statements = m3.sql
      .replace(/--.*$/gm, '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const s of statements) expect(s).toMatch(/^CREATE (TABLE|INDEX) /);
  });
});

function objects(sqlite: import('better-sqlite3').Database): string[] {
  return (
    sqlite
      .prepare("SELECT type || ' ' || name AS o FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY o")
      .all() as { o: string }[]
  ).map((r) => r.o);
}
