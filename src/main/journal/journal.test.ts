import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School, snapshot, TODAY } from '../../../test/school';
import type { JournalPage } from '../../shared/journal/schemas';

let school: School;
let token: string;
let fx: ReturnType<typeof fixtures>;
beforeAll(async () => {
  school = makeSchool();
  token = await school.login('teacher');
  fx = fixtures(school.db);
});
afterAll(() => school.close());

async function page(loadId = fx.ownLoad.id, periodId?: number): Promise<JournalPage> {
  const r = await school.call('journal.page', periodId ? { loadId, periodId } : { loadId }, token);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as JournalPage;
}

/** A lesson of the teacher's page before today and a student who sits in it, with the cell cleared. */
async function emptyCell() {
  const p = await page();
  const lesson = p.lessons.filter((l) => l.date < TODAY).at(-1)!;
  const student = p.students[3]!;
  school.db.sqlite
    .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, student.id);
  school.db.sqlite
    .prepare('DELETE FROM absence WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, student.id);
  return { lesson, student, ids: { lessonId: lesson.id, studentId: student.id } };
}

describe('journal page', () => {
  it("is read-only in an archived year, and the year's pages are listed when asked for", async () => {
    const yearId = one<{ id: number }>(
      school.db,
      'SELECT academic_year_id AS id FROM teaching_load WHERE id = ?',
      fx.ownLoad.id,
    ).id;
    school.db.sqlite
      .prepare("UPDATE academic_year SET archived_at = '2027-06-30T00:00:00Z' WHERE id = ?")
      .run(yearId);
    try {
      expect((await page()).load.writable).toBe(false);
      const r = await school.call('journal.myLoads', { yearId }, token);
      const loads = (r.ok ? r.value : []) as { loadId: number; writable: boolean }[];
      expect(loads.map((l) => l.loadId)).toContain(fx.ownLoad.id);
      expect(loads.every((l) => !l.writable)).toBe(true);
    } finally {
      school.db.sqlite.prepare('UPDATE academic_year SET archived_at = NULL WHERE id = ?').run(yearId);
    }
    expect((await page()).load.writable).toBe(true);
  });

  it("carries the school's grading rules: the pinned columns suggest by the deputy's rounding", async () => {
    expect((await page()).rules).toEqual({ allowOne: false, rounding: 'x.5', minMarks: 3 });
    const deputy = await school.login('zavuch');
    const settings = await school.call('grading.settings', {}, deputy);
    if (!settings.ok) throw new Error(settings.error.message);
    const saved = await school.call(
      'grading.saveRules',
      {
        expectedVersion: (settings.value as { version: number }).version,
        allowOne: false,
        rounding: 'x.6',
        minMarks: 4,
      },
      deputy,
    );
    expect(saved.ok).toBe(true);
    try {
      expect((await page()).rules).toEqual({ allowOne: false, rounding: 'x.6', minMarks: 4 });
    } finally {
      school.db.sqlite.prepare("DELETE FROM setting WHERE key = 'marks.rules'").run();
    }
  });

  it('shows the class list, the lessons of the current period, and their marks and absences', async () => {
    const p = await page();
    expect(p.load).toMatchObject({
      className: '5А',
      subjectName: 'Русский язык',
      writable: true,
      markingMode: 'points',
      academicYear: '2026/2027',
    });
    expect(p.periods.map((x) => x.name)).toEqual([
      'I четверть',
      'II четверть',
      'III четверть',
      'IV четверть',
    ]);
    expect(p.periods.find((x) => x.id === p.periodId)?.name).toBe('II четверть');
    // The class list of 5А in test/fixtures.ts, sorted as a class list is: by surname in Russian order.
    const names = p.students.map((s) => `${s.lastName} ${s.firstName}`);
    expect(names).toEqual([
      'Абрамов Кирилл',
      'Гусева Алиса',
      'Захаров Максим',
      'Куликова Ева',
      'Новиков Тимофей',
      'Павлова Мария',
    ]);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ru')));
    // Russian every school day of the II quarter's lesson weeks, none in the holidays before 5 November.
    expect(p.lessons.map((l) => `${l.date} ${l.number}`)).toEqual([
      '2026-11-05 2',
      '2026-11-06 1',
      '2026-11-09 1',
      '2026-11-10 2',
      '2026-11-11 1',
      '2026-11-12 2',
      '2026-11-13 1',
      '2026-11-16 1',
      '2026-11-17 2',
      '2026-11-18 1',
      '2026-11-19 2',
      '2026-11-20 1',
      '2026-11-23 1',
      '2026-11-24 2',
      '2026-11-25 1',
      '2026-11-26 2',
      '2026-11-27 1',
    ]);
    // Topics are filled in for the lessons already given, not yet for today's and those to come.
    expect(p.lessons.map((l) => l.topic !== '')).toEqual(p.lessons.map((l) => l.date < TODAY));
    const dbMarks = all<{ id: number }>(
      school.db,
      "SELECT m.id FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.load_id = ? AND l.date BETWEEN '2026-11-05' AND '2026-12-30' ORDER BY m.id",
      fx.ownLoad.id,
    );
    expect(p.marks.map((m) => m.id).sort((a, b) => a - b)).toEqual(dbMarks.map((m) => m.id));
    expect(dbMarks.length).toBeGreaterThan(0);
    // The absences written out in test/fixtures.ts that fall on this page's lessons.
    const lessonDate = new Map(p.lessons.map((l) => [l.id, l.date]));
    const studentName = new Map(p.students.map((s) => [s.id, s.lastName]));
    expect(
      p.absences.map((a) => `${lessonDate.get(a.lessonId)} ${studentName.get(a.studentId)} ${a.code}`).sort(),
    ).toEqual(['2026-11-10 Захаров ill', '2026-11-18 Новиков late', '2026-11-19 Павлова excused']);
    const first = await page(fx.ownLoad.id, p.periods[0]!.id);
    expect(first.lessons[0]!.date).toBe('2026-09-01');
  });

  it('refuses a period of another grade band', async () => {
    const tenth = one<{ id: number }>(school.db, "SELECT id FROM period WHERE name = 'I полугодие'");
    const r = await school.call('journal.page', { loadId: fx.ownLoad.id, periodId: tenth.id }, token);
    expect(r).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Этот учебный период не относится к классу', field: 'periodId' },
    });
  });
});

