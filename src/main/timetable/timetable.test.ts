import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, makeSchool, one, type School, snapshot } from '../../../test/school';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { addDays, weekday } from '../../shared/i18n/dates';
import { timetableDay } from '../../shared/school-year/school-days';
import { schoolCalendar } from '../school-year/school-calendar';

/**
 * The timetable on the hand-made school (test/fixtures.ts): 5А has Russian and literature by
 * `teacher`, mathematics by `klassruk`, English in two groups (kim.as, orlova.ti), history by
 * grigorev.po; lessons exist for four weeks around "today" (Friday 20.11.2026), filled before today.
 */

let school: School;
let deputy: string;
beforeEach(async () => {
  school = makeSchool();
  deputy = await school.login('zavuch');
});
afterEach(() => school.close());

const id = (sql: string, ...params: unknown[]) => one<{ id: number }>(school.db, sql, ...params).id;
const classId = (name: string) => id('SELECT id FROM class WHERE name = ?', name);
const loadOf = (cls: string, subject: string, group?: string) =>
  id(
    `SELECT l.id FROM teaching_load l JOIN class c ON c.id = l.class_id JOIN subject s ON s.id = l.subject_id
     LEFT JOIN class_group g ON g.id = l.group_id WHERE c.name = ? AND s.name = ? AND coalesce(g.name, '') = ?`,
    cls,
    subject,
    group ?? '',
  );
const userId = (login: string) => id('SELECT id FROM user_account WHERE login = ?', login);
const ENGLISH = 'Иностранный язык (английский)';

type Answer<M extends MethodName> =
  | { ok: true; value: Output<M> }
  | { ok: false; error: { code: string; message: string; field?: string } };
async function call<M extends MethodName>(method: M, input: Input<M>, token: string): Promise<Answer<M>> {
  return (await school.call(method, input, token)) as Answer<M>;
}

/** Lessons of a class from a date: "date #number subject(group)". */
function lessonsOf(cls: string, from: string) {
  return all<{ id: number; date: string; number: number; load_id: number; teacher_id: number }>(
    school.db,
    `SELECT s.id, s.date, s.number, s.load_id, s.teacher_id FROM lesson s JOIN teaching_load l ON l.id = s.load_id
     JOIN class c ON c.id = l.class_id WHERE c.name = ? AND s.date >= ? ORDER BY s.date, s.number, s.load_id`,
    cls,
    from,
  );
}

function fiveA() {
  return {
    russian: loadOf('5А', 'Русский язык'),
    math: loadOf('5А', 'Математика'),
    eng1: loadOf('5А', ENGLISH, '1 группа'),
    eng2: loadOf('5А', ENGLISH, '2 группа'),
    history: loadOf('5А', 'История'),
    literature: loadOf('5А', 'Литература'),
  };
}

async function save(
  cls: string,
  validFrom: string,
  slots: { weekday: number; number: number; loadId: number }[],
) {
  return call('timetable.save', { classId: classId(cls), validFrom, slots }, deputy);
}

