import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, NOW, one, type School } from '../../../test/school';
import { formatMoment } from '../../shared/i18n/dates';
import type { Report, ReportChart, ReportTable } from '../../shared/reports/report';

/**
 * The control reports on the test school (test/fixtures.ts), with figures worked out by hand from the
 * rows each test writes. Every report is fetched through the router, as the screen does.
 */

let school: School;
beforeEach(() => {
  school = makeSchool();
});
afterEach(() => school.close());

const id = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;

async function call<M extends 'reports.dynamics' | 'reports.fill' | 'reports.accessLog'>(
  method: M,
  input: Record<string, unknown>,
  login = 'zavuch',
): Promise<Report> {
  const r = await school.call(method, input as never, await school.login(login));
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Report;
}
const chartOf = (r: Report) => r.sections.find((s): s is ReportChart => s.type === 'chart')!;
const tableOf = (r: Report) => r.sections.find((s): s is ReportTable => s.type === 'table')!;

describe('reports.dynamics', () => {
  /**
   * 5А's first four students a, b, c, d; d moves to a new class 5Б on the day after the first
   * quarter ends, so d's first-quarter marks count in 5А and the second quarter's in 5Б.
   */
  function setUp() {
    const yearId = id('SELECT id FROM academic_year');
    const class5 = id("SELECT id FROM class WHERE name = '5А'");
    const class4 = id("SELECT id FROM class WHERE name = '4А'");
    const subject = (name: string) => id('SELECT id FROM subject WHERE name = ?', name);
    const period = (name: string) =>
      one<{ id: number; ends_on: string }>(
        school.db,
        'SELECT id, ends_on FROM period WHERE name = ? AND grade_from <= 5 AND grade_to >= 5',
        name,
      );
    const q1 = period('I четверть');
    const q2 = period('II четверть');
    const [a, b, c, d] = all<{ student_id: number }>(
      school.db,
      'SELECT student_id FROM class_enrollment WHERE class_id = ? ORDER BY student_id LIMIT 4',
      class5,
    ).map((r) => r.student_id) as [number, number, number, number];
    const fourth = id('SELECT student_id AS id FROM class_enrollment WHERE class_id = ? LIMIT 1', class4);
    const teacherId = id("SELECT id FROM user_account WHERE login = 'teacher'");
    const db = school.db.sqlite;
    db.prepare("INSERT INTO class (academic_year_id, grade, letter, name) VALUES (?, 5, 'Б', '5Б')").run(
      yearId,
    );
    const class5b = id("SELECT id FROM class WHERE name = '5Б'");
    db.prepare(
      "INSERT INTO teaching_load (academic_year_id, class_id, subject_id, teacher_id, hours_per_week, marking_mode) VALUES (?, ?, ?, ?, 5, 'points')",
    ).run(yearId, class5b, subject('Русский язык'), teacherId);
    db.prepare('UPDATE class_enrollment SET left_on = ? WHERE class_id = ? AND student_id = ?').run(
      q1.ends_on,
      class5,
      d,
    );
    const next = new Date(Date.parse(q1.ends_on) + 86_400_000).toISOString().slice(0, 10);
    db.prepare('INSERT INTO class_enrollment (class_id, student_id, enrolled_on) VALUES (?, ?, ?)').run(
      class5b,
      d,
      next,
    );
    const mark = (student: number, subjectName: string, p: { id: number }, value: string) =>
      db
        .prepare(
          "INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, period_id, value, updated_at, updated_by) VALUES (?, ?, ?, 'period', ?, ?, '2026-11-01T00:00:00Z', ?)",
        )
        .run(yearId, subject(subjectName), student, p.id, value, teacherId);
    // I четверть: Russian 5 4 3 4 → 4,00; Maths 4 3 н/а → 3,50 (н/а is not a point).
    mark(a, 'Русский язык', q1, '5');
    mark(b, 'Русский язык', q1, '4');
    mark(c, 'Русский язык', q1, '3');
    mark(d, 'Русский язык', q1, '4');
    mark(a, 'Математика', q1, '4');
    mark(b, 'Математика', q1, '3');
    mark(c, 'Математика', q1, 'н/а');
    // Not 5А's: a subject 5А is not taught, and a fourth-grader's Russian.
    mark(a, 'Окружающий мир', q1, '2');
    mark(fourth, 'Русский язык', q1, '2');
    // II четверть: Russian a 5, b 5 → 5,00 in 5А; d 3 → 3,00 in 5Б; Maths a осв, b 3 → 3,00;
    // d's Maths 5 is nobody's: 5Б has no Maths.
    mark(a, 'Русский язык', q2, '5');
    mark(b, 'Русский язык', q2, '5');
    mark(d, 'Русский язык', q2, '3');
    mark(a, 'Математика', q2, 'осв');
    mark(b, 'Математика', q2, '3');
    mark(d, 'Математика', q2, '5');
    return { yearId, class5, russian: subject('Русский язык') };
  }

  it("a class's average per quarter over all subjects and per subject", async () => {
    const { yearId, class5 } = setUp();
    const r = await call('reports.dynamics', { yearId, classId: class5 });
    const chart = chartOf(r);
    expect(chart.points).toEqual(['I четверть', 'II четверть', 'III четверть', 'IV четверть']);
    // I: 5 4 3 4 4 3 → 23/6 = 3,83; II: 5 5 3 → 4,33.
    expect(chart.series).toEqual([{ name: '5А: все предметы', values: [3.83, 4.33, null, null] }]);
    expect(chart.min).toBe(2);
    expect(chart.max).toBe(5);
    expect(tableOf(r).rows).toEqual([
      { cells: ['5А: все предметы', 3.83, 4.33, null, null], style: 'total' },
      { cells: ['Русский язык', 4, 5, null, null] },
      { cells: ['Математика', 3.5, 3, null, null] },
    ]);
    expect(r.subtitle[0]).toBe('Класс: 5А');
  });

  it("a subject's average per quarter in each class of a parallel", async () => {
    const { yearId, russian } = setUp();
    const r = await call('reports.dynamics', { yearId, subjectId: russian, grade: 5 });
    expect(chartOf(r).series).toEqual([
      { name: '5А', values: [4, 5, null, null] },
      { name: '5Б', values: [null, 3, null, null] },
    ]);
    // The parallel: I 5 4 3 4 → 4,00; II 5 5 3 → 4,33.
    expect(tableOf(r).rows.at(-1)).toEqual({
      cells: ['Параллель 5-х классов', 4, 4.33, null, null],
      style: 'total',
    });
  });

  it('lets a class teacher see their own class and a teacher the subject they teach, nothing else', async () => {
    const { yearId, class5, russian } = setUp();
    const f = fixtures(school.db);
    expect(f.ctClassId).toBe(class5);
    await expect(call('reports.dynamics', { yearId, classId: class5 }, 'klassruk')).resolves.toBeTruthy();
    await expect(
      call('reports.dynamics', { yearId, subjectId: russian, grade: 5 }, 'teacher'),
    ).resolves.toBeTruthy();
    const refused = await school.call(
      'reports.dynamics',
      { yearId, subjectId: russian, grade: 5 },
      await school.login('klassruk'),
    );
    expect(refused.ok ? '' : refused.error.message).toBe(
      'Динамику по предмету видит учитель, который ведёт его в этой параллели',
    );
  });

  it('answers in Russian for a parallel without the subject and for bad input', async () => {
    const { yearId, russian } = setUp();
    const token = await school.login('zavuch');
    const none = await school.call('reports.dynamics', { yearId, subjectId: russian, grade: 7 }, token);
    expect(none.ok ? '' : none.error.message).toBe(
      'В 7-х классах этого года предмет «Русский язык» не ведётся',
    );
    const bad = await school.call(
      'reports.dynamics',
      { yearId, subjectId: russian, grade: 12 } as never,
      token,
    );
    expect(bad.ok).toBe(false);
  });
});

