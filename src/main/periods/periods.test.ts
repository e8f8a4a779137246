import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { DEFAULT_GRADING_RULES as RULES, roundMark } from '../../shared/journal/grading';
import { meanSuggestion, periodSuggestion } from '../../shared/periods/final-marks';
import type { LoadFinalMarks } from '../../shared/periods/schemas';

/**
 * The end of a period on the test school (test/fixtures.ts, "today" Friday 20 November, II quarter):
 * the deputy closes and reopens periods; the teacher's writes are refused while closed; period, year,
 * exam and final marks follow the rules of domain-defaults §4.4–4.5.
 */

let school: School;
let fx: ReturnType<typeof fixtures>;
let deputy: string;
let teacher: string;
const ids = { q1: 0, q2: 0, q4: 0, c5A: 0, c5B: 0, c4A: 0, load5B: 0 };

/** Everything a call of this feature could change, to prove a refused call changed nothing. */
function snapshot(): string {
  const tables = ['period_closure', 'final_mark', 'mark', 'absence', 'lesson', 'audit_log'];
  return JSON.stringify(tables.map((t) => school.db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all()));
}

async function ok<M extends MethodName>(method: M, input: Input<M>, token: string) {
  const r = await school.call(method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}

const id = (sql: string, ...p: unknown[]) => one<{ id: number }>(school.db, sql, ...p).id;

beforeAll(async () => {
  school = makeSchool();
  fx = fixtures(school.db);
  deputy = await school.login('zavuch');
  teacher = await school.login('teacher');
  ids.q1 = id("SELECT id FROM period WHERE name = 'I четверть'");
  ids.q2 = id("SELECT id FROM period WHERE name = 'II четверть'");
  ids.q4 = id("SELECT id FROM period WHERE name = 'IV четверть'");
  ids.c5A = id("SELECT id FROM class WHERE name = '5А'");
  ids.c4A = id("SELECT id FROM class WHERE name = '4А'");
  const yearId = id('SELECT id FROM academic_year');
  // A parallel neighbour: 5Б, with the teacher's Russian in it.
  ids.c5B = (
    await ok('year.saveClass', { yearId, classId: null, grade: 5, letter: 'Б', classTeacherId: null }, deputy)
  ).id;
  ids.load5B = (
    await ok(
      'year.saveLoad',
      {
        loadId: null,
        classId: ids.c5B,
        groupId: null,
        subjectId: id("SELECT id FROM subject WHERE name = 'Русский язык'"),
        teacherId: fx.teacherId,
        hoursPerWeek: 5,
      },
      deputy,
    )
  ).id;
});
afterAll(() => school.close());

beforeEach(() => {
  school.db.sqlite.exec(
    "DELETE FROM period_closure; DELETE FROM final_mark; DELETE FROM setting WHERE key = 'marks.rules';",
  );
});

/** An empty cell of the teacher's 5А Russian in the II quarter, before today. */
function emptyCell() {
  const lesson = fx.lessonOf(fx.ownLoad.id);
  const studentId = fx.studentOf(fx.ownLoad.id);
  school.db.sqlite
    .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, studentId);
  school.db.sqlite
    .prepare('DELETE FROM absence WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, studentId);
  return { lessonId: lesson.id, studentId };
}

const closeClass = (periodId: number, classId: number) =>
  ok('periods.close', { periodId, target: { scope: 'class', classId } }, deputy);

describe('closing a period', () => {
  it('refuses the teacher’s marks, absences, topics and lessons of a closed class, naming the period and the class', async () => {
    const result = await closeClass(ids.q2, ids.c5A);
    expect(result).toEqual({ changed: [{ classId: ids.c5A, className: '5А' }], unchanged: [] });
    const cell = emptyCell();
    const lesson = one<{ version: number }>(
      school.db,
      'SELECT version FROM lesson WHERE id = ?',
      cell.lessonId,
    );
    const before = snapshot();
    const refusal = {
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message:
          'Период «II четверть» закрыт для 5А класса: изменения возможны только после того, как заместитель директора откроет его снова',
      },
    };
    expect(
      await school.call('journal.setMark', { ...cell, value: '5', expectedVersion: null }, teacher),
    ).toEqual(refusal);
    expect(
      await school.call('journal.setAbsence', { ...cell, code: 'ill', expectedVersion: null }, teacher),
    ).toEqual(refusal);
    expect(
      await school.call(
        'journal.updateLesson',
        { lessonId: cell.lessonId, topic: 'Новая тема', homework: '', expectedVersion: lesson.version },
        teacher,
      ),
    ).toEqual(refusal);
    expect(
      await school.call('journal.addLesson', { loadId: fx.ownLoad.id, date: TODAY, number: 9 }, teacher),
    ).toMatchObject({ ok: false, error: { message: refusal.error.message } });
    // The deputy's changes of the day go through the same check.
    expect(
      await school.call('timetable.cancelLesson', { lessonId: cell.lessonId, reason: 'Карантин' }, deputy),
    ).toEqual(refusal);
    expect(snapshot()).toBe(before);

    // The page says so to the teacher.
    const page = await ok('journal.page', { loadId: fx.ownLoad.id }, teacher);
    expect(page.periods.find((p) => p.id === ids.q2)?.closed).toBe(true);
    expect(page.periods.find((p) => p.id === ids.q1)?.closed).toBe(false);
  });

  it('does not close the parallel neighbour unless asked, and closes the whole parallel when asked', async () => {
    await closeClass(ids.q2, ids.c5A);
    // 5Б stays open: the teacher adds a lesson there.
    expect(
      await school.call('journal.addLesson', { loadId: ids.load5B, date: TODAY, number: 8 }, teacher),
    ).toMatchObject({ ok: true });
    const overview = await ok('periods.overview', { yearId: id('SELECT id FROM academic_year') }, deputy);
    const state = (classId: number) =>
      overview.cells.find((c) => c.periodId === ids.q2 && c.classId === classId)?.closed;
    expect([state(ids.c5A), state(ids.c5B), state(ids.c4A)]).toEqual([true, false, false]);

    const parallel = await ok(
      'periods.close',
      { periodId: ids.q2, target: { scope: 'parallel', grade: 5 } },
      deputy,
    );
    expect(parallel).toEqual({
      changed: [{ classId: ids.c5B, className: '5Б' }],
      unchanged: [{ classId: ids.c5A, className: '5А' }],
    });
    expect(
      await school.call('journal.addLesson', { loadId: ids.load5B, date: TODAY, number: 7 }, teacher),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('для 5Б класса') },
    });
    // 4А is in another parallel: still open.
    const after = await ok('periods.overview', { yearId: id('SELECT id FROM academic_year') }, deputy);
    expect(after.cells.find((c) => c.periodId === ids.q2 && c.classId === ids.c4A)?.closed).toBe(false);
    school.db.sqlite.exec(`DELETE FROM lesson WHERE load_id = ${ids.load5B}`);
  });

  it('closes the school: every class the period is for, one audited row each', async () => {
    const audits = () =>
      one<{ n: number }>(school.db, "SELECT count(*) AS n FROM audit_log WHERE entity = 'period_closure'").n;
    const before = audits();
    const r = await ok('periods.close', { periodId: ids.q1, target: { scope: 'school' } }, deputy);
    expect(r.changed.map((c) => c.className)).toEqual(['1А', '4А', '5А', '5Б']);
    expect(audits() - before).toBe(4);
    // Closing again changes nothing and writes nothing.
    const again = await ok('periods.close', { periodId: ids.q1, target: { scope: 'school' } }, deputy);
    expect(again.changed).toEqual([]);
    expect(audits() - before).toBe(4);
  });

  it('shows on the deputy’s «Периоды» tab as closed, and such a period is never removed from the year', async () => {
    const classId = fx.ownLoad.class_id;
    const q4 = one<{ id: number; academic_year_id: number; grade_from: number; grade_to: number }>(
      school.db,
      `SELECT p.id, p.academic_year_id, p.grade_from, p.grade_to FROM period p JOIN class c ON c.id = ?
       WHERE p.academic_year_id = c.academic_year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
       ORDER BY p.starts_on DESC LIMIT 1`,
      classId,
    );
    await closeClass(q4.id, classId);
    const yearId = q4.academic_year_id;
    const calendar = await ok('year.calendar', { yearId }, deputy);
    expect(calendar.periods.find((p) => p.id === q4.id)?.closed).toBe(true);
    // Two half-years instead of four quarters would remove the closed IV quarter: refused, nothing changed.
    const quarters = calendar.periods.filter(
      (p) => p.gradeFrom === q4.grade_from && p.gradeTo === q4.grade_to,
    );
    const periodsBefore = all(school.db, 'SELECT * FROM period ORDER BY id');
    const r = await school.call(
      'year.setPeriods',
      {
        yearId,
        kind: 'half_year',
        gradeFrom: q4.grade_from,
        gradeTo: q4.grade_to,
        periods: [
          { startsOn: quarters[0]!.startsOn, endsOn: quarters[1]!.endsOn },
          { startsOn: quarters[2]!.startsOn, endsOn: quarters.at(-1)!.endsOn },
        ],
      },
      deputy,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(all(school.db, 'SELECT * FROM period ORDER BY id')).toEqual(periodsBefore);
    await ok(
      'periods.reopen',
      { periodId: q4.id, target: { scope: 'class', classId }, reason: 'Проверка' },
      deputy,
    );
    const after = await ok('year.calendar', { yearId }, deputy);
    expect(after.periods.find((p) => p.id === q4.id)?.closed).toBe(false);
  });

  it('reopens with a reason, audited, after which the teacher writes again', async () => {
    await closeClass(ids.q2, ids.c5A);
    const cell = emptyCell();
    const r = await ok(
      'periods.reopen',
      {
        periodId: ids.q2,
        target: { scope: 'class', classId: ids.c5A },
        reason: 'Исправление ошибки в отметке',
      },
      deputy,
    );
    expect(r.changed).toEqual([{ classId: ids.c5A, className: '5А' }]);
    const audit = one<{ before: string; after: string }>(
      school.db,
      "SELECT before, after FROM audit_log WHERE action = 'periods.reopen' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(audit.before)).toMatchObject({ period: 'II четверть', className: '5А', closed: true });
    expect(JSON.parse(audit.after)).toMatchObject({ closed: false, reason: 'Исправление ошибки в отметке' });
    expect(
      await school.call('journal.setMark', { ...cell, value: '5', expectedVersion: null }, teacher),
    ).toMatchObject({ ok: true });
    // The deputy's screen keeps the last reopening and its reason.
    const overview = await ok('periods.overview', { yearId: id('SELECT id FROM academic_year') }, deputy);
    expect(overview.cells.find((c) => c.periodId === ids.q2 && c.classId === ids.c5A)).toMatchObject({
      closed: false,
      reopenReason: 'Исправление ошибки в отметке',
    });
  });

  it('refuses a reopening without a reason, of an open period, or for a class the period is not for, changing nothing', async () => {
    await closeClass(ids.q2, ids.c5A);
    const before = snapshot();
    const target = { scope: 'class', classId: ids.c5A } as const;
    expect(
      await school.call('periods.reopen', { periodId: ids.q2, target, reason: '  ' }, deputy),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Причина открытия периода: поле не должно быть пустым' },
    });
    expect(
      await school.call(
        'periods.reopen',
        { periodId: ids.q2, target: { scope: 'class', classId: ids.c4A }, reason: 'Проверка' },
        deputy,
      ),
    ).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Период «II четверть» уже открыт для 4А класса: открывать нечего' },
    });
    const half = id("SELECT id FROM period WHERE name = 'I полугодие'");
    expect(await school.call('periods.close', { periodId: half, target }, deputy)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'target.classId' },
    });
    expect(
      await school.call(
        'periods.close',
        { periodId: ids.q2, target: { scope: 'parallel', grade: 12 } },
        deputy,
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await school.call('periods.close', { periodId: 999, target }, deputy)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(snapshot()).toBe(before);
  });

  it('counts what is missing: students × marked subjects without a period mark', async () => {
    const yearId = id('SELECT id FROM academic_year');
    const cellOf = async () =>
      (await ok('periods.overview', { yearId }, deputy)).cells.find(
        (c) => c.periodId === ids.q2 && c.classId === ids.c5A,
      )!.missing;
    const missing = await cellOf();
    expect(missing).toBeGreaterThan(0);
    await ok(
      'periods.setFinalMark',
      {
        loadId: fx.ownLoad.id,
        studentId: fx.studentOf(fx.ownLoad.id),
        kind: 'period',
        periodId: ids.q2,
        value: 'н/а',
        expectedVersion: null,
      },
      teacher,
    );
    expect(await cellOf()).toBe(missing - 1);
  });
});