describe('marks', () => {
  it('sets a mark with the chosen work type and writes an audit row with before and after in the same transaction', async () => {
    const { ids } = await emptyCell();
    const control = one<{ id: number; weight: number }>(
      school.db,
      "SELECT id, weight FROM work_type WHERE name = 'Контрольная работа'",
    );
    const r = await school.call(
      'journal.setMark',
      { ...ids, value: '4', workTypeId: control.id, expectedVersion: null },
      token,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { value: '4', workTypeId: control.id, weight: 4, version: 1 },
    });
    const row = one<{ value: string; weight: number; created_by: number }>(
      school.db,
      'SELECT * FROM mark WHERE lesson_id = ? AND student_id = ?',
      ids.lessonId,
      ids.studentId,
    );
    expect(row).toMatchObject({ value: '4', weight: 4, created_by: fx.teacherId });
    const audit = one<{ user_id: number; action: string; before: string | null; after: string; at: string }>(
      school.db,
      "SELECT * FROM audit_log WHERE entity = 'mark' ORDER BY id DESC LIMIT 1",
    );
    expect(audit).toMatchObject({ user_id: fx.teacherId, action: 'journal.setMark', before: null });
    expect(JSON.parse(audit.after)).toMatchObject({
      value: '4',
      lessonId: ids.lessonId,
      studentId: ids.studentId,
    });

    const changed = await school.call('journal.setMark', { ...ids, value: '5', expectedVersion: 1 }, token);
    expect(changed).toMatchObject({ ok: true, value: { value: '5', version: 2, workTypeId: control.id } });
    const last = one<{ before: string; after: string }>(
      school.db,
      "SELECT * FROM audit_log WHERE entity = 'mark' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(last.before)).toMatchObject({ value: '4', version: 1 });
    expect(JSON.parse(last.after)).toMatchObject({ value: '5', version: 2 });
  });

  it('refuses a stale write from another computer and keeps the newer mark', async () => {
    const { ids } = await emptyCell();
    expect(
      (await school.call('journal.setMark', { ...ids, value: '3', expectedVersion: null }, token)).ok,
    ).toBe(true);
    const before = snapshot(school.db);
    // The second computer still believes the cell is empty.
    const stale = await school.call('journal.setMark', { ...ids, value: '5', expectedVersion: null }, token);
    expect(stale).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'Отметку уже изменил другой пользователь (сейчас стоит «3»). Страница обновлена — проверьте и повторите.',
      },
    });
    expect(snapshot(school.db)).toBe(before);
  });

  it.each([
    [{ value: '7' }, 'VALIDATION', 'Отметка должна быть 2, 3, 4, 5, «зач» или «незач»'],
    [{ value: '1' }, 'VALIDATION', 'Отметка «1» в школе не используется'],
    [{ value: 'зач' }, 'VALIDATION', 'По этому предмету ставятся отметки от 2 до 5'],
    [{ value: 5 }, 'VALIDATION', 'Отметка должна быть 2, 3, 4, 5, «зач» или «незач»'],
    [{ lessonId: 'abc' }, 'VALIDATION', 'Ожидается числовой идентификатор'],
    [{ lessonId: 99999999 }, 'NOT_FOUND', 'Урок не найден'],
    [{ studentId: -1 }, 'VALIDATION', 'Идентификатор должен быть положительным'],
    [{ workTypeId: 424242 }, 'VALIDATION', 'Такого вида работы нет'],
  ])('refuses bad input %j with a Russian message and changes nothing', async (patch, code, message) => {
    const { ids } = await emptyCell();
    const before = snapshot(school.db);
    const r = await school.call(
      'journal.setMark',
      { ...ids, value: '4', expectedVersion: null, ...patch } as never,
      token,
    );
    expect(r).toMatchObject({ ok: false, error: { code, message } });
    expect(snapshot(school.db)).toBe(before);
  });

  it("refuses a mark for a student who is not in this class (someone else's student)", async () => {
    const { ids } = await emptyCell();
    const stranger = one<{ student_id: number }>(
      school.db,
      'SELECT student_id FROM class_enrollment WHERE class_id <> ? LIMIT 1',
      fx.ownLoad.class_id,
    );
    const before = snapshot(school.db);
    const r = await school.call(
      'journal.setMark',
      { ...ids, studentId: stranger.student_id, value: '4', expectedVersion: null },
      token,
    );
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'studentId',
        message: expect.stringContaining('Ученик не числится на этом уроке'),
      },
    });
    expect(snapshot(school.db)).toBe(before);
  });

  it('refuses marks where the subject has none (grade 1) and accepts зачёт where it is pass/fail', async () => {
    const grade1 = one<{ id: number; teacher_id: number }>(
      school.db,
      "SELECT l.id, l.teacher_id FROM teaching_load l JOIN class c ON c.id = l.class_id WHERE c.grade = 1 AND l.marking_mode = 'none' LIMIT 1",
    );
    const login = one<{ login: string }>(
      school.db,
      'SELECT login FROM user_account WHERE id = ?',
      grade1.teacher_id,
    ).login;
    const t1 = await school.login(login);
    const lesson = fx.lessonOf(grade1.id);
    const student = fx.studentOf(grade1.id);
    const r = await school.call(
      'journal.setMark',
      { lessonId: lesson.id, studentId: student, value: '5', expectedVersion: null },
      t1,
    );
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'По этому предмету в этом классе отметки не ставятся' },
    });
    // Attendance is still kept in grade 1 (004 §3.10).
    school.db.sqlite
      .prepare('DELETE FROM absence WHERE lesson_id = ? AND student_id = ?')
      .run(lesson.id, student);
    expect(
      (
        await school.call(
          'journal.setAbsence',
          { lessonId: lesson.id, studentId: student, code: 'ill', expectedVersion: null },
          t1,
        )
      ).ok,
    ).toBe(true);

    const orkse = one<{ id: number; teacher_id: number }>(
      school.db,
      "SELECT id, teacher_id FROM teaching_load WHERE marking_mode = 'pass_fail' LIMIT 1",
    );
    const t4 = await school.login(
      one<{ login: string }>(school.db, 'SELECT login FROM user_account WHERE id = ?', orkse.teacher_id)
        .login,
    );
    const l4 = fx.lessonOf(orkse.id);
    const s4 = fx.studentOf(orkse.id);
    school.db.sqlite.prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?').run(l4.id, s4);
    expect(
      await school.call(
        'journal.setMark',
        { lessonId: l4.id, studentId: s4, value: 'зач', expectedVersion: null },
        t4,
      ),
    ).toMatchObject({ ok: true });
    expect(
      await school.call(
        'journal.setMark',
        { lessonId: l4.id, studentId: s4, value: '5', expectedVersion: 1 },
        t4,
      ),
    ).toMatchObject({
      ok: false,
      error: { message: 'По этому предмету ставится только «зачёт» или «незачёт»' },
    });
  });

  it('refuses marks and absences for a lesson that has not taken place yet, but allows its homework', async () => {
    const p = await page();
    const future = p.lessons.find((l) => l.date > TODAY)!;
    const student = p.students[0]!.id;
    const before = snapshot(school.db);
    const mark = await school.call(
      'journal.setMark',
      { lessonId: future.id, studentId: student, value: '5', expectedVersion: null },
      token,
    );
    expect(mark).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'lessonId', message: expect.stringContaining('ещё не прошёл') },
    });
    const absence = await school.call(
      'journal.setAbsence',
      { lessonId: future.id, studentId: student, code: 'ill', expectedVersion: null },
      token,
    );
    expect(absence.ok).toBe(false);
    expect(snapshot(school.db)).toBe(before);
    const homework = await school.call(
      'journal.updateLesson',
      {
        lessonId: future.id,
        topic: 'Повторение',
        homework: 'подготовиться к диктанту',
        expectedVersion: future.version,
      },
      token,
    );
    expect(homework.ok).toBe(true);
  });

  it('refuses changes in a closed period', async () => {
    const { ids, lesson } = await emptyCell();
    // Closed for the page's class (period_closure, migration 0015; src/main/periods/ closes it by screen).
    school.db.sqlite
      .prepare(
        `INSERT INTO period_closure (period_id, class_id, closed_at)
         SELECT p.id, c.id, '2026-11-20' FROM period p JOIN class c ON c.id = (SELECT class_id FROM teaching_load l JOIN lesson s ON s.load_id = l.id WHERE s.id = ?)
         WHERE p.starts_on <= ? AND p.ends_on >= ? AND c.grade BETWEEN p.grade_from AND p.grade_to`,
      )
      .run(lesson.id, lesson.date, lesson.date);
    const before = snapshot(school.db);
    const r = await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: expect.stringContaining('Период «II четверть» закрыт для 5А класса'),
      },
    });
    expect(snapshot(school.db)).toBe(before);
    school.db.sqlite.exec('DELETE FROM period_closure');
  });
});