describe('generating the year from a timetable', () => {
  it('puts the week on every school day from the date: never on holidays, Sundays, Saturdays of a five-day week or transferred days off, and on a transferred school day', async () => {
    const l = fiveA();
    // Переносы: Monday 7 December off, Saturday 5 December works to Monday's timetable.
    school.db.sqlite.exec(`
      INSERT INTO calendar_change (academic_year_id, date, kind, follows_weekday, reason)
        VALUES (1, '2026-12-07', 'day_off', NULL, 'перенос'), (1, '2026-12-05', 'school_day', 1, 'рабочая суббота');`);
    const r = await save('5А', '2026-11-23', [
      { weekday: 1, number: 1, loadId: l.russian },
      { weekday: 1, number: 2, loadId: l.math },
      { weekday: 2, number: 1, loadId: l.eng1 },
      { weekday: 2, number: 1, loadId: l.eng2 },
      { weekday: 3, number: 3, loadId: l.history },
    ]);
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    const lessons = lessonsOf('5А', '2026-11-23');
    const dates = new Set(lessons.map((s) => s.date));
    // The transferred days.
    expect(dates.has('2026-12-05')).toBe(true);
    expect(lessons.filter((s) => s.date === '2026-12-05').map((s) => s.load_id)).toEqual([l.russian, l.math]);
    expect(dates.has('2026-12-07')).toBe(false);
    // Holidays of grade 5 and Sundays have none; Saturdays only the transferred one.
    const holidays = all<{ starts_on: string; ends_on: string }>(
      school.db,
      'SELECT starts_on, ends_on FROM holiday WHERE grade_from <= 5 AND grade_to >= 5',
    );
    for (const date of dates) {
      expect(weekday(date), date).not.toBe(0);
      if (weekday(date) === 6) expect(date).toBe('2026-12-05');
      expect(
        holidays.some((h) => date >= h.starts_on && date <= h.ends_on),
        date,
      ).toBe(false);
    }
    // Winter holidays really are in the range, and the year's last week has lessons.
    expect([...dates].some((d) => d >= '2026-12-31' && d <= '2027-01-10')).toBe(false);
    expect([...dates].some((d) => d >= '2027-05-17')).toBe(true);
    // Exactly the plan on every day the rule gives, each with the load's teacher.
    const calendar = schoolCalendar(school.db, 1);
    let expected = 0;
    for (let d = '2026-11-23'; d <= calendar.endsOn; d = addDays(d, 1)) {
      const wd = timetableDay(calendar, 5, d);
      expected += wd === 1 ? 2 : wd === 2 ? 2 : wd === 3 ? 1 : 0;
    }
    expect(lessons).toHaveLength(expected);
    expect(r.ok && r.value.created).toBe(expected);
    const teacherOf = (loadId: number) =>
      one<{ teacher_id: number }>(school.db, 'SELECT teacher_id FROM teaching_load WHERE id = ?', loadId)
        .teacher_id;
    for (const s of lessons) expect(s.teacher_id).toBe(teacherOf(s.load_id));
  });

  it('a change of timetable never touches a lesson with data: it stays where it was and is listed', async () => {
    const l = fiveA();
    const before = lessonsOf('5А', '2026-08-01').filter((s) => s.date < '2026-11-16');
    // A lesson next week with homework given ahead, and one with an absence noted.
    const withHomework = one<{ id: number; date: string; number: number }>(
      school.db,
      "SELECT id, date, number FROM lesson WHERE load_id = ? AND date = '2026-11-24'",
      l.history,
    );
    school.db.sqlite
      .prepare("UPDATE lesson SET homework = 'Прочитать § 12' WHERE id = ?")
      .run(withHomework.id);
    // This week's lessons before today hold topics and marks (the fixture).
    const filled = all<{ id: number; topic: string }>(
      school.db,
      `SELECT s.id, s.topic FROM lesson s JOIN teaching_load l ON l.id = s.load_id
       WHERE l.class_id = ? AND s.date BETWEEN '2026-11-16' AND '2026-11-19' ORDER BY s.id`,
      classId('5А'),
    );
    expect(filled.length).toBeGreaterThan(0);
    const marksBefore = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM mark').n;

    const r = await save('5А', '2026-11-16', [
      { weekday: 1, number: 1, loadId: l.math },
      { weekday: 2, number: 1, loadId: l.russian },
    ]);
    if (!r.ok) throw new Error(r.error.message);
    // Every filled lesson is still there, unchanged; so is everything before the date.
    const now = all<{ id: number; topic: string }>(
      school.db,
      `SELECT s.id, s.topic FROM lesson s WHERE s.id IN (${filled.map((f) => f.id).join(',')}) ORDER BY s.id`,
    );
    expect(now).toEqual(filled);
    expect(lessonsOf('5А', '2026-08-01').filter((s) => s.date < '2026-11-16')).toEqual(before);
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM mark').n).toBe(marksBefore);
    expect(
      one<{ homework: string }>(school.db, 'SELECT homework FROM lesson WHERE id = ?', withHomework.id),
    ).toEqual({
      homework: 'Прочитать § 12',
    });
    // The kept lessons that do not fit the new week are listed for the deputy.
    expect(r.value.kept).toContainEqual(
      expect.objectContaining({ lessonId: withHomework.id, subjectName: 'История', holds: 'задание' }),
    );
    // Empty lessons from the date on are gone (today's and next week's, e.g. Friday's literature).
    const fridayLiterature = all(
      school.db,
      "SELECT id FROM lesson WHERE load_id = ? AND date = '2026-11-27'",
      l.literature,
    );
    expect(fridayLiterature).toEqual([]);
    // A second version from a later date leaves the first version's lessons before it alone.
    const first = lessonsOf('5А', '2026-11-16').filter((s) => s.date < '2026-12-07');
    const r2 = await save('5А', '2026-12-07', [{ weekday: 3, number: 2, loadId: l.history }]);
    expect(r2.ok).toBe(true);
    expect(lessonsOf('5А', '2026-11-16').filter((s) => s.date < '2026-12-07')).toEqual(first);
    expect(new Set(lessonsOf('5А', '2026-12-07').map((s) => s.load_id))).toEqual(new Set([l.history]));
    // The versions read back with their ranges.
    const t = await call('timetable.classTimetable', { classId: classId('5А') }, deputy);
    expect(t.ok && t.value.versions.map((v) => [v.validFrom, v.validTo])).toEqual([
      ['2026-11-16', '2026-12-06'],
      ['2026-12-07', '2027-05-26'],
    ]);
  });
});