describe('period, year, exam and final marks', () => {
  const marksOf = (loadId = fx.ownLoad.id, token = teacher) => ok('periods.finalMarks', { loadId }, token);
  const studentWith = (page: LoadFinalMarks, periodId: number, test: (n: number) => boolean) =>
    page.students.find((s) => test(s.periods.find((p) => p.periodId === periodId)!.count))!;
  const set = (input: Partial<Input<'periods.setFinalMark'>> & { studentId: number }, token = teacher) =>
    school.call(
      'periods.setFinalMark',
      {
        loadId: fx.ownLoad.id,
        kind: 'period',
        periodId: ids.q2,
        value: '4',
        expectedVersion: null,
        ...input,
      },
      token,
    );

  it('rounds x.5 in favour of the student and suggests the year and final marks from the period marks', () => {
    // The mean is rounded to 2 decimals first (domain-defaults §4.4): 2.499 is 2.50.
    expect([3.5, 3.49, 4.5, 2.499, 2.494].map((m) => roundMark(m, RULES))).toEqual(['4', '3', '5', '3', '2']);
    expect(
      periodSuggestion(
        [
          { value: '5', weight: 1 },
          { value: '4', weight: 1 },
          { value: '4', weight: 1 },
          { value: '5', weight: 1 },
          { value: 'зач', weight: 1 },
        ],
        RULES,
      ),
    ).toEqual({ average: 4.5, suggested: '5' });
    expect(meanSuggestion(['4', '3', 'н/а', '4', '3'], RULES)).toBe('4');
    expect(meanSuggestion(['н/а', 'осв'], RULES)).toBeNull();
  });

  it('lists the students with their marks count, average and suggestion per period', async () => {
    const page = await marksOf();
    expect(page.load).toMatchObject({ className: '5А', subjectName: 'Русский язык', writable: true });
    expect(page.minimumMarks).toBe(3);
    expect(page.values).toEqual(['2', '3', '4', '5', 'н/а', 'осв']);
    const s = page.students[0]!;
    const q2 = s.periods.find((p) => p.periodId === ids.q2)!;
    const marks = all<{ value: string }>(
      school.db,
      `SELECT m.value FROM mark m JOIN lesson l ON l.id = m.lesson_id
       WHERE l.load_id = ? AND m.student_id = ? AND l.date BETWEEN '2026-11-05' AND '2026-12-30'`,
      fx.ownLoad.id,
      s.id,
    );
    expect(q2.count).toBe(marks.length);
    // Below the school's minimum of marks only «н/а» is suggested (domain-defaults §4.5).
    if (marks.length >= RULES.minMarks) expect(q2.suggested).toBe(roundMark(q2.average!, RULES));
    else expect(['н/а', null]).toContain(q2.suggested);
    // The class teacher reads, but may not set.
    const classTeacher = await school.login('klassruk');
    expect((await marksOf(fx.ownLoad.id, classTeacher)).load.writable).toBe(false);
  });

  it('sets a period mark where the student has enough marks, and refuses it below the minimum unless «н/а» or «осв»', async () => {
    const page = await marksOf();
    const enough = studentWith(page, ids.q2, (n) => n >= 3);
    const few = studentWith(page, ids.q1, (n) => n < 3);
    const saved = await set({ studentId: enough.id, value: '4' });
    expect(saved).toMatchObject({
      ok: true,
      value: { kind: 'period', periodId: ids.q2, value: '4', version: 1 },
    });
    const before = snapshot();
    const count = few.periods.find((p) => p.periodId === ids.q1)!.count;
    const r = await set({ studentId: few.id, periodId: ids.q1, value: '5' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'value', message: expect.stringContaining('нужно не меньше 3') },
    });
    expect(r.ok ? '' : r.error.message).toContain(`за период «I четверть» ${count} `);
    expect(snapshot()).toBe(before);
    expect(await set({ studentId: few.id, periodId: ids.q1, value: 'н/а' })).toMatchObject({
      ok: true,
      value: { value: 'н/а' },
    });
    const q3 = id("SELECT id FROM period WHERE name = 'III четверть'");
    expect(await set({ studentId: few.id, periodId: q3, value: 'осв' })).toMatchObject({ ok: true });
    // The school's own minimum (the deputy's «Оценивание» rules) is read: with 1, one mark is enough.
    school.db.sqlite
      .prepare(
        `INSERT OR REPLACE INTO setting (key, value) VALUES ('marks.rules', '{"rounding":"x.5","minMarks":1}')`,
      )
      .run();
    const one = (await marksOf()).students.find(
      (s) => s.id !== few.id && s.periods.find((p) => p.periodId === ids.q1)!.count === 1,
    )!;
    expect(await set({ studentId: one.id, periodId: ids.q1, value: '4' })).toMatchObject({ ok: true });
    school.db.sqlite.exec("DELETE FROM setting WHERE key = 'marks.rules'");
  });

  it('refuses a stale write with what is there now, and clears with the version seen', async () => {
    const student = studentWith(await marksOf(), ids.q2, (n) => n >= 3);
    await set({ studentId: student.id, value: '4' });
    const deputyWrite = await set({ studentId: student.id, value: '5', expectedVersion: 1 }, deputy);
    expect(deputyWrite).toMatchObject({ ok: true, value: { value: '5', version: 2 } });
    const before = snapshot();
    const stale = await set({ studentId: student.id, value: '3', expectedVersion: 1 });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('сейчас стоит «5»') },
    });
    expect(snapshot()).toBe(before);
    // The same value again (a resent save) is a success that writes nothing.
    expect(await set({ studentId: student.id, value: '5', expectedVersion: 1 })).toMatchObject({ ok: true });
    expect(snapshot()).toBe(before);
    expect(await set({ studentId: student.id, value: null, expectedVersion: 2 })).toEqual({
      ok: true,
      value: null,
    });
    const audit = one<{ before: string; after: string | null }>(
      school.db,
      "SELECT before, after FROM audit_log WHERE action = 'periods.setFinalMark' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(audit.before)).toMatchObject({ value: '5', version: 2 });
    expect(audit.after).toBeNull();
  });

  it('refuses a period mark in a closed period, and the year’s marks once the last period is closed', async () => {
    const student = studentWith(await marksOf(), ids.q2, (n) => n >= 3);
    await closeClass(ids.q2, ids.c5A);
    const before = snapshot();
    expect(await set({ studentId: student.id, value: '4' })).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: expect.stringContaining('Период «II четверть» закрыт для 5А класса'),
      },
    });
    expect(await set({ studentId: student.id, kind: 'year', periodId: null, value: '4' })).toMatchObject({
      ok: true,
    });
    await closeClass(ids.q4, ids.c5A);
    const closed = snapshot();
    expect(
      await set({ studentId: student.id, kind: 'year', periodId: null, value: '5', expectedVersion: 1 }),
    ).toMatchObject({ ok: false, error: { message: expect.stringContaining('«IV четверть» закрыт') } });
    expect(snapshot()).toBe(closed);
    expect((await marksOf()).yearClosed).toBe(true);
    expect(before).not.toBe(closed);
  });

  it('suggests the year mark from the period marks and the final from the year and the exam', async () => {
    const student = studentWith(await marksOf(), ids.q2, (n) => n >= 3);
    school.db.sqlite
      .prepare(
        `INSERT OR REPLACE INTO setting (key, value) VALUES ('marks.rules', '{"rounding":"x.5","minMarks":0}')`,
      )
      .run();
    await set({ studentId: student.id, periodId: ids.q1, value: '4' });
    await set({ studentId: student.id, periodId: ids.q2, value: '5' });
    await set({ studentId: student.id, kind: 'year', periodId: null, value: '5' });
    await set({ studentId: student.id, kind: 'exam', periodId: null, value: '4' });
    school.db.sqlite.exec("DELETE FROM setting WHERE key = 'marks.rules'");
    const row = (await marksOf()).students.find((s) => s.id === student.id)!;
    expect(row.yearSuggested).toBe('5'); // 4.5 → 5
    expect(row.finalSuggested).toBe('5'); // (5 + 4) / 2 = 4.5 → 5
  });

  it('takes «зач»/«незач» on a pass/fail page, and refuses point marks there and «1» where the school does not use it', async () => {
    const loadId = fx.passFailLoad.id;
    const owner = await school.login(fx.loginOf(fx.passFailLoad.teacher_id));
    const page = await ok('periods.finalMarks', { loadId }, owner);
    expect(page.values).toEqual(['зач', 'незач', 'н/а', 'осв']);
    const periodId = page.periods.find((p) => p.startsOn <= TODAY && p.endsOn >= TODAY)!.id;
    const student = page.students[0]!;
    // Pass/fail pages have few marks in the test school: the minimum is not what this test is about.
    school.db.sqlite
      .prepare(
        `INSERT OR REPLACE INTO setting (key, value) VALUES ('marks.rules', '{"rounding":"x.5","minMarks":0}')`,
      )
      .run();
    const input = { loadId, studentId: student.id, kind: 'period', periodId, expectedVersion: null } as const;
    const before = snapshot();
    expect(await school.call('periods.setFinalMark', { ...input, value: '5' }, owner)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'По этому предмету ставится «зач», «незач», «н/а» или «осв»' },
    });
    expect(snapshot()).toBe(before);
    expect(await school.call('periods.setFinalMark', { ...input, value: 'зач' }, owner)).toMatchObject({
      ok: true,
    });
    school.db.sqlite.exec("DELETE FROM setting WHERE key = 'marks.rules'");
    const enough = studentWith(await marksOf(), ids.q2, (n) => n >= 3);
    expect(await set({ studentId: enough.id, value: '1' })).toMatchObject({
      ok: false,
      error: { message: 'Отметка «1» в школе не используется' },
    });
  });

  it('lets a teacher who gave a lesson of the page in a замена read its final marks, not set them', async () => {
    const lesson = fx.lessonOf(fx.foreignLoad.id);
    const given = one<{ teacher_id: number }>(
      school.db,
      'SELECT teacher_id FROM lesson WHERE id = ?',
      lesson.id,
    );
    school.db.sqlite.prepare('UPDATE lesson SET teacher_id = ? WHERE id = ?').run(fx.teacherId, lesson.id);
    const page = await marksOf(fx.foreignLoad.id);
    expect(page.load.writable).toBe(false);
    const before = snapshot();
    expect(
      await school.call(
        'periods.setFinalMark',
        {
          loadId: fx.foreignLoad.id,
          studentId: page.students[0]!.id,
          kind: 'period',
          periodId: ids.q2,
          value: 'н/а',
          expectedVersion: null,
        },
        teacher,
      ),
    ).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Итоговые отметки ставит учитель, который ведёт предмет, или заместитель директора',
      },
    });
    expect(snapshot()).toBe(before);
    school.db.sqlite
      .prepare('UPDATE lesson SET teacher_id = ? WHERE id = ?')
      .run(given.teacher_id, lesson.id);
  });

  it('refuses bad input in Russian and leaves the database unchanged', async () => {
    const studentId = fx.studentOf(fx.ownLoad.id);
    const before = snapshot();
    const refused = async (input: Record<string, unknown>, message: string | RegExp) => {
      const r = await school.call(
        'periods.setFinalMark',
        {
          loadId: fx.ownLoad.id,
          studentId,
          kind: 'period',
          periodId: ids.q2,
          value: 'н/а',
          expectedVersion: null,
          ...input,
        } as never,
        teacher,
      );
      expect(r).toMatchObject({ ok: false, error: { message } });
    };
    await refused({ value: 'отл' }, 'Отметка: 1–5, «зач», «незач», «н/а» или «осв»');
    await refused({ kind: 'semester' }, 'Вид отметки: период, год, экзамен или итог');
    await refused({ kind: 'year' }, /нет периода/);
    await refused(
      { periodId: id("SELECT id FROM period WHERE name = 'I полугодие'") },
      /не относится к классу/,
    );
    await refused({ studentId: fx.studentOf(fx.foreignLoad.id) }, /не числится на этой странице/);
    await refused({ studentId: -1 }, 'Идентификатор должен быть положительным');
    expect(snapshot()).toBe(before);
  });
});

