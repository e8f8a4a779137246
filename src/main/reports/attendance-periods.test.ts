import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import type { Input, Output } from '../../shared/api/contract';
import type { ReportTable } from '../../shared/reports/report';

/**
 * Посещаемость per period (issue 10: «per class and month … and per period»): a четверть, an
 * полугодие or the whole year, next to the month. Figures by hand from test/fixtures.ts ABSENCES,
 * 5А only (4 lessons on Tuesdays and Thursdays, 3 on Wednesdays):
 *
 *   II четверть (05.11–30.12): Захаров Б × 4 (Tue 10.11, whole day), Гусева Н × 1 (13.11, lesson 2),
 *     Новиков ОП × 1 (18.11), Павлова УП × 4 (Thu 19.11, whole day) → Н 1, Б 4, УП 4, ОП 1, всего 9.
 *   I четверть (01.09–23.10), added here: Абрамов Н on 01.09 lessons 1 and 2, Б on 03.09 lesson 3;
 *     Гусева ОП on 02.09 lesson 1 → Н 2, Б 1, УП 0, ОП 1, всего 3 (an ОП is no missed lesson).
 *   The year: Н 3, Б 5, УП 4, ОП 2, всего 12; Гусева alone: Н 1, ОП 1, всего 1.
 */

let school: School;
const tokens = { deputy: '', inspector: '', classTeacher: '', teacher: '', director: '' };
const ids = { year: 0, c5A: 0, c4A: 0, q1: 0, q2: 0, half1: 0 };

const id = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;

async function report(input: Input<'reports.attendance'>, token = tokens.deputy) {
  const r = await school.call('reports.attendance', input, token);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Output<'reports.attendance'>;
}

const tableOf = (r: Output<'reports.attendance'>) => r.sections[0] as ReportTable;
/** Н, Б, УП, ОП, всего of a row named by a student's or class's name (or «Итого»). */
const countsOf = (t: ReportTable, label: string) =>
  t.rows.find((r) => r.cells.includes(label))?.cells.slice(-5);

beforeAll(async () => {
  school = makeSchool();
  tokens.deputy = await school.login('zavuch');
  tokens.inspector = await school.login('inspector');
  tokens.director = await school.login('director');
  tokens.classTeacher = await school.login('klassruk');
  tokens.teacher = await school.login('teacher');
  ids.c5A = id("SELECT id FROM class WHERE name = '5А'");
  ids.c4A = id("SELECT id FROM class WHERE name = '4А'");
  ids.year = id('SELECT academic_year_id AS id FROM class WHERE id = ?', ids.c5A);
  ids.q1 = id("SELECT id FROM period WHERE name = 'I четверть'");
  ids.q2 = id("SELECT id FROM period WHERE name = 'II четверть'");
  ids.half1 = id("SELECT id FROM period WHERE name = 'I полугодие'");
  const away = school.db.sqlite.prepare(
    `INSERT INTO absence (lesson_id, student_id, code, created_at, created_by, updated_at, updated_by)
     SELECT le.id, s.id, ?, '2026-09-03T10:00:00.000Z', 1, '2026-09-03T10:00:00.000Z', 1
     FROM lesson le JOIN teaching_load l ON l.id = le.load_id, student s
     WHERE l.class_id = ? AND le.date = ? AND le.number = ? AND s.last_name = ?`,
  );
  for (const [code, date, number, student] of [
    ['absent', '2026-09-01', 1, 'Абрамов'],
    ['absent', '2026-09-01', 2, 'Абрамов'],
    ['ill', '2026-09-03', 3, 'Абрамов'],
    ['late', '2026-09-02', 1, 'Гусева'],
  ] as const)
    expect(away.run(code, ids.c5A, date, number, student).changes).toBe(1);
});

afterAll(() => school.close());