describe('a change of timetable and the plan of topics', () => {
  it('replaces a lesson to come that holds only the КТП’s topic, and keeps one whose topic the teacher wrote', async () => {
    const l = fiveA();
    const [planned, written] = all<{ id: number }>(
      school.db,
      "SELECT id FROM lesson WHERE load_id = ? AND date >= '2026-11-23' ORDER BY date, number LIMIT 2",
      l.literature,
    ) as [{ id: number }, { id: number }];
    school.db.sqlite
      .prepare("UPDATE lesson SET topic = 'Сказки Пушкина', plan_topic = 'Сказки Пушкина' WHERE id = ?")
      .run(planned.id);
    school.db.sqlite
      .prepare(
        "UPDATE lesson SET topic = 'Сказки Пушкина: чтение', plan_topic = 'Сказки Пушкина' WHERE id = ?",
      )
      .run(written.id);
    const r = await save('5А', '2026-11-23', [{ weekday: 1, number: 1, loadId: l.russian }]);
    if (!r.ok) throw new Error(r.error.message);
    expect(all(school.db, 'SELECT id FROM lesson WHERE id = ?', planned.id)).toEqual([]);
    expect(r.value.kept).toContainEqual(expect.objectContaining({ lessonId: written.id }));
  });
});

describe('conflicts are refused with what collides, and nothing is saved', () => {
  it('a teacher in two classes at one time', async () => {
    const l = fiveA();
    expect((await save('5А', '2026-11-23', [{ weekday: 1, number: 1, loadId: l.russian }])).ok).toBe(true);
    // `teacher` also gets literature in 4А; Monday's first lesson there collides with 5А's Russian.
    school.db.sqlite
      .prepare(
        `INSERT INTO teaching_load (academic_year_id, class_id, subject_id, teacher_id, hours_per_week, marking_mode)
         VALUES (1, ?, (SELECT id FROM subject WHERE name = 'Литература'), ?, 1, 'points')`,
      )
      .run(classId('4А'), userId('teacher'));
    const extra = loadOf('4А', 'Литература');
    const before = snapshot(school.db);
    const r = await save('4А', '2026-11-30', [{ weekday: 1, number: 1, loadId: extra }]);
    expect(r.ok ? 'saved' : r.error.code).toBe('CONFLICT');
    if (r.ok) return;
    expect(r.error.message).toContain('Воронцова Е. А. в понедельник, 1-й урок ведёт «Русский язык» в 5А');
    expect(r.error.message).toContain('в 4А у него/неё «Литература»');
    expect(snapshot(school.db)).toBe(before);
    expect(all(school.db, 'SELECT * FROM timetable_version WHERE class_id = ?', classId('4А'))).toEqual([]);
    // Another time is fine.
    expect((await save('4А', '2026-11-30', [{ weekday: 1, number: 2, loadId: extra }])).ok).toBe(true);
  });

  it('a group and its whole class, or two lessons of one class, at one time; the groups of one split together are fine', async () => {
    const l = fiveA();
    const groupAndClass = await save('5А', '2026-11-23', [
      { weekday: 2, number: 1, loadId: l.eng1 },
      { weekday: 2, number: 1, loadId: l.russian },
    ]);
    expect(groupAndClass.ok ? 'saved' : groupAndClass.error.message).toBe(
      'Конфликт в расписании: 5А, во вторник, 1-й урок: подгруппа «Иностранный язык (английский)» и весь класс («Русский язык») в одно время',
    );
    const twoSubjects = await save('5А', '2026-11-23', [
      { weekday: 1, number: 1, loadId: l.russian },
      { weekday: 1, number: 1, loadId: l.history },
    ]);
    expect(twoSubjects.ok ? 'saved' : twoSubjects.error.message).toBe(
      'Конфликт в расписании: 5А, в понедельник, 1-й урок: «История» и «Русский язык» в одно время',
    );
    const saturday = await save('5А', '2026-11-23', [{ weekday: 6, number: 1, loadId: l.russian }]);
    expect(saturday.ok ? 'saved' : saturday.error.message).toBe(
      '5А: суббота не учебный день (5-дневная неделя)',
    );
    expect(all(school.db, 'SELECT * FROM timetable_version')).toEqual([]);
    const split = await save('5А', '2026-11-23', [
      { weekday: 2, number: 1, loadId: l.eng1 },
      { weekday: 2, number: 1, loadId: l.eng2 },
    ]);
    expect(split.ok ? 'saved' : split.error).toBe('saved');
    expect(
      lessonsOf('5А', '2026-11-24')
        .filter((s) => s.date === '2026-11-24')
        .map((s) => s.load_id),
    ).toEqual([l.eng1, l.eng2]);
  });
});

