import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import { workTypeAbbreviation } from '../print/work-type-abbreviations';
import { classWeeks, reportCardsOf } from './paper';

/** Paper diaries and report cards on the hand-made school of test/fixtures.ts, read back from the DB. */

let school: School;
let fx: ReturnType<typeof fixtures>;
const MONDAY = '2026-11-16';
const SUNDAY = '2026-11-22';

beforeAll(() => {
  school = makeSchool();
  fx = fixtures(school.db);
});
afterAll(() => school.close());

/** The text of a PDF as laid out on its pages (poppler's pdftotext). */
function pdfText(base64: string): { text: string; pages: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'paper-')), 'f.pdf');
  writeFileSync(file, Buffer.from(base64, 'base64'));
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
}

const classStudents = () =>
  all<{ id: number }>(
    school.db,
    `SELECT student_id AS id FROM class_enrollment WHERE class_id = ?
       AND enrolled_on <= ? AND (left_on IS NULL OR left_on >= ?)`,
    fx.ctClassId,
    SUNDAY,
    MONDAY,
  ).map((s) => s.id);

describe('paper diaries of a class (бумажные дневники)', () => {
  it("holds each student's week with exactly the marks and absences the DB has", () => {
    const { weeks } = classWeeks(school.db, { classId: fx.ctClassId, date: TODAY, onlyPaper: false });
    expect(weeks.map((w) => w.student.studentId).sort()).toEqual(classStudents().sort());
    for (const week of weeks) {
      const marks = all<{ value: string }>(
        school.db,
        `SELECT m.value FROM mark m JOIN lesson s ON s.id = m.lesson_id
         WHERE m.student_id = ? AND s.date BETWEEN ? AND ? ORDER BY s.date, s.number, m.slot`,
        week.student.studentId,
        MONDAY,
        SUNDAY,
      ).map((m) => m.value);
      const absences = one<{ n: number }>(
        school.db,
        `SELECT count(*) AS n FROM absence a JOIN lesson s ON s.id = a.lesson_id
         WHERE a.student_id = ? AND s.date BETWEEN ? AND ?`,
        week.student.studentId,
        MONDAY,
        SUNDAY,
      ).n;
      const lessons = week.days.flatMap((d) => d.lessons);
      expect(lessons.flatMap((l) => l.marks.map((m) => m.value))).toEqual(marks);
      expect(lessons.filter((l) => l.absence).length).toBe(absences);
    }
  });

  it('only paper: students of families with no usable account, or whose guardian chose paper', () => {
    const paperIds = () =>
      classWeeks(school.db, { classId: fx.ctClassId, date: TODAY, onlyPaper: true }).weeks.map(
        (w) => w.student.studentId,
      );
    const onAccounts = all<{ id: number }>(
      school.db,
      `SELECT DISTINCT sg.student_id AS id FROM student_guardian sg
       JOIN user_account u ON u.guardian_id = sg.guardian_id WHERE u.disabled_at IS NULL`,
    ).map((s) => s.id);
    const withAccount = classStudents().find((id) => onAccounts.includes(id));
    expect(withAccount, 'a family of the class signs in').toBeDefined();
    expect(paperIds()).not.toContain(withAccount);
    const guardian = one<{ guardian_id: number }>(
      school.db,
      'SELECT guardian_id FROM student_guardian WHERE student_id = ? LIMIT 1',
      withAccount,
    ).guardian_id;
    school.db.sqlite
      .prepare(
        `INSERT INTO paper_diary (guardian_id, statement_on, recorded_by, recorded_at)
         VALUES (?, '2026-09-01', 1, '2026-09-01T09:00:00.000Z')`,
      )
      .run(guardian);
    expect(paperIds()).toContain(withAccount);
    school.db.sqlite.prepare('DELETE FROM paper_diary WHERE guardian_id = ?').run(guardian);
  });

  it('prints two students per A4 sheet with their names, marks, homework and the tear-off line', async () => {
    const token = await school.login('klassruk');
    const r = await school.call(
      'diary.classWeekPdf',
      { classId: fx.ctClassId, date: TODAY, onlyPaper: false },
      token,
    );
    if (!r.ok) throw new Error(r.error.message);
    const { text, pages } = pdfText((r.value as { base64: string }).base64);
    const { weeks } = classWeeks(school.db, { classId: fx.ctClassId, date: TODAY, onlyPaper: false });
    expect(pages).toBe(Math.ceil(weeks.length / 2));
    expect(text.match(/Ознакомлен\(а\): _+ подпись родителя/g)?.length).toBe(weeks.length);
    for (const w of weeks) expect(text).toContain(`${w.student.name}, ${w.student.className} — неделя`);
    const homework = weeks[0]!.days.flatMap((d) => d.lessons).find((l) => l.homework)!.homework;
    expect(text).toContain(`Д/з: ${homework}`);
    // Every mark of the class's week, with its work type abbreviated («4 к/р»), and the legend naming it.
    const marks = weeks.flatMap((w) => w.days.flatMap((d) => d.lessons.flatMap((l) => l.marks)));
    expect(marks.length).toBeGreaterThan(0);
    const literal = (s: string) => s.replace(/[./]/g, '\\$&');
    const shorts = [...new Set(marks.map((m) => literal(workTypeAbbreviation(m.workType))))];
    const shown = [...text.matchAll(new RegExp(`(?<![\\d,])([1-5])\\s(${shorts.join('|')})(?=[,\\s])`, 'g'))];
    expect(shown.map((s) => `${s[1]} ${s[2]}`).sort()).toEqual(
      marks.map((m) => `${m.value} ${workTypeAbbreviation(m.workType)}`).sort(),
    );
    for (const m of marks)
      expect(text).toMatch(
        new RegExp(`${literal(workTypeAbbreviation(m.workType))}\\s—\\s${m.workType.toLowerCase()}`),
      );
  });

  it("refuses a parent another family's child exactly as the diary's week does", async () => {
    const token = await school.login('roditel', 'family');
    const pdf = await school.call(
      'diary.weekPdf',
      { studentId: fx.otherChild, date: TODAY },
      token,
      'family',
    );
    const week = await school.call(
      'diary.week',
      { studentId: fx.otherChild, weekOf: TODAY },
      token,
      'family',
    );
    expect(pdf.ok).toBe(false);
    expect(pdf).toEqual(week);
    const own = await school.call('diary.weekPdf', { studentId: fx.ownChild, date: TODAY }, token, 'family');
    expect(own.ok && pdfText((own.value as { base64: string }).base64).text).toContain('Ознакомлен(а)');
  });
});