describe('attendance of a class per period (посещаемость за период)', () => {
  it('counts the I and II четверть and the whole year apart, by reason', async () => {
    const q1 = tableOf(await report({ yearId: ids.year, periodId: ids.q1, classId: ids.c5A }));
    expect(q1.title).toBe('5А класс, I четверть (01.09.2026 – 23.10.2026)');
    expect(countsOf(q1, 'Абрамов Кирилл Денисович')).toEqual([2, 1, 0, 0, 3]);
    expect(countsOf(q1, 'Гусева Алиса Романовна')).toEqual([0, 0, 0, 1, 0]);
    expect(countsOf(q1, 'Итого')).toEqual([2, 1, 0, 1, 3]);

    const q2 = tableOf(await report({ yearId: ids.year, periodId: ids.q2, classId: ids.c5A }));
    expect(countsOf(q2, 'Итого')).toEqual([1, 4, 4, 1, 9]);
    expect(countsOf(q2, 'Абрамов Кирилл Денисович')).toEqual([0, 0, 0, 0, 0]);

    const year = await report({ yearId: ids.year, wholeYear: true, classId: ids.c5A });
    expect(tableOf(year).title).toBe('5А класс, 2026/2027 учебный год');
    expect(countsOf(tableOf(year), 'Итого')).toEqual([3, 5, 4, 2, 12]);
    expect(countsOf(tableOf(year), 'Гусева Алиса Романовна')).toEqual([1, 0, 0, 1, 1]);
    expect(year.fileName).toBe('2026-2027 год 5А класс Посещаемость');
  });

  it('keeps the month form: September is the I четверть here, as lessons go', async () => {
    const september = await report({ yearId: ids.year, month: '2026-09', classId: ids.c5A });
    expect(countsOf(tableOf(september), 'Итого')).toEqual([2, 1, 0, 1, 3]);
    expect(september.subtitle).toContain('сентябрь 2026, 2026/2027 учебный год');
  });

  it("gives the school's summary of a period over the classes of its grades only", async () => {
    const q2 = await report({ yearId: ids.year, periodId: ids.q2 });
    const t = tableOf(q2);
    expect(t.title).toBe('Посещаемость по классам, II четверть (05.11.2026 – 30.12.2026) (1–9 классы)');
    expect(t.rows.map((r) => r.cells[0])).toEqual(['1А', '4А', '5А', 'Всего по школе']);
    expect(countsOf(t, '5А')).toEqual([1, 4, 4, 1, 9]);
    const missed = one<{ n: number }>(
      school.db,
      `SELECT count(*) AS n FROM absence a JOIN lesson le ON le.id = a.lesson_id
       WHERE a.code <> 'late' AND le.date BETWEEN '2026-11-05' AND '2026-12-30'`,
    ).n;
    expect(countsOf(t, 'Всего по школе')?.at(-1)).toBe(missed);
    // The test school has no 10th or 11th class: its полугодие lists none, with a zero total.
    const half = tableOf(await report({ yearId: ids.year, periodId: ids.half1 }));
    expect(half.title).toContain('(10–11 классы)');
    expect(half.rows.map((r) => r.cells[0])).toEqual(['Всего по школе']);
    expect(countsOf(half, 'Всего по школе')).toEqual([0, 0, 0, 0, 0]);
  });

  it('exports the period report: the XLSX read back by LibreOffice has the same figures', async () => {
    const r = await school.call(
      'reports.export',
      {
        report: { kind: 'attendance', params: { yearId: ids.year, periodId: ids.q1, classId: ids.c5A } },
        format: 'xlsx',
      },
      tokens.classTeacher,
    );
    if (!r.ok) throw new Error(r.error.message);
    const file = r.value as { fileName: string; base64: string };
    expect(file.fileName).toBe('2026-2027 I четверть 5А класс Посещаемость.xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'attendance-'));
    writeFileSync(join(dir, 'a.xlsx'), Buffer.from(file.base64, 'base64'));
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/lo`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76',
        '--outdir',
        dir,
        join(dir, 'a.xlsx'),
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const csv = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.csv'))!), 'utf8');
    // UTF-8 CSV (filter options 44,34,76): the student's line and the total, numbers as numbers.
    expect(csv).toMatch(/Абрамов Кирилл Денисович"?,2,1,0,0,3\b/);
    expect(csv).toMatch(/Итого"?,2,1,0,1,3\b/);
  }, 150_000);
});

describe('what a period report refuses', () => {
  const refusal = async (input: Input<'reports.attendance'>, token = tokens.deputy) => {
    const r = await school.call('reports.attendance', input, token);
    return r.ok ? null : { code: r.error.code, message: r.error.message };
  };

  it('asks for exactly one of month, period or year, and a period of the class and year', async () => {
    const one = 'Выберите одно: месяц, учебный период или весь учебный год';
    expect((await refusal({ yearId: ids.year, classId: ids.c5A }))?.message).toBe(one);
    expect((await refusal({ yearId: ids.year, month: '2026-09', periodId: ids.q1 }))?.message).toBe(one);
    expect(await refusal({ yearId: ids.year, periodId: ids.half1, classId: ids.c5A })).toEqual({
      code: 'VALIDATION',
      message: 'Период «I полугодие» не задан для 5А класса',
    });
    expect(await refusal({ yearId: ids.year, periodId: 9999, classId: ids.c5A })).toEqual({
      code: 'NOT_FOUND',
      message: 'Учебный период не найден',
    });
  });

  it("keeps access as for the month: the class teacher their class, nobody else's class or the school", async () => {
    const period = { yearId: ids.year, periodId: ids.q1 };
    // Allowed: the class teacher of 5А, and the administration any class and the school.
    expect(await refusal({ ...period, classId: ids.c5A }, tokens.classTeacher)).toBeNull();
    for (const token of [tokens.deputy, tokens.director, tokens.inspector]) {
      expect(await refusal({ ...period, classId: ids.c4A }, token)).toBeNull();
      expect(await refusal(period, token)).toBeNull();
    }
    // Refused: another class, the school's summary, and a subject teacher of 5А.
    expect((await refusal({ ...period, classId: ids.c4A }, tokens.classTeacher))?.code).toBe('FORBIDDEN');
    expect((await refusal(period, tokens.classTeacher))?.code).toBe('FORBIDDEN');
    expect((await refusal({ ...period, classId: ids.c5A }, tokens.teacher))?.code).toBe('FORBIDDEN');
    expect(
      (await refusal({ yearId: ids.year, wholeYear: true, classId: ids.c4A }, tokens.teacher))?.code,
    ).toBe('FORBIDDEN');
  });
});