describe('the diary', () => {
  it('shows the period and year marks per subject', async () => {
    const child = fx.ownChild;
    const enough = (await ok('periods.finalMarks', { loadId: fx.ownLoad.id }, teacher)).students.find(
      (s) => s.id === child,
    );
    expect(enough).toBeDefined();
    await ok(
      'periods.setFinalMark',
      {
        loadId: fx.ownLoad.id,
        studentId: child,
        kind: 'period',
        periodId: ids.q1,
        value: 'н/а',
        expectedVersion: null,
      },
      teacher,
    );
    await ok(
      'periods.setFinalMark',
      {
        loadId: fx.ownLoad.id,
        studentId: child,
        kind: 'year',
        periodId: null,
        value: '4',
        expectedVersion: null,
      },
      teacher,
    );
    const parent = await school.login('roditel', 'family');
    const r = await school.call('diary.week', { studentId: child, weekOf: TODAY }, parent, 'family');
    expect(r.ok).toBe(true);
    const week = r.ok ? (r.value as Output<'diary.week'>) : null;
    expect(week?.results.periods.map((p) => p.name)).toEqual([
      'I четверть',
      'II четверть',
      'III четверть',
      'IV четверть',
    ]);
    // (The current average and forecast beside them: diary.test.ts.)
    expect(week?.results.subjects.find((s) => s.subject === 'Русский язык')).toMatchObject({
      subject: 'Русский язык',
      periods: ['н/а', null, null, null],
      year: '4',
    });
  });
});