describe('report cards (табель успеваемости)', () => {
  it("shows each subject's period and year marks as the DB holds them", () => {
    const periods = all<{ id: number }>(
      school.db,
      `SELECT p.id FROM period p JOIN class c ON c.academic_year_id = p.academic_year_id
       WHERE c.id = ? AND c.grade BETWEEN p.grade_from AND p.grade_to ORDER BY p.starts_on`,
      fx.ctClassId,
    );
    const last = periods.at(-1)!.id;
    // The fixture school has no final marks yet: a first-period and a year mark, as the teacher sets them.
    const student = classStudents()[0]!;
    const subject = one<{ subject_id: number; academic_year_id: number }>(
      school.db,
      `SELECT l.subject_id, c.academic_year_id FROM teaching_load l JOIN class c ON c.id = l.class_id
       WHERE l.class_id = ? AND l.marking_mode = 'points' ORDER BY l.id LIMIT 1`,
      fx.ctClassId,
    );
    const insert = school.db.sqlite.prepare(
      `INSERT INTO final_mark (academic_year_id, subject_id, student_id, kind, period_id, value, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, '2026-11-20T09:00:00.000Z', 1)`,
    );
    insert.run(subject.academic_year_id, subject.subject_id, student, 'period', periods[0]!.id, '4');
    insert.run(subject.academic_year_id, subject.subject_id, student, 'year', null, '5');
    const { cards } = reportCardsOf(school.db, { classId: fx.ctClassId, periodId: last });
    expect(cards.length).toBe(classStudents().length);
    expect(cards.flatMap((c) => c.subjects.flatMap((x) => [...x.periods, x.year])).filter(Boolean)).toEqual([
      '4',
      '5',
    ]);
    for (const card of cards) {
      const studentId = one<{ id: number }>(
        school.db,
        "SELECT id FROM student WHERE last_name || ' ' || first_name || coalesce(' ' || middle_name, '') = ?",
        card.student,
      ).id;
      const dbMarks = all<{ value: string }>(
        school.db,
        "SELECT value FROM final_mark WHERE student_id = ? AND kind IN ('period', 'year') ORDER BY value",
        studentId,
      ).map((m) => m.value);
      const shown = card.subjects
        .flatMap((s) => [...s.periods, s.year])
        .filter((m): m is string => m !== null);
      expect(shown.sort()).toEqual(dbMarks);
    }
  });
});