describe('one day’s changes', () => {
  const lessonAt = (loadId: number, date: string) =>
    one<{ id: number; number: number }>(
      school.db,
      'SELECT id, number FROM lesson WHERE load_id = ? AND date = ?',
      loadId,
      date,
    );

  it('a substitute writes the lesson they gave and no other; the regular teacher still reads it; the register counts it', async () => {
    const l = fiveA();
    // Friday 20.11: 5А has Russian (1), mathematics (2, klassruk), English (3), literature (4).
    const math = lessonAt(l.math, '2026-11-20');
    // The other English group's teacher is busy at the same time.
    const busy = await call(
      'timetable.substitute',
      { lessonId: lessonAt(l.eng1, '2026-11-20').id, teacherId: userId('orlova.ti') },
      deputy,
    );
    expect(busy.ok ? 'ok' : busy.error.message).toBe(
      'Замена невозможна: Орлова Т. И. в пятницу 20.11.2026, 3-й урок уже ведёт «Иностранный язык (английский)» в 5А',
    );
    const r = await call(
      'timetable.substitute',
      { lessonId: math.id, teacherId: userId('grigorev.po') },
      deputy,
    );
    expect(r.ok ? r.value.teacherName : r.error).toBe('Григорьев П. О.');

    const substitute = await school.login('grigorev.po');
    // The substitute finds the page in their list (not as their own) and sees which lesson is theirs.
    const list = await call('journal.myLoads', {}, substitute);
    expect(list.ok && list.value.find((p) => p.loadId === l.math)).toMatchObject({ writable: false });
    const theirs = await call('journal.page', { loadId: l.math, wholeYear: true }, substitute);
    if (!theirs.ok) throw new Error(theirs.error.message);
    expect(theirs.value.lessons.filter((s) => s.givenByMe).map((s) => s.id)).toEqual([math.id]);
    const student = one<{ id: number }>(
      school.db,
      'SELECT student_id AS id FROM class_enrollment WHERE class_id = ? ORDER BY student_id LIMIT 1',
      classId('5А'),
    ).id;
    const mark = await call(
      'journal.setMark',
      {
        lessonId: math.id,
        studentId: student,
        value: '5',
        expectedVersion: one<{ v: number | null }>(
          school.db,
          'SELECT (SELECT version FROM mark WHERE lesson_id = ? AND student_id = ?) AS v',
          math.id,
          student,
        ).v,
      },
      substitute,
    );
    expect(mark.ok ? 'ok' : mark.error).toBe('ok');
    const topic = await call(
      'journal.updateLesson',
      { lessonId: math.id, topic: 'Дроби', homework: '', expectedVersion: 1 },
      substitute,
    );
    expect(topic.ok ? 'ok' : topic.error).toBe('ok');
    // Not another lesson of that page.
    const other = lessonAt(l.math, '2026-11-19');
    const refused = await call(
      'journal.updateLesson',
      { lessonId: other.id, topic: 'x', homework: '', expectedVersion: 1 },
      substitute,
    );
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
    // The regular teacher still sees the lesson, with what the substitute wrote.
    const klassruk = await school.login('klassruk');
    const page = await call('journal.page', { loadId: l.math }, klassruk);
    expect(page.ok && page.value.lessons.find((s) => s.id === math.id)?.topic).toBe('Дроби');

    const reg = await call('timetable.register', { month: '2026-11' }, deputy);
    if (!reg.ok) throw new Error(reg.error.message);
    expect(reg.value.rows).toEqual([
      expect.objectContaining({
        lessonId: math.id,
        kind: 'substituted',
        regularTeacherName: 'Соколов Д. П.',
        substituteName: 'Григорьев П. О.',
      }),
    ]);
    expect(reg.value.teachers).toEqual([
      { teacherId: userId('grigorev.po'), name: 'Григорьев П. О.', gave: 1, replaced: 0, cancelled: 0 },
      { teacherId: userId('klassruk'), name: 'Соколов Д. П.', gave: 0, replaced: 1, cancelled: 0 },
    ]);
  });

  it('cancelling keeps the data; a lesson with data is not moved; an empty one moves only to a free time on a school day', async () => {
    const l = fiveA();
    const filled = lessonAt(l.russian, '2026-11-19');
    const marks = all(school.db, 'SELECT * FROM mark WHERE lesson_id = ?', filled.id);
    expect(marks.length).toBeGreaterThan(0);
    const c = await call(
      'timetable.cancelLesson',
      { lessonId: filled.id, reason: 'Учитель на курсах' },
      deputy,
    );
    expect(c.ok && c.value).toMatchObject({
      cancelled: true,
      cancelReason: 'Учитель на курсах',
      holdsData: true,
    });
    expect(all(school.db, 'SELECT * FROM mark WHERE lesson_id = ?', filled.id)).toEqual(marks);
    // The teacher's page shows it cancelled, and the lesson takes no new mark.
    const teacher = await school.login('teacher');
    const page = await call('journal.page', { loadId: l.russian }, teacher);
    expect(page.ok && page.value.lessons.find((s) => s.id === filled.id)).toMatchObject({
      cancelled: true,
      cancelReason: 'Учитель на курсах',
    });
    const student = marks[0] as { student_id: number };
    const refusedMark = await call(
      'journal.setMark',
      { lessonId: filled.id, studentId: student.student_id, value: '4', expectedVersion: null },
      teacher,
    );
    expect(refusedMark.ok ? 'saved' : refusedMark.error.message).toBe(
      'Урок 19.11.2026 отменён (Учитель на курсах): отметки и пропуски на нём не меняются',
    );
    expect(all(school.db, 'SELECT * FROM mark WHERE lesson_id = ?', filled.id)).toEqual(marks);
    const move = await call(
      'timetable.moveLesson',
      { lessonId: filled.id, date: '2026-11-25', number: 7 },
      deputy,
    );
    expect(move.ok ? 'moved' : move.error.message).toMatch(/^Урок уже заполнен .*Перенести его нельзя/);

    const empty = lessonAt(l.history, '2026-11-24');
    const onSaturday = await call(
      'timetable.moveLesson',
      { lessonId: empty.id, date: '2026-11-28', number: 1 },
      deputy,
    );
    expect(onSaturday.ok ? 'moved' : onSaturday.error.message).toBe(
      '28.11.2026 — не учебный день для 5А (суббота при пятидневной неделе): урок в этот день поставить нельзя',
    );
    const onRussian = await call(
      'timetable.moveLesson',
      { lessonId: empty.id, date: '2026-11-25', number: 1 },
      deputy,
    );
    expect(onRussian.ok ? 'moved' : onRussian.error.message).toBe(
      'Перенос невозможен: 5А, в среду 25.11.2026, 1-й урок: «История» и «Русский язык» в одно время',
    );
    const ok = await call(
      'timetable.moveLesson',
      { lessonId: empty.id, date: '2026-11-25', number: 6 },
      deputy,
    );
    expect(ok.ok && ok.value).toMatchObject({
      number: 6,
      movedFrom: { date: '2026-11-24', number: empty.number },
    });

    const reg = await call('timetable.register', { month: '2026-11' }, deputy);
    expect(reg.ok && reg.value.rows).toEqual([
      expect.objectContaining({
        lessonId: filled.id,
        kind: 'cancelled',
        reason: 'Учитель на курсах',
        substituteName: null,
      }),
    ]);
    const day = await call('timetable.day', { date: '2026-11-25' }, deputy);
    expect(day.ok && day.value.lessons.find((s) => s.lessonId === empty.id)?.movedFrom).toEqual({
      date: '2026-11-24',
      number: empty.number,
    });
  });

  it('a lesson is added only on a school day of the class, by the deputy and by the journal’s «Добавить урок»', async () => {
    const l = fiveA();
    const teacher = await school.login('teacher');
    for (const [date, why] of [
      ['2026-11-22', 'воскресенье'],
      ['2026-11-21', 'суббота при пятидневной неделе'],
      ['2026-11-03', 'каникулы или праздник'],
    ] as const) {
      const before = snapshot(school.db);
      const journal = await call('journal.addLesson', { loadId: l.russian, date, number: 8 }, teacher);
      expect(journal.ok ? 'added' : journal.error).toMatchObject({
        code: 'VALIDATION',
        field: 'date',
        message: expect.stringContaining(`не учебный день для 5А (${why})`),
      });
      const byDeputy = await call('timetable.addLesson', { loadId: l.russian, date, number: 8 }, deputy);
      expect(byDeputy.ok ? 'added' : byDeputy.error.message).toContain('не учебный день для 5А');
      expect(snapshot(school.db)).toBe(before);
    }
    const added = await call(
      'journal.addLesson',
      { loadId: l.russian, date: '2026-11-23', number: 8 },
      teacher,
    );
    expect(added.ok).toBe(true);
    const extra = await call(
      'timetable.addLesson',
      { loadId: l.history, date: '2026-11-23', number: 9 },
      deputy,
    );
    expect(extra.ok && extra.value).toMatchObject({
      subjectName: 'История',
      number: 9,
      teacherName: 'Григорьев П. О.',
    });
  });
});

