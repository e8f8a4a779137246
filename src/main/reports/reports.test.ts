import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Report, ReportTable } from '../../shared/reports/report';
import { reportPdf } from '../print/report-pdf';
import { reportXlsx } from '../print/report-xlsx';

/**
 * The reports on the test school (test/fixtures.ts) with period marks this file sets by hand for
 * 5А in the I quarter, so every figure below is computed by hand in the comments.
 *
 *   student      Русский  Математика
 *   Абрамов        5         5        → отличник
 *   Гусева         4         5        → хорошист
 *   Захаров        3         4        → с одной «3»
 *   Куликова       2         4        → неуспевающий
 *   Новиков        4         3        → с одной «3»
 *   Павлова       н/а       осв       → неуспевающий («н/а»)
 */

let school: School;
let deputy: string;
const ids = { year: 0, q1: 0, c5A: 0, russian: 0, math: 0 };

const MARKS: Record<string, [string, string]> = {
  Абрамов: ['5', '5'],
  Гусева: ['4', '5'],
  Захаров: ['3', '4'],
  Куликова: ['2', '4'],
  Новиков: ['4', '3'],
  Павлова: ['н/а', 'осв'],
};

async function ok<M extends MethodName>(method: M, input: Input<M>, token: string) {
  const r = await school.call(method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}
const id = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;
const table = (report: Report, title: string): ReportTable => {
  const t = report.sections.find((s): s is ReportTable => s.type === 'table' && s.title === title);
  if (!t) throw new Error(`no table «${title}» in ${report.sections.map((s) => s.title).join(', ')}`);
  return t;
};
/** The cells of the row whose label (any text cell) is `label`. */
const rowOf = (t: ReportTable, label: string) => {
  const row = t.rows.find((r) => r.cells.includes(label));
  if (!row) throw new Error(`no row «${label}» in «${t.title}»`);
  return row;
};

beforeAll(async () => {
  school = makeSchool();
  deputy = await school.login('zavuch');
  ids.year = id('SELECT id FROM academic_year');
  ids.q1 = id("SELECT id FROM period WHERE name = 'I четверть'");
  ids.c5A = id("SELECT id FROM class WHERE name = '5А'");
  ids.russian = id("SELECT id FROM subject WHERE name = 'Русский язык'");
  ids.math = id("SELECT id FROM subject WHERE name = 'Математика'");
  const by = id("SELECT id FROM user_account WHERE login = 'zavuch'");
  school.db.sqlite.exec('DELETE FROM final_mark');
  const insert = school.db.sqlite.prepare(
    `INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, period_id, value, updated_at, updated_by)
     VALUES (?, ?, ?, 'period', ?, ?, '2026-10-30T10:00:00Z', ?)`,
  );
  for (const [surname, [russian, math]] of Object.entries(MARKS)) {
    const student = id('SELECT id FROM student WHERE last_name = ?', surname);
    insert.run(ids.year, ids.russian, student, ids.q1, russian, by);
    insert.run(ids.year, ids.math, student, ids.q1, math, by);
  }
});
afterAll(() => school.close());

describe('сводная ведомость успеваемости', () => {
  it('shows each mark and the figures of each subject, computed by hand', async () => {
    const report = await ok('reports.achievementLedger', { classId: ids.c5A, yearId: ids.year }, deputy);
    const q1 = table(report, 'I четверть');
    const col = (short: string) => q1.columns.findIndex((c) => c.title === short);
    const rus = q1.columns.findIndex((c, i) => i > 1 && /^Рус/.test(c.title));
    const mat = q1.columns.findIndex((c, i) => i > 1 && /^Мат/.test(c.title));
    expect(rus).toBeGreaterThan(1);
    expect(mat).toBeGreaterThan(1);
    expect(col('Учащийся')).toBe(1);
    expect(rowOf(q1, 'Абрамов Кирилл Денисович').cells[rus]).toBe('5');
    expect(rowOf(q1, 'Павлова Мария Алексеевна').cells[rus]).toBe('н/а');
    // Куликова («2») and Павлова («н/а») are marked as at risk.
    expect(rowOf(q1, 'Куликова Ева Сергеевна').style).toBe('warning');
    expect(rowOf(q1, 'Абрамов Кирилл Денисович').style).toBeUndefined();
    // Russian: 5,4,3,2,4,н/а — N = 6; passed 5+4+3+4 = 4 → 66.7 %; quality 5,4,4 = 3 → 50.0 %;
    // СОУ (100+64+36+16+64+7)/6 = 287/6 = 47.8; average of the points (5+4+3+2+4)/5 = 3.6.
    // Math: 5,5,4,4,3,осв — N = 5 («осв» left out); passed 5 → 100 %; quality 4 → 80 %;
    // СОУ (100+100+64+64+36)/5 = 72.8; average 21/5 = 4.2.
    expect(rowOf(q1, 'Аттестовано учащихся').cells[rus]).toBe(6);
    expect(rowOf(q1, 'Аттестовано учащихся').cells[mat]).toBe(5);
    expect(rowOf(q1, 'Успеваемость, %').cells[rus]).toBe(66.7);
    expect(rowOf(q1, 'Успеваемость, %').cells[mat]).toBe(100);
    expect(rowOf(q1, 'Качество, %').cells[rus]).toBe(50);
    expect(rowOf(q1, 'Качество, %').cells[mat]).toBe(80);
    expect(rowOf(q1, 'СОУ, %').cells[rus]).toBe(47.8);
    expect(rowOf(q1, 'СОУ, %').cells[mat]).toBe(72.8);
    expect(rowOf(q1, 'Средний балл').cells[rus]).toBe(3.6);
    expect(rowOf(q1, 'Средний балл').cells[mat]).toBe(4.2);
    expect(rowOf(q1, 'Средний балл').style).toBe('total');
  });
});

describe('итоги успеваемости', () => {
  it('counts the standings of 5А and names the failing students', async () => {
    const report = await ok('reports.results', { periodId: ids.q1, classId: ids.c5A }, deputy);
    const byClass = table(report, 'Итоги по классам');
    const head = byClass.columns.map((c) => c.title);
    const row = rowOf(byClass, '5А');
    // Отличник Абрамов; хорошист Гусева; с одной «3» Захаров, Новиков; неуспевающие Куликова, Павлова.
    expect(row.cells[head.indexOf('Отличники')]).toBe(1);
    expect(row.cells[head.indexOf('Хорошисты')]).toBe(1);
    expect(row.cells[head.indexOf('С одной «3»')]).toBe(2);
    expect(row.cells[head.indexOf('Неуспевающие')]).toBe(2);
    const failing = table(report, 'Неуспевающие');
    const names = failing.rows.map((r) => r.cells[0]);
    expect(names).toEqual(expect.arrayContaining(['Куликова Ева Сергеевна', 'Павлова Мария Алексеевна']));
    expect(names).toHaveLength(2);
    expect(String(rowOf(failing, 'Куликова Ева Сергеевна').cells[2])).toContain('Русский язык');
  });
});

describe('the PDF and the XLSX render the same object', () => {
  let dir: string;
  let report: Report;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reports-'));
    report = await ok('reports.achievementLedger', { classId: ids.c5A, yearId: ids.year }, deputy);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('PDF: the students and the totals are in the text, pages numbered', async () => {
    const file = join(dir, 'ledger.pdf');
    writeFileSync(file, await reportPdf(report));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Абрамов Кирилл Денисович');
    expect(text).toMatch(/Успеваемость, %.*66,7.*100/);
    expect(text).toMatch(/СОУ, %.*47,8.*72,8/);
    expect(text).toMatch(/стр\. 1 из \d+/);
  });

  it('XLSX: LibreOffice reads the figures back as the same numbers', async () => {
    const file = join(dir, 'ledger.xlsx');
    writeFileSync(file, await reportXlsx(report));
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/lo`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        dir,
        file,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    // One CSV per sheet (the «-1» above); the I quarter is the first sheet.
    const csv = readdirCsv(dir).join('\n');
    expect(csv).toContain('Абрамов Кирилл Денисович');
    const line = csv.split('\n').find((l) => l.includes('СОУ, %'));
    expect(line).toBeDefined();
    const numbers = (line ?? '')
      .split(',')
      .map(Number)
      .filter((n) => !Number.isNaN(n) && n !== 0);
    expect(numbers).toEqual(expect.arrayContaining([47.8, 72.8]));
  }, 150_000);
});

function readdirCsv(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}
