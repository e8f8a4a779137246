import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School } from '../../../test/school';
import type { DiaryWeek } from '../../shared/diary/schemas';

let school: School;
let parent: string;
let fx: ReturnType<typeof fixtures>;
beforeAll(async () => {
  school = makeSchool();
  parent = await school.login('roditel', 'family');
  fx = fixtures(school.db);
});
afterAll(() => school.close());

async function week(studentId: number, weekOf: string, token = parent): Promise<DiaryWeek> {
  const r = await school.call('diary.week', { studentId, weekOf }, token, 'family');
  if (!r.ok) throw new Error(r.error.message);
  return r.value as DiaryWeek;
}

describe('diary', () => {
  it("lists the parent's children with their classes", async () => {
    const r = await school.call('diary.children', {}, parent, 'family');
    expect(r.ok).toBe(true);
    const children = (r as { value: { studentId: number; className: string }[] }).value;
    expect(children).toHaveLength(2);
    expect(children.map((c) => c.className).sort()).toEqual(['4А', '5А']);
    expect(children.map((c) => c.studentId)).toContain(fx.ownChild);
  });

  it('shows the week Monday to Friday with the lessons, topics, homework, marks and absences of the database', async () => {
    const w = await week(fx.ownChild, '2026-11-18');
    expect(w.weekStart).toBe('2026-11-16');
    expect(w.days.map((d) => d.date)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    const classId = one<{ class_id: number }>(
      school.db,
      'SELECT class_id FROM class_enrollment WHERE student_id = ?',
      fx.ownChild,
    ).class_id;
    // Every lesson of the class that week, except those of the other language group.
    const expected = all<{ date: string; number: number; subject: string; topic: string }>(
      school.db,
      `SELECT s.date, s.number, sub.name AS subject, s.topic FROM lesson s JOIN teaching_load l ON l.id = s.load_id JOIN subject sub ON sub.id = l.subject_id
       WHERE l.class_id = ? AND s.date BETWEEN '2026-11-16' AND '2026-11-22'
       AND (l.group_id IS NULL OR l.group_id IN (SELECT group_id FROM group_member WHERE student_id = ?)) ORDER BY s.date, s.number`,
      classId,
      fx.ownChild,
    );
    const shown = w.days.flatMap((d) =>
      d.lessons.map((l) => ({ date: d.date, number: l.number, subject: l.subject, topic: l.topic })),
    );
    expect(shown).toEqual(expected);
    const marks = all<{ value: string }>(
      school.db,
      "SELECT m.value FROM mark m JOIN lesson s ON s.id = m.lesson_id WHERE m.student_id = ? AND s.date BETWEEN '2026-11-16' AND '2026-11-22' ORDER BY s.date, s.number",
      fx.ownChild,
    );
    expect(w.days.flatMap((d) => d.lessons.flatMap((l) => l.marks.map((m) => m.value)))).toEqual(
      marks.map((m) => m.value),
    );
    expect(marks.length).toBeGreaterThan(0);
    // English is taught in two groups: Максим sees his group's lessons only, one a lesson slot.
    const groups = one<{ n: number }>(
      school.db,
      'SELECT count(*) AS n FROM class_group WHERE class_id = ?',
      classId,
    ).n;
    expect(groups).toBe(2);
    expect(w.days[0]!.lessons.map((l) => `${l.number} ${l.subject}`)).toEqual([
      '1 Русский язык',
      '2 Математика',
      '3 Иностранный язык (английский)',
      '4 История',
    ]);
  });

  it("shows per subject the current period's average and the forecast of its mark, then the period marks", async () => {
    const period = one<{ id: number; name: string; starts_on: string; ends_on: string }>(
      school.db,
      "SELECT p.* FROM period p WHERE p.starts_on <= '2026-11-18' AND p.ends_on >= '2026-11-18' AND p.grade_from <= 5 AND p.grade_to >= 5",
    );
    // The weighted mean of the child's point marks in Русский язык this period, computed apart.
    const expected = one<{ mean: number | null; n: number }>(
      school.db,
      `SELECT sum(CAST(m.value AS REAL) * m.weight) / sum(m.weight) AS mean, count(*) AS n
       FROM mark m JOIN lesson s ON s.id = m.lesson_id JOIN teaching_load l ON l.id = s.load_id JOIN subject sub ON sub.id = l.subject_id
       WHERE m.student_id = ? AND sub.name = 'Русский язык' AND s.date BETWEEN ? AND ? AND m.value IN ('1','2','3','4','5')`,
      fx.ownChild,
      period.starts_on,
      period.ends_on,
    );
    expect(expected.n, 'the fixtures give the child marks this period').toBeGreaterThan(0);
    let w = await week(fx.ownChild, '2026-11-18');
    expect(w.results.current).toEqual({ id: period.id, name: period.name });
    const russian = () => w.results.subjects.find((s) => s.subject === 'Русский язык')!;
    expect(russian().average).toBeCloseTo(expected.mean!, 2);
    const rounded = Math.min(5, Math.max(2, Math.floor(Math.round(expected.mean! * 100) / 100 + 0.5)));
    expect(russian().forecast).toEqual({ mark: String(rounded), missing: Math.max(0, 3 - expected.n) });
    expect(russian().periods.every((v) => v === null)).toBe(true);

    // The teacher sets the period mark: the diary shows it in the period's column.
    const teacher = await school.login('teacher');
    const set = await school.call(
      'periods.setFinalMark',
      {
        loadId: fx.ownLoad.id,
        studentId: fx.ownChild,
        kind: 'period',
        periodId: period.id,
        value: 'н/а',
        expectedVersion: null,
      },
      teacher,
    );
    expect(set.ok).toBe(true);
    try {
      w = await week(fx.ownChild, '2026-11-18');
      const index = w.results.periods.findIndex((p) => p.id === period.id);
      expect(russian().periods[index]).toBe('н/а');
    } finally {
      school.db.sqlite
        .prepare("DELETE FROM final_mark WHERE student_id = ? AND kind = 'period'")
        .run(fx.ownChild);
    }
  });

  it('shows a day of illness on every lesson of that day', async () => {
    const w = await week(fx.ownChild, '2026-11-10');
    const tuesday = w.days.find((d) => d.date === '2026-11-10')!;
    expect(tuesday.lessons.length).toBeGreaterThan(0);
    expect(tuesday.lessons.map((l) => l.absence)).toEqual(tuesday.lessons.map(() => 'ill'));
    expect(tuesday.lessons.flatMap((l) => l.marks)).toEqual([]);
    const monday = w.days.find((d) => d.date === '2026-11-09')!;
    expect(monday.lessons.map((l) => l.absence)).toEqual(monday.lessons.map(() => null));
  });

  it('names the holidays on days without lessons', async () => {
    const w = await week(fx.ownChild, '2026-11-02');
    expect(w.days.map((d) => [d.date, d.holiday, d.lessons.length])).toEqual([
      ['2026-11-02', 'Осенние каникулы', 0],
      ['2026-11-03', 'Осенние каникулы', 0],
      ['2026-11-04', 'Осенние каникулы', 0],
      ['2026-11-05', null, expect.any(Number)],
      ['2026-11-06', null, expect.any(Number)],
    ]);
    expect(w.days[3]!.lessons.length).toBeGreaterThan(0);
  });

  it('gives each lesson its time from the bells of the grade', async () => {
    const w = await week(fx.ownChild, '2026-11-18');
    const first = w.days[0]!.lessons.find((l) => l.number === 1)!;
    expect(first.time).toBe('08:30–09:15');
    const sibling = one<{ id: number }>(
      school.db,
      "SELECT sg.student_id AS id FROM student_guardian sg JOIN user_account u ON u.guardian_id = sg.guardian_id WHERE u.login = 'roditel' AND sg.student_id <> ?",
      fx.ownChild,
    ).id;
    // Grade 4 keeps the 45-minute bells; a first-grader's November lessons are 35 minutes.
    expect((await week(sibling, '2026-11-18')).days[0]!.lessons.find((l) => l.number === 2)?.time).toBe(
      '09:25–10:10',
    );
    const grade1 = one<{ id: number }>(
      school.db,
      'SELECT e.student_id AS id FROM class_enrollment e JOIN class c ON c.id = e.class_id WHERE c.grade = 1 LIMIT 1',
    ).id;
    school.db.sqlite
      .prepare(
        "INSERT INTO student_guardian (student_id, guardian_id, relation) SELECT ?, guardian_id, 'other' FROM user_account WHERE login = 'roditel'",
      )
      .run(grade1);
    const firstGrade = await week(grade1, '2026-11-18');
    expect(firstGrade.days[0]!.lessons.map((l) => l.time)).toEqual([
      '08:30–09:05',
      '09:25–10:00',
      '11:10–11:45',
      '11:55–12:30',
    ]);
  });

  it('a student sees their own diary and nobody else’s', async () => {
    const student = await school.login('uchenik', 'family');
    expect((await week(fx.ownChild, '2026-11-18', student)).student.studentId).toBe(fx.ownChild);
    const other = await school.call(
      'diary.week',
      { studentId: fx.otherChild, weekOf: '2026-11-18' },
      student,
      'family',
    );
    expect(other).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Нет доступа к дневнику этого ученика', field: 'studentId' },
    });
  });

  it('refuses a week outside the academic year with the year in the message', async () => {
    const r = await school.call(
      'diary.week',
      { studentId: fx.ownChild, weekOf: '2027-07-01' },
      parent,
      'family',
    );
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'weekOf',
        message: 'Дата 01.07.2027 вне учебного года 2026/2027 (01.09.2026 – 26.05.2027)',
      },
    });
  });
});
