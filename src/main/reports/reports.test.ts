import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Report, ReportTable } from '../../shared/reports/report';
import { reportPdf } from '../print/report-pdf';
import { reportXlsx } from '../print/report-xlsx';

/**
 * The reports on the test school (test/fixtures.ts: 5А has six students), with I-quarter marks set
 * here by hand so every figure below can be counted on one's fingers:
 *
 *   student      Математика  Русский язык
 *   Абрамов          5            5
 *   Гусева           5            4
 *   Захаров          4            4
 *   Куликова         3            3
 *   Новиков          2            3
 *   Павлова         н/а          осв
 *   Выбывший         2            —      (left 5А on 01.10, before the quarter's end: not counted)
 */

let school: School;
let deputy: string;
let teacher: string;
const ids = { year: 0, q1: 0, c5A: 0, math: 0, russian: 0 };
let dir: string;

async function ok<M extends MethodName>(method: M, input: Input<M>, token: string) {
  const r = await school.call(method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}

const id = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;
const table = (r: Report, title: string) =>
  r.sections.find((s): s is ReportTable => s.type === 'table' && s.title === title)!;
const rowOf = (t: ReportTable, label: string) => t.rows.find((r) => r.cells.includes(label))?.cells;

const MARKS: [student: string, math: string | null, russian: string | null][] = [
  ['Абрамов', '5', '5'],
  ['Гусева', '5', '4'],
  ['Захаров', '4', '4'],
  ['Куликова', '3', '3'],
  ['Новиков', '2', '3'],
  ['Павлова', 'н/а', 'осв'],
  ['Выбывший', '2', null],
];

beforeAll(async () => {
  school = makeSchool();
  dir = mkdtempSync(join(tmpdir(), 'reports-'));
  deputy = await school.login('zavuch');
  teacher = await school.login('teacher');
  ids.c5A = id("SELECT id FROM class WHERE name = '5А'");
  ids.year = id('SELECT academic_year_id AS id FROM class WHERE id = ?', ids.c5A);
  ids.q1 = id("SELECT id FROM period WHERE name = 'I четверть' AND grade_from <= 5 AND grade_to >= 5");
  ids.math = id("SELECT id FROM subject WHERE name = 'Математика'");
  ids.russian = id("SELECT id FROM subject WHERE name = 'Русский язык'");
  const sql = school.db.sqlite;
  const gone = Number(
    sql
      .prepare(
        "INSERT INTO student (last_name, first_name, search_name, created_at) VALUES ('Выбывший', 'Олег', 'выбывший олег', '2026-08-25')",
      )
      .run().lastInsertRowid,
  );
  sql
    .prepare(
      "INSERT INTO class_enrollment (class_id, student_id, enrolled_on, left_on) VALUES (?, ?, '2026-09-01', '2026-10-01')",
    )
    .run(ids.c5A, gone);
  const put = sql.prepare(
    `INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, period_id, value, updated_at, updated_by)
     VALUES (?, ?, ?, 'period', ?, ?, '2026-10-24', 1)`,
  );
  for (const [last, math, russian] of MARKS) {
    const student = id(
      `SELECT s.id FROM student s JOIN class_enrollment e ON e.student_id = s.id WHERE e.class_id = ? AND s.last_name = ?`,
      ids.c5A,
      last,
    );
    if (math) put.run(ids.year, ids.math, student, ids.q1, math);
    if (russian) put.run(ids.year, ids.russian, student, ids.q1, russian);
  }
});

afterAll(() => {
  school.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Сводная ведомость успеваемости', () => {
  it('lists the marks of the students enrolled at the quarter end and the figures under each subject', async () => {
    const r = await ok('reports.achievementLedger', { classId: ids.c5A, yearId: ids.year }, deputy);
    const q1 = table(r, 'I четверть');
    const col = (title: string) => q1.columns.findIndex((c) => c.title === title);
    const math = col('Матем.') >= 0 ? col('Матем.') : q1.columns.findIndex((c) => c.title.startsWith('Мат'));
    const rus = q1.columns.findIndex((c) => c.title.startsWith('Рус'));
    expect(q1.columns[math]!.band).toBe('I четверть');
    // The student who left on 01.10 is not on the list; the six of 5А are, in order.
    const names = q1.rows.filter((r) => r.style !== 'total').map((r) => String(r.cells[1]).split(' ')[0]);
    expect(names).toEqual(['Абрамов', 'Гусева', 'Захаров', 'Куликова', 'Новиков', 'Павлова']);
    expect(q1.rows.find((r) => String(r.cells[1]).startsWith('Новиков'))?.style).toBe('warning');
    // Математика: N = 6 (н/а counts); успеваемость 4/6 = 66,7; качество 3/6 = 50,0;
    // СОУ (100+100+64+36+16+7)/6 = 323/6 = 53,8; средний балл (5+5+4+3+2)/5 = 3,8.
    // Русский язык: N = 5 (осв is out); 5/5 = 100; 3/5 = 60; (100+64+64+36+36)/5 = 60; 19/5 = 3,8.
    expect(rowOf(q1, 'Аттестовано учащихся')?.[math]).toBe(6);
    expect(rowOf(q1, 'Успеваемость, %')?.[math]).toBe(66.7);
    expect(rowOf(q1, 'Качество, %')?.[math]).toBe(50);
    expect(rowOf(q1, 'СОУ, %')?.[math]).toBe(53.8);
    expect(rowOf(q1, 'Средний балл')?.[math]).toBe(3.8);
    expect(rowOf(q1, 'Аттестовано учащихся')?.[rus]).toBe(5);
    expect(rowOf(q1, 'Успеваемость, %')?.[rus]).toBe(100);
    expect(rowOf(q1, 'Качество, %')?.[rus]).toBe(60);
    expect(rowOf(q1, 'СОУ, %')?.[rus]).toBe(60);
    expect(rowOf(q1, 'Средний балл')?.[rus]).toBe(3.8);
    expect(r.sections.map((s) => s.title)).toEqual([
      'I четверть',
      'II четверть',
      'III четверть',
      'IV четверть',
      'Годовые отметки',
    ]);
  });

  it('refuses a class of another year with a Russian message', async () => {
    const r = await school.call(
      'reports.achievementLedger',
      { classId: ids.c5A, yearId: ids.year + 100 },
      deputy,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/[А-Яа-я]/);
  });

  it('prints the same object as PDF and XLSX: the students and the totals are there, numbers as numbers', async () => {
    const r = await ok('reports.achievementLedger', { classId: ids.c5A, yearId: ids.year }, deputy);
    const pdfPath = join(dir, 'ledger.pdf');
    writeFileSync(pdfPath, await reportPdf(r));
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('Сводная ведомость успеваемости');
    expect(text).toContain('Новиков Тимофей Ильич');
    expect(text).toMatch(/Успеваемость, %\s+100\s+66,7/);
    expect(text).toMatch(/СОУ, %\s+60\s+53,8/);
    expect(text).toMatch(/стр\. 1 из \d/);

    const xlsxPath = join(dir, 'ledger.xlsx');
    writeFileSync(xlsxPath, await reportXlsx(r));
    execFileSync('soffice', [
      '--headless',
      `-env:UserInstallation=file://${dir}/lo`,
      '--convert-to',
      // Semicolons (59), as the labels hold commas; UTF-8 (76).
      'csv:Text - txt - csv (StarCalc):59,34,76',
      '--outdir',
      dir,
      xlsxPath,
    ]);
    const csv = readFileSync(join(dir, 'ledger.csv'), 'utf8').split('\n');
    const line = (label: string) => csv.find((l) => l.includes(label))!.split(';');
    const q1 = table(r, 'I четверть');
    const math = q1.columns.findIndex((c) => c.title.startsWith('Мат'));
    expect(Number(line('Успеваемость, %')[math])).toBe(rowOf(q1, 'Успеваемость, %')?.[math]);
    expect(Number(line('СОУ, %')[math])).toBe(rowOf(q1, 'СОУ, %')?.[math]);
    expect(Number(line('Средний балл')[math])).toBe(rowOf(q1, 'Средний балл')?.[math]);
    expect(csv.some((l) => l.includes('Новиков Тимофей Ильич'))).toBe(true);
  }, 60_000);
});

describe('Итоги успеваемости', () => {
  it('counts the standings and the figures of 5А over all its I-quarter marks', async () => {
    const r = await ok('reports.results', { periodId: ids.q1, classId: ids.c5A }, deputy);
    // Абрамов 5,5 отличник; Гусева 5,4 and Захаров 4,4 хорошисты; Куликова 3,3 none of the groups;
    // Новиков (2) and Павлова (н/а) неуспевающие. 11 counted marks (осв out): 5×3, 4×3, 3×3, 2, н/а:
    // успеваемость 9/11 = 81,8; качество 6/11 = 54,5; СОУ (300+192+108+16+7)/11 = 623/11 = 56,6;
    // средний балл (15+12+9+2)/10 = 3,8.
    expect(rowOf(table(r, 'Итоги по классам'), '5А')).toEqual([
      '5А',
      6,
      1,
      2,
      0,
      2,
      11,
      81.8,
      54.5,
      56.6,
      3.8,
    ]);
    const failing = table(r, 'Неуспевающие').rows.map((x) => x.cells);
    expect(failing).toEqual([
      ['Новиков Тимофей Ильич', '5А', 'Математика (2)'],
      ['Павлова Мария Алексеевна', '5А', 'Математика (н/а)'],
    ]);
  });

  it('gives the school a total row over every parallel', async () => {
    const r = await ok('reports.results', { periodId: ids.q1 }, deputy);
    const t = table(r, 'Итоги по классам');
    expect(rowOf(t, 'Всего по школе')?.[6]).toBe(11);
    expect(t.rows.at(-1)?.style).toBe('total');
  });

  it('shows a subject teacher the line of their own load only', async () => {
    const r = await ok('reports.results', { periodId: ids.q1 }, teacher);
    expect(r.sections.map((s) => s.title)).toEqual(['Итоги по предметам']);
    const rows = table(r, 'Итоги по предметам').rows.map((x) => x.cells);
    // Русский язык 5А: «5»×1, «4»×2, «3»×2; N = 5; 100; 60; 60; 3,8.
    expect(rows.find((c) => c[0] === '5А' && c[1] === 'Русский язык')?.slice(3)).toEqual([
      1, 2, 2, 0, 0, 5, 100, 60, 60, 3.8,
    ]);
    expect(rows.every((c) => String(c[2]).startsWith('Воронцова'))).toBe(true);
  });
});

describe('Посещаемость and the class teacher report', () => {
  it('counts lessons missed by reason for the class and for the school, the same totals', async () => {
    const cls = await ok(
      'reports.attendance',
      { yearId: ids.year, month: '2026-11', classId: ids.c5A },
      deputy,
    );
    const all = await ok('reports.attendance', { yearId: ids.year, month: '2026-11' }, deputy);
    const expected = one<{ n: number }>(
      school.db,
      `SELECT count(*) AS n FROM absence a JOIN lesson le ON le.id = a.lesson_id JOIN teaching_load l ON l.id = le.load_id
       WHERE l.class_id = ? AND a.code <> 'late' AND le.date BETWEEN '2026-11-01' AND '2026-11-30'`,
      ids.c5A,
    ).n;
    const classTotal = cls.sections[0]!.type === 'table' ? cls.sections[0].rows.at(-1)!.cells.at(-1) : null;
    expect(classTotal).toBe(expected);
    const schoolTable = all.sections[0] as ReportTable;
    expect(rowOf(schoolTable, '5А')?.at(-1)).toBe(expected);
  });

  it('names the students at risk in the class teacher report', async () => {
    const r = await ok('reports.classTeacher', { classId: ids.c5A, periodId: ids.q1 }, deputy);
    const risk = table(r, 'Учащиеся группы риска').rows.map((x) => String(x.cells[0]));
    expect(risk).toContain('Новиков Тимофей Ильич');
    expect(risk).toContain('Павлова Мария Алексеевна');
    expect(risk).not.toContain('Абрамов Кирилл Денисович');
  });

  it('refuses a month outside the year', async () => {
    const r = await school.call('reports.attendance', { yearId: ids.year, month: '2030-01' }, deputy);
    expect(r.ok ? null : r.error.message).toBe('Месяц не входит в 2026/2027 учебный год');
  });
});