describe('absences, clearing, lessons', () => {
  it('sets an absence beside a mark, and Delete clears both with one audited transaction', async () => {
    const { ids } = await emptyCell();
    expect(
      await school.call('journal.setAbsence', { ...ids, code: 'late', expectedVersion: null }, token),
    ).toMatchObject({ ok: true, value: { code: 'late', version: 1 } });
    expect(
      await school.call('journal.setAbsence', { ...ids, code: 'ill', expectedVersion: 1 }, token),
    ).toMatchObject({ ok: true, value: { code: 'ill', version: 2 } });
    expect(
      await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token),
    ).toMatchObject({ ok: true });
    const auditBefore = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const stale = await school.call(
      'journal.clearCell',
      { ...ids, markVersion: 1, absenceVersion: 1 },
      token,
    );
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(
      all(
        school.db,
        'SELECT id FROM mark WHERE lesson_id = ? AND student_id = ?',
        ids.lessonId,
        ids.studentId,
      ),
    ).toHaveLength(1);
    expect(
      await school.call('journal.clearCell', { ...ids, markVersion: 1, absenceVersion: 2 }, token),
    ).toEqual({ ok: true, value: {} });
    expect(
      all(
        school.db,
        'SELECT id FROM mark WHERE lesson_id = ? AND student_id = ?',
        ids.lessonId,
        ids.studentId,
      ),
    ).toHaveLength(0);
    expect(
      all(
        school.db,
        'SELECT id FROM absence WHERE lesson_id = ? AND student_id = ?',
        ids.lessonId,
        ids.studentId,
      ),
    ).toHaveLength(0);
    const rows = all<{ entity: string; after: string | null }>(
      school.db,
      'SELECT entity, after FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)',
    );
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n).toBe(auditBefore + 2);
    expect(rows.map((r) => [r.entity, r.after])).toEqual([
      ['mark', null],
      ['absence', null],
    ]);
  });

  it('refuses an unknown absence code', async () => {
    const { ids } = await emptyCell();
    const r = await school.call(
      'journal.setAbsence',
      { ...ids, code: 'Х', expectedVersion: null } as never,
      token,
    );
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Отметка о пропуске должна быть Н, Б, УП или ОП' },
    });
  });

  it('saves the topic and homework of a lesson, trimmed, with a version', async () => {
    const { lesson } = await emptyCell();
    const current = one<{ version: number }>(
      school.db,
      'SELECT version FROM lesson WHERE id = ?',
      lesson.id,
    ).version;
    const r = await school.call(
      'journal.updateLesson',
      {
        lessonId: lesson.id,
        topic: '  Имя прилагательное  ',
        homework: 'упр. 245, выучить правило',
        expectedVersion: current,
      },
      token,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { topic: 'Имя прилагательное', homework: 'упр. 245, выучить правило', version: current + 1 },
    });
    const stale = await school.call(
      'journal.updateLesson',
      { lessonId: lesson.id, topic: 'x', homework: '', expectedVersion: current },
      token,
    );
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const long = await school.call(
      'journal.updateLesson',
      { lessonId: lesson.id, topic: 'я'.repeat(501), homework: '', expectedVersion: current + 1 },
      token,
    );
    expect(long).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Тема урока: не длиннее 500 символов' },
    });
  });

  it('adds a lesson inside the year and refuses a date outside it or a taken slot', async () => {
    const outside = await school.call(
      'journal.addLesson',
      { loadId: fx.ownLoad.id, date: '2027-06-15', number: 1 },
      token,
    );
    expect(outside).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'date',
        message: 'Дата 15.06.2027 вне учебного года 2026/2027 (01.09.2026 – 26.05.2027)',
      },
    });
    const bad = await school.call(
      'journal.addLesson',
      { loadId: fx.ownLoad.id, date: '2026-02-30', number: 1 },
      token,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Дата должна быть в формате ГГГГ-ММ-ДД' },
    });
    const added = await school.call(
      'journal.addLesson',
      { loadId: fx.ownLoad.id, date: '2026-11-24', number: 8 },
      token,
    );
    expect(added).toMatchObject({
      ok: true,
      value: { date: '2026-11-24', number: 8, topic: '', version: 1 },
    });
    const twice = await school.call(
      'journal.addLesson',
      { loadId: fx.ownLoad.id, date: '2026-11-24', number: 8 },
      token,
    );
    expect(twice).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '8-й урок 24.11.2026 уже есть в журнале' },
    });
  });
});

describe('whole-year view', () => {
  it('shows every lesson of the year on one page', async () => {
    const r = await school.call('journal.page', { loadId: fx.ownLoad.id, wholeYear: true }, token);
    if (!r.ok) throw new Error(r.error.message);
    const p = r.value as JournalPage;
    expect(p.periodId).toBeNull();
    expect(p.range).toEqual({ from: '2026-09-01', to: '2027-05-26' });
    const n = one<{ n: number }>(
      school.db,
      'SELECT count(*) AS n FROM lesson WHERE load_id = ?',
      fx.ownLoad.id,
    ).n;
    expect(p.lessons).toHaveLength(n);
  });
});