describe('an archived year', () => {
  it('keeps its timetable and lessons as they are', async () => {
    const l = fiveA();
    school.db.sqlite.exec("UPDATE academic_year SET archived_at = '2027-06-01T00:00:00.000Z'");
    const before = snapshot(school.db);
    const saved = await save('5А', '2026-11-23', [{ weekday: 1, number: 1, loadId: l.russian }]);
    expect(saved.ok ? 'saved' : saved.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Учебный год 2026/2027 в архиве: его расписание и уроки не меняются',
    });
    const lesson = one<{ id: number }>(school.db, 'SELECT id FROM lesson WHERE load_id = ? LIMIT 1', l.math);
    const cancelled = await call(
      'timetable.cancelLesson',
      { lessonId: lesson.id, reason: 'Карантин' },
      deputy,
    );
    expect(cancelled.ok ? 'cancelled' : cancelled.error.code).toBe('FORBIDDEN');
    expect(snapshot(school.db)).toBe(before);
  });
});

describe('a six-day week', () => {
  it('has Saturday lessons for grades 2–11 when the school sets it, and never for grade 1', async () => {
    school.db.sqlite.exec(`INSERT INTO setting (key, value) VALUES ('school.daysPerWeek', '{"days":6}')`);
    const r = await save('5А', '2026-11-23', [{ weekday: 6, number: 1, loadId: fiveA().history }]);
    expect(r.ok ? 'saved' : r.error).toBe('saved');
    expect(
      lessonsOf('5А', '2026-11-23')
        .slice(0, 2)
        .map((s) => s.date),
    ).toEqual(['2026-11-28', '2026-12-05']);
    const first = await save('1А', '2026-11-23', [
      { weekday: 6, number: 1, loadId: loadOf('1А', 'Русский язык') },
    ]);
    expect(first.ok ? 'saved' : first.error.message).toBe('1А: суббота не учебный день (5-дневная неделя)');
  });
});