describe('reports.fill', () => {
  const lessonOn = (date: string, subject: string) =>
    id(
      `SELECT l.id FROM lesson l JOIN teaching_load t ON t.id = l.load_id JOIN class c ON c.id = t.class_id
       JOIN subject s ON s.id = t.subject_id WHERE c.name = '5А' AND s.name = ? AND l.date = ?`,
      subject,
      date,
    );

  /** The day page views began to be recorded (migration 0018 writes the day it ran). */
  const viewsSince = (day: string) =>
    school.db.sqlite
      .prepare("UPDATE setting SET value = json_object('day', ?) WHERE key = 'journal.page_views_since'")
      .run(day);

  it('counts per teacher and page the lessons given by the deadline, without topic, homework, late', async () => {
    const db = school.db.sqlite;
    // Views recorded from the 10th: the days are shown, but no page is called «не открывалась».
    viewsSince('2026-11-10');
    const teacherId = id("SELECT id FROM user_account WHERE login = 'teacher'");
    const classTeacherId = id("SELECT id FROM user_account WHERE login = 'klassruk'");
    db.prepare("UPDATE lesson SET topic = '  ' WHERE id = ?").run(lessonOn('2026-11-09', 'Русский язык'));
    db.prepare("UPDATE lesson SET homework = '' WHERE id IN (?, ?)").run(
      lessonOn('2026-11-10', 'Русский язык'),
      lessonOn('2026-11-11', 'Русский язык'),
    );
    const late = db.prepare(
      "INSERT INTO late_entry (lesson_id, kind, entered_at, entered_by) VALUES (?, ?, '2026-11-20T08:00:00Z', ?)",
    );
    // Two kinds late on one lesson: one lesson late. A lesson of today is not due yet (17:00).
    late.run(lessonOn('2026-11-12', 'Русский язык'), 'topic', teacherId);
    late.run(lessonOn('2026-11-12', 'Русский язык'), 'marks', teacherId);
    late.run(lessonOn('2026-11-20', 'Русский язык'), 'marks', teacherId);
    db.prepare("UPDATE lesson SET cancelled_at = '2026-11-12T00:00:00Z' WHERE id = ?").run(
      lessonOn('2026-11-13', 'Русский язык'),
    );
    // A substitution: the class teacher gave one Literature lesson.
    db.prepare('UPDATE lesson SET teacher_id = ? WHERE id = ?').run(
      classTeacherId,
      lessonOn('2026-11-19', 'Литература'),
    );

    const r = await call('reports.fill', { month: '2026-11' });
    expect(r.subtitle).toEqual([
      'Месяц: ноябрь 2026',
      'Уроки с 01.11.2026 по 19.11.2026, срок заполнения которых прошёл (в день урока до 17:00)',
    ]);
    const rows = tableOf(r).rows.filter((row) => row.cells[0] === 'Воронцова Е. А.');
    // Russian in 5А: Mon–Fri from Thursday 5 November (after the holidays) to Thursday 19th: 2 + 5 + 4 =
    // 11, one cancelled → 10. Literature: Tue, Thu, Fri → 5, 6, 10, 12, 13, 17, 19 = 7, one given by
    // the class teacher → 6.
    // Russian is shaded for its late lesson (one lesson in ten without topic is not over the share).
    expect(rows).toEqual([
      { cells: ['Воронцова Е. А.', '5А', 'Русский язык', 10, 1, 2, 1, 0], style: 'warning' },
      { cells: ['Воронцова Е. А.', '5А', 'Литература', 6, 0, 0, 0, 0] },
      { cells: ['Воронцова Е. А.', 'Итого', null, 16, 1, 2, 1, null], style: 'total' },
    ]);
    const sub = tableOf(r).rows.filter(
      (row) => row.cells[0] === 'Соколов Д. П.' && row.cells[2] === 'Литература',
    );
    expect(sub).toEqual([{ cells: ['Соколов Д. П.', '5А', 'Литература', 1, 0, 0, 0, 0] }]);
    const unopened = r.sections[1] as ReportTable;
    expect(unopened.title).toBe('Страницы, не открывавшиеся в месяце');
    expect(unopened.rows).toEqual([]);
    expect(unopened.note).toBe(
      'Просмотры страниц записываются с 10.11.2026: за этот месяц неоткрывавшиеся страницы не определяются.',
    );
    // A group's page is named with its group (a teacher may teach both groups of a class).
    const groups = tableOf(r)
      .rows.map((row) => String(row.cells[2]))
      .filter((s) => s.endsWith(' группа)'));
    expect(groups).toEqual(expect.arrayContaining([expect.stringMatching(/\(1 группа\)$/)]));
    expect(groups).toEqual(expect.arrayContaining([expect.stringMatching(/\(2 группа\)$/)]));
    // First grade: no homework is set, none is missing.
    const first = tableOf(r).rows.filter((row) => row.cells[1] === '1А');
    expect(first.length).toBeGreaterThan(0);
    for (const row of first) expect(row.cells[5]).toBe(0);
  });

  it('lists the pages their teacher never opened in the month and shades only the rows to act on', async () => {
    const db = school.db.sqlite;
    viewsSince('2026-09-01');
    const f = fixtures(school.db);
    const classTeacherId = id("SELECT id FROM user_account WHERE login = 'klassruk'");
    const literature = id(
      "SELECT t.id FROM teaching_load t JOIN subject s ON s.id = t.subject_id WHERE t.class_id = ? AND s.name = 'Литература'",
      f.loadClass(f.ownLoad.id),
    );
    const open = async (iso: string, login: string, loadId: number) => {
      school.setNow(new Date(iso));
      const r = await school.call('journal.page', { loadId }, await school.login(login));
      if (!r.ok) throw new Error(r.error.message);
    };
    // The teacher opens Russian on two days (twice on the 16th), and once in December (not counted);
    // the deputy's opening of Literature is not the teacher's. The class teacher, who gave one
    // Literature lesson in a замена, opens its page on that day.
    await open('2026-11-02T08:00:00Z', 'teacher', f.ownLoad.id);
    await open('2026-11-16T08:00:00Z', 'teacher', f.ownLoad.id);
    await open('2026-11-16T08:20:00Z', 'teacher', f.ownLoad.id);
    await open('2026-12-01T08:00:00Z', 'teacher', literature);
    await open('2026-11-18T08:00:00Z', 'zavuch', literature);
    await open('2026-11-19T08:00:00Z', 'klassruk', literature);
    school.setNow(NOW);
    // Russian: 11 lessons (5–19 November), one without topic: 1 of 11 is under one in ten.
    // Literature: 7 lessons, one given by the class teacher → 6, one without topic: over one in ten.
    db.prepare("UPDATE lesson SET topic = '' WHERE id IN (?, ?)").run(
      lessonOn('2026-11-09', 'Русский язык'),
      lessonOn('2026-11-10', 'Литература'),
    );
    db.prepare('UPDATE lesson SET teacher_id = ? WHERE id = ?').run(
      classTeacherId,
      lessonOn('2026-11-19', 'Литература'),
    );

    const r = await call('reports.fill', { month: '2026-11' });
    const [main, unopened] = r.sections as [ReportTable, ReportTable];
    expect(main.rows.filter((row) => row.cells[0] === 'Воронцова Е. А.')).toEqual([
      { cells: ['Воронцова Е. А.', '5А', 'Русский язык', 11, 1, 0, 0, 2] },
      { cells: ['Воронцова Е. А.', '5А', 'Литература', 6, 1, 0, 0, 0], style: 'warning' },
      { cells: ['Воронцова Е. А.', 'Итого', null, 17, 2, 0, 0, null], style: 'total' },
    ]);
    expect(
      main.rows.filter((row) => row.cells[0] === 'Соколов Д. П.' && row.cells[2] === 'Литература'),
    ).toEqual([{ cells: ['Соколов Д. П.', '5А', 'Литература', 1, 0, 0, 0, 1] }]);
    // Literature not opened by its teacher: listed; the class teacher's page of it was opened.
    expect(unopened.rows.filter((row) => row.cells[0] === 'Воронцова Е. А.')).toEqual([
      { cells: ['Воронцова Е. А.', '5А', 'Литература', 6] },
    ]);
    expect(
      unopened.rows.filter((row) => row.cells[0] === 'Соколов Д. П.').map((row) => row.cells[2]),
    ).not.toContain('Литература');
    // Every page listed is one the main table shades, with no day opened.
    for (const row of unopened.rows) {
      const line = main.rows.find((m) => m.cells.slice(0, 3).join() === row.cells.slice(0, 3).join());
      expect(line).toMatchObject({ style: 'warning', cells: expect.arrayContaining([0]) });
      expect(line!.cells[7]).toBe(0);
    }
  });

  it('refuses a month not written YYYY-MM in Russian', async () => {
    const r = await school.call('reports.fill', { month: '2026-13' }, await school.login('zavuch'));
    expect(r.ok ? '' : r.error.message).toContain('Месяц: в формате ГГГГ-ММ');
  });
});

