import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import { type BookData, bookData } from './book';
import { cellText, DATES_PER_SPREAD, spreadRanges } from './book-pdf';
import { main, pdfPages } from './cli';
import { renderOnThread, stopRenderThreads } from './render';

let school: School;
let book: BookData;
let pdf: Buffer;
let dir: string;
const text = (file: string, page?: number) =>
  execFileSync(
    'pdftotext',
    ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'],
    {
      encoding: 'utf8',
    },
  );

beforeAll(async () => {
  school = makeSchool();
  dir = mkdtempSync(join(tmpdir(), 'book-test-'));
  const classId = one<{ id: number }>(school.db, "SELECT id FROM class WHERE name = '5А'").id;
  // A period mark and a year mark in Russian for Захаров, as the deputy would have set them.
  const q1 = one<{ id: number }>(school.db, "SELECT id FROM period WHERE name = 'I четверть'").id;
  school.db.sqlite.exec(`INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, period_id, value, updated_at, updated_by)
    SELECT c.academic_year_id, (SELECT id FROM subject WHERE name = 'Русский язык'), s.id, 'period', ${q1}, '4', '2026-11-01', 1
      FROM class c, student s WHERE c.name = '5А' AND s.last_name = 'Захаров';
    INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, period_id, value, updated_at, updated_by)
    SELECT c.academic_year_id, (SELECT id FROM subject WHERE name = 'Русский язык'), s.id, 'year', NULL, '5', '2026-11-01', 1
      FROM class c, student s WHERE c.name = '5А' AND s.last_name = 'Захаров';`);
  book = bookData(school.db, { classId });
  pdf = await renderOnThread('book', book);
  writeFileSync(join(dir, 'book.pdf'), pdf);
}, 60_000);

afterAll(async () => {
  await stopRenderThreads();
  school.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the book data object', () => {
  it('has the class, its subjects in curriculum order and its students', () => {
    expect(book.className).toBe('5А');
    expect(book.yearName).toBe('2026/2027');
    expect(book.subjects.map((s) => s.title)).toEqual([
      'Русский язык',
      'Литература',
      'Иностранный язык (английский) (1 группа)',
      'Иностранный язык (английский) (2 группа)',
      'Математика',
      'История',
    ]);
    expect(book.students.map((s) => s.name)).toContain('Захаров Максим Андреевич');
    expect(book.students).toHaveLength(6);
  });

  it('puts marks and absences in their cells', () => {
    const russian = book.subjects[0]!;
    const zakharov = russian.rows.find((r) => r.name === 'Захаров Максим')!;
    const on = (date: string) => zakharov.cells[russian.lessons.findIndex((l) => l.date === date)]!;
    // Ill on 10 November (the whole day): «н» on the page.
    expect(on('2026-11-10').absence).toBe('ill');
    expect(cellText(on('2026-11-10'))).toBe('н');
    expect(cellText(on('2026-09-02'))).toBe('4');
    expect(russian.finals[zakharov.studentId]).toMatchObject({ year: '5' });
    expect(cellText({ enrolled: true, marks: ['4', '5'], absence: null })).toBe('4/5');
    expect(cellText({ enrolled: true, marks: ['4'], absence: 'late' })).toBe('4');
  });

  it('sums missed lessons per student and period, of them by illness', () => {
    const q2 = book.periods.findIndex((p) => p.name === 'II четверть');
    const row = (name: string) => book.attendance.find((a) => a.name === name)!;
    expect(row('Захаров Максим Андреевич').missed[q2]).toBe(4);
    expect(row('Захаров Максим Андреевич').ill[q2]).toBe(4);
    expect(row('Гусева Алиса Романовна').missed[q2]).toBe(1);
    expect(row('Гусева Алиса Романовна').ill[q2]).toBe(0);
    // Late is not a missed lesson.
    expect(row('Новиков Тимофей Ильич').missed[book.periods.length]).toBe(0);
  });
});

describe('the PDF', () => {
  it('numbers every page and states the count on the closing page', () => {
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(10);
    const all = text(join(dir, 'book.pdf'));
    const numbers = [...all.matchAll(/Страница (\d+)/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
    expect(text(join(dir, 'book.pdf'), pages)).toContain(`скреплено печатью листов: ${pages}`);
  });

  it('shows every student and mark of the Russian page where it belongs', () => {
    const page = text(join(dir, 'book.pdf'), 3);
    expect(page).toContain('5А класс · Русский язык');
    const subject = book.subjects[0]!;
    const [from, to] = spreadRanges(subject.lessons.length, book.finalColumns.length)[0]!;
    expect(to - from).toBeGreaterThan(0);
    for (const row of subject.rows) {
      const line = page.split('\n').find((l) => l.includes(row.name));
      expect(line, row.name).toBeDefined();
      const printed = row.cells.slice(from, to).map(cellText).filter(Boolean);
      expect(line!.split(/\s+/).slice(-printed.length)).toEqual(printed);
    }
  });
});

describe('npm run print', () => {
  it('writes the book and a sha256sum manifest, reading the journal only', async () => {
    const out = join(dir, 'out');
    const before = readFileSync(school.path);
    expect(
      await main(['book', '--db', school.path, '--year', '2026/2027', '--class', '5А', '--out', out]),
    ).toBe(0);
    const manifest = readFileSync(join(out, 'manifest.sha256'), 'utf8');
    expect(manifest).toMatch(/^[0-9a-f]{64} {2}2026-2027 5А Журнал\.pdf\n$/);
    expect(execFileSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: out, encoding: 'utf8' })).toContain(
      ': OK',
    );
    expect(text(join(out, '2026-2027 5А Журнал.pdf'))).toContain('КЛАССНЫЙ ЖУРНАЛ');
    expect(readFileSync(school.path).equals(before)).toBe(true);
  }, 60_000);

  it('refuses an unknown class in Russian', async () => {
    await expect(
      main(['book', '--db', school.path, '--year', '2026/2027', '--class', '9Я', '--out', join(dir, 'x')]),
    ).rejects.toThrow('нет такого класса');
  });
});

describe('a subject’s spreads', () => {
  it('hold 25 lessons each, the final marks beside the last lessons', () => {
    expect(DATES_PER_SPREAD).toBe(25);
    expect(spreadRanges(60, 7)).toEqual([
      [0, 25],
      [25, 50],
      [50, 60],
    ]);
    expect(spreadRanges(0, 7)).toEqual([[0, 0]]);
  });

  it('never leave the finals alone on a spread whose right page has no lesson', () => {
    // 170 lessons and 7 final columns: 20 lessons + 7 finals do not fit one left page; the last two
    // spreads share those 20 lessons rather than the last holding finals only.
    const ranges = spreadRanges(170, 7);
    expect(ranges).toHaveLength(8);
    expect(ranges.slice(5)).toEqual([
      [125, 150],
      [150, 160],
      [160, 170],
    ]);
    for (const [lessons, finals] of [
      [45, 7],
      [48, 3],
      [99, 6],
      [170, 7],
      [23, 5],
    ] as const) {
      const r = spreadRanges(lessons, finals);
      expect(r.flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i))).toEqual(
        Array.from({ length: lessons }, (_, i) => i),
      );
      for (const [from, to] of r) expect(to - from).toBeGreaterThan(0);
      const [lastFrom, lastTo] = r.at(-1) as [number, number];
      expect(lastTo - lastFrom + finals).toBeLessThanOrEqual(DATES_PER_SPREAD);
      expect(r.every(([from, to]) => to - from <= DATES_PER_SPREAD)).toBe(true);
    }
  });
});
