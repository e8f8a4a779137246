import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Report, ReportTable } from '../../shared/reports/report';

/**
 * What each reader gets (the picker's lists, a subject teacher's own lines, the school's totals), the
 * attendance counts and the class teacher's students at risk, on the test school with I-quarter marks
 * of 5А set here by hand:
 *
 *   student      Математика  Русский язык
 *   Абрамов          5            5
 *   Гусева           5            4
 *   Захаров          4            4
 *   Куликова         3            3
 *   Новиков          2            3
 *   Павлова         н/а          осв
 */

let school: School;
let deputy: string;
let teacher: string;
const ids = { year: 0, q1: 0, c5A: 0, math: 0, russian: 0 };

async function ok<M extends MethodName>(method: M, input: Input<M>, token: string) {
  const r = await school.call(method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}

const id = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;
const table = (r: Report, title: string) => {
  const t = r.sections.find((s): s is ReportTable => s.type === 'table' && s.title === title);
  if (!t) throw new Error(`no table «${title}»`);
  return t;
};
const rowOf = (t: ReportTable, label: string) => t.rows.find((r) => r.cells.includes(label))?.cells;

const MARKS: [student: string, math: string, russian: string][] = [
  ['Абрамов', '5', '5'],
  ['Гусева', '5', '4'],
  ['Захаров', '4', '4'],
  ['Куликова', '3', '3'],
  ['Новиков', '2', '3'],
  ['Павлова', 'н/а', 'осв'],
];

beforeAll(async () => {
  school = makeSchool();
  deputy = await school.login('zavuch');
  teacher = await school.login('teacher');
  ids.c5A = id("SELECT id FROM class WHERE name = '5А'");
  ids.year = id('SELECT academic_year_id AS id FROM class WHERE id = ?', ids.c5A);
  ids.q1 = id("SELECT id FROM period WHERE name = 'I четверть' AND grade_from <= 5 AND grade_to >= 5");
  ids.math = id("SELECT id FROM subject WHERE name = 'Математика'");
  ids.russian = id("SELECT id FROM subject WHERE name = 'Русский язык'");
  const put = school.db.sqlite.prepare(
    `INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, period_id, value, updated_at, updated_by)
     VALUES (?, ?, ?, 'period', ?, ?, '2026-10-24', 1)`,
  );
  for (const [last, math, russian] of MARKS) {
    const student = id(
      'SELECT s.id FROM student s JOIN class_enrollment e ON e.student_id = s.id WHERE e.class_id = ? AND s.last_name = ?',
      ids.c5A,
      last,
    );
    put.run(ids.year, ids.math, student, ids.q1, math);
    put.run(ids.year, ids.russian, student, ids.q1, russian);
  }
});

afterAll(() => school.close());

describe('who gets what', () => {
  it('offers the deputy every class and a teacher only the classes they lead or teach', async () => {
    const all = await ok('reports.options', { yearId: ids.year }, deputy);
    const mine = await ok('reports.options', { yearId: ids.year }, teacher);
    expect(all.schoolWide).toBe(true);
    expect(all.classes.length).toBe(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM class').n);
    expect(mine.schoolWide).toBe(false);
    // The teacher (Воронцова) teaches in 5А only and leads no class.
    expect(mine.classes.map((c) => [c.name, c.leads])).toEqual([['5А', false]]);
  });

  it('shows a subject teacher the lines of their own loads only', async () => {
    const r = await ok('reports.results', { periodId: ids.q1 }, teacher);
    expect(r.sections.map((s) => s.title)).toEqual(['Итоги по предметам']);
    const rows = table(r, 'Итоги по предметам').rows.map((x) => x.cells);
    // Русский язык 5А: «5»×1, «4»×2, «3»×2, осв left out: N = 5; 5/5 = 100; 3/5 = 60;
    // СОУ (100+64+64+36+36)/5 = 60; средний балл 19/5 = 3,8.
    expect(rows.find((c) => c[0] === '5А' && c[1] === 'Русский язык')?.slice(3)).toEqual([
      1, 2, 2, 0, 0, 5, 100, 60, 60, 3.8,
    ]);
    expect(rows.every((c) => String(c[2]).startsWith('Воронцова'))).toBe(true);
  });

  it('gives the school a total over every parallel, equal to 5А where only 5А has marks', async () => {
    const r = await ok('reports.results', { periodId: ids.q1 }, deputy);
    const t = table(r, 'Итоги по классам');
    const c5A = rowOf(t, '5А')!;
    const total = rowOf(t, 'Всего по школе')!;
    // 11 counted marks (осв out): успеваемость 9/11 = 81,8; качество 6/11 = 54,5;
    // СОУ (300+192+108+16+7)/11 = 56,6; средний балл 38/10 = 3,8.
    expect(c5A.slice(6)).toEqual([11, 81.8, 54.5, 56.6, 3.8]);
    expect(total.slice(6)).toEqual(c5A.slice(6));
    expect(t.rows.at(-1)?.style).toBe('total');
  });
});

describe('посещаемость and the class teacher report', () => {
  it('counts lessons missed by reason, the class and the school giving the same total', async () => {
    const cls = await ok(
      'reports.attendance',
      { yearId: ids.year, month: '2026-11', classId: ids.c5A },
      deputy,
    );
    const all = await ok('reports.attendance', { yearId: ids.year, month: '2026-11' }, deputy);
    const missed = one<{ n: number }>(
      school.db,
      `SELECT count(*) AS n FROM absence a JOIN lesson le ON le.id = a.lesson_id JOIN teaching_load l ON l.id = le.load_id
       WHERE l.class_id = ? AND a.code <> 'late' AND le.date BETWEEN '2026-11-01' AND '2026-11-30'`,
      ids.c5A,
    ).n;
    expect(missed).toBeGreaterThan(0);
    expect((cls.sections[0] as ReportTable).rows.at(-1)?.cells.at(-1)).toBe(missed);
    expect(rowOf(all.sections[0] as ReportTable, '5А')?.at(-1)).toBe(missed);
  });

  it('refuses a month outside the year, and the school summary to a teacher', async () => {
    const r = await school.call('reports.attendance', { yearId: ids.year, month: '2030-01' }, deputy);
    expect(r.ok ? null : r.error.message).toBe('Месяц не входит в 2026/2027 учебный год');
    const t = await school.call('reports.attendance', { yearId: ids.year, month: '2026-11' }, teacher);
    expect(t.ok ? null : t.error.code).toBe('FORBIDDEN');
  });

  it('names the students at risk in the class teacher report', async () => {
    const r = await ok('reports.classTeacher', { classId: ids.c5A, periodId: ids.q1 }, deputy);
    const risk = table(r, 'Учащиеся группы риска').rows.map((x) => String(x.cells[0]));
    expect(risk).toContain('Новиков Тимофей Ильич');
    expect(risk).toContain('Павлова Мария Алексеевна');
    expect(risk).not.toContain('Абрамов Кирилл Денисович');
  });
});

describe('a period that is not the class’s', () => {
  it('is refused with a Russian message', async () => {
    const c1 = id("SELECT id FROM class WHERE name = '1А'");
    const other = id('SELECT id FROM period WHERE grade_from > 1 ORDER BY id LIMIT 1');
    const grade1 = one<{ n: number }>(
      school.db,
      'SELECT count(*) AS n FROM period WHERE id = ? AND grade_from <= 1',
      other,
    ).n;
    expect(grade1).toBe(0);
    const r = await school.call('reports.results', { periodId: other, classId: c1 }, deputy);
    expect(r.ok ? null : r.error.message).toMatch(/^Период «.+» не относится к 1А классу$/);
  });
});