describe('reports.accessLog', () => {
  it('lists per user and page the openings and the changes in the range with the first and last time', async () => {
    const f = fixtures(school.db);
    const lessonOf = (date: string, subject: string) =>
      id(
        `SELECT l.id FROM lesson l JOIN teaching_load t ON t.id = l.load_id JOIN class c ON c.id = t.class_id
         JOIN subject s ON s.id = t.subject_id WHERE c.name = '5А' AND s.name = ? AND l.date = ?`,
        subject,
        date,
      );
    const student = f.studentOf(f.ownLoad.id);
    const at = async (iso: string, login: string, method: string, input: Record<string, unknown>) => {
      school.setNow(new Date(iso));
      const r = await school.call(method as never, input as never, await school.login(login));
      if (!r.ok) throw new Error(r.error.message);
    };
    const mark = (lessonId: number) => ({ lessonId, studentId: student, value: '4', expectedVersion: null });
    await at(
      '2026-11-20T08:00:00Z',
      'teacher',
      'journal.setMark',
      mark(lessonOf('2026-11-18', 'Русский язык')),
    );
    const lit = lessonOf('2026-11-19', 'Литература');
    const version = one<{ version: number }>(
      school.db,
      'SELECT version FROM lesson WHERE id = ?',
      lit,
    ).version;
    await at('2026-11-20T09:30:00Z', 'teacher', 'journal.updateLesson', {
      lessonId: lit,
      topic: 'Сказки Пушкина',
      homework: 'Выучить отрывок',
      expectedVersion: version,
    });
    await at(
      '2026-11-21T07:00:00Z',
      'teacher',
      'journal.setMark',
      mark(lessonOf('2026-11-19', 'Русский язык')),
    );
    // Outside the range: the next day.
    await at(
      '2026-11-22T10:00:00Z',
      'klassruk',
      'journal.setMark',
      mark(lessonOf('2026-11-19', 'Математика')),
    );
    // Openings: the teacher's Russian page on two days (twice on the 21st: the first counts), the
    // deputy's Literature page once (she changes nothing: listed for opening only); the teacher's
    // opening on the 22nd is outside the range.
    const literature = one<{ load_id: number }>(
      school.db,
      'SELECT load_id FROM lesson WHERE id = ?',
      lit,
    ).load_id;
    await at('2026-11-20T07:50:00Z', 'teacher', 'journal.page', { loadId: f.ownLoad.id });
    await at('2026-11-21T06:50:00Z', 'teacher', 'journal.page', { loadId: f.ownLoad.id });
    await at('2026-11-21T07:10:00Z', 'teacher', 'journal.page', { loadId: f.ownLoad.id });
    await at('2026-11-22T07:10:00Z', 'teacher', 'journal.page', { loadId: f.ownLoad.id });
    await at('2026-11-20T10:00:00Z', 'zavuch', 'journal.page', { loadId: literature });
    school.setNow(NOW);

    const r = await call('reports.accessLog', { from: '2026-11-20', to: '2026-11-21' });
    // Times on the school computer's clock (the audit and view rows hold UTC).
    const local = formatMoment;
    expect(tableOf(r).rows).toEqual([
      {
        cells: [
          'Белова О. П.',
          '5А',
          'Литература',
          1,
          local('2026-11-20T10:00:00Z'),
          local('2026-11-20T10:00:00Z'),
          0,
          null,
          null,
        ],
      },
      {
        cells: [
          'Воронцова Е. А.',
          '5А',
          'Литература',
          0,
          null,
          null,
          1,
          local('2026-11-20T09:30:00Z'),
          local('2026-11-20T09:30:00Z'),
        ],
      },
      {
        cells: [
          'Воронцова Е. А.',
          '5А',
          'Русский язык',
          2,
          local('2026-11-20T07:50:00Z'),
          local('2026-11-21T06:50:00Z'),
          2,
          local('2026-11-20T08:00:00Z'),
          local('2026-11-21T07:00:00Z'),
        ],
      },
    ]);
    const wider = await call('reports.accessLog', { from: '2026-11-20', to: '2026-11-22' });
    expect(tableOf(wider).rows.map((row) => [...row.cells.slice(0, 4), row.cells[6]])).toContainEqual([
      'Соколов Д. П.',
      '5А',
      'Математика',
      0,
      1,
    ]);
  });

  it('refuses a range that ends before it starts', async () => {
    const r = await school.call(
      'reports.accessLog',
      { from: '2026-11-21', to: '2026-11-20' },
      await school.login('zavuch'),
    );
    expect(r.ok ? '' : r.error.message).toBe('Начало периода позже его конца');
  });
});
