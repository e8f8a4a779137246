import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { addDays } from '../../shared/i18n/dates';
import { timetableDay } from '../../shared/school-year/school-days';
import { schoolCalendar } from './school';

/**
 * The deputy sets up a year on the hand-made school of test/fixtures.ts (year 2026/2027, classes 1А,
 * 4А, 5А): a new year from the federal defaults, its calendar, the curriculum, classes and load,
 * and the rollover that archives 2026/2027.
 */
let school: School;
let token: string;
beforeAll(async () => {
  school = makeSchool();
  token = await school.login('zavuch');
});
afterAll(() => school.close());

async function ok<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await school.call(method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}
async function refused<M extends MethodName>(method: M, input: Input<M>) {
  const before = tables();
  const r = await school.call(method, input, token);
  if (r.ok) throw new Error(`${method} was not refused`);
  // Nothing half-saved.
  expect(tables()).toEqual(before);
  return r.error;
}
function tables(): string {
  const names = ['academic_year', 'period', 'holiday', 'calendar_change', 'bell', 'curriculum_item', 'class'];
  return JSON.stringify(names.map((t) => all(school.db, `SELECT * FROM ${t} ORDER BY rowid`)));
}
const yearId = (name: string) =>
  one<{ id: number }>(school.db, 'SELECT id FROM academic_year WHERE name = ?', name).id;
const subjectId = (name: string) =>
  one<{ id: number }>(school.db, 'SELECT id FROM subject WHERE name = ?', name).id;
const classId = (name: string, year = '2026/2027') =>
  one<{ id: number }>(
    school.db,
    'SELECT c.id FROM class c JOIN academic_year y ON y.id = c.academic_year_id WHERE c.name = ? AND y.name = ?',
    name,
    year,
  ).id;

describe('a new year from the federal defaults', () => {
  it('has the quarters, half-years, holidays, bells and the curriculum in one step', async () => {
    const year = await ok('year.create', { startYear: 2027 });
    expect(year).toMatchObject({
      name: '2027/2028',
      startsOn: '2027-09-01',
      endsOn: '2028-05-26',
      archived: false,
    });
    const c = await ok('year.calendar', { yearId: year.id });
    expect(c.periods.filter((p) => p.gradeTo === 9).map((p) => p.name)).toEqual([
      'I четверть',
      'II четверть',
      'III четверть',
      'IV четверть',
    ]);
    expect(c.periods.filter((p) => p.gradeFrom === 10).map((p) => p.name)).toEqual([
      'I полугодие',
      'II полугодие',
    ]);
    expect(c.holidays.map((h) => h.name)).toEqual(
      expect.arrayContaining([
        'Осенние каникулы',
        'Зимние каникулы',
        'Весенние каникулы',
        'Дополнительные каникулы',
      ]),
    );
    expect(c.bellSchedules.map((b) => b.name)).toContain('1 класс, сентябрь — октябрь');
    expect(c.bellSchedules.find((b) => b.gradeFrom === 2)?.bells).toHaveLength(7);
    // domain-defaults §2.1: 34 study weeks for grades 2–11 (33 for grade 1), five days a week, less
    // the public holidays inside the quarters.
    const cal = schoolCalendar(school.db, year.id);
    let days5 = 0;
    let days1 = 0;
    for (let d = cal.startsOn; d <= cal.endsOn; d = addDays(d, 1)) {
      if (timetableDay(cal, 5, d) !== null) days5++;
      if (timetableDay(cal, 1, d) !== null) days1++;
    }
    expect(days5).toBeGreaterThanOrEqual(33 * 5);
    expect(days5).toBeLessThanOrEqual(34 * 5);
    expect(days5 - days1).toBe(5); // grade 1's extra February week
    const cur = await ok('year.curriculum', { yearId: year.id });
    const russian5 = cur.items.find((i) => i.grade === 5 && i.subjectId === subjectId('Русский язык'));
    expect(russian5).toMatchObject({ hoursPerWeek: 5, marking: 'points', classId: null });
    expect(cur.items.find((i) => i.grade === 1 && i.subjectId === subjectId('Математика'))?.marking).toBe(
      'none',
    );
  });

  it('refuses a second year that overlaps one the school has, writing nothing', async () => {
    const e = await refused('year.create', { startYear: 2026 });
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'startYear' });
    expect(e.message).toContain('пересекается с учебным годом 2026/2027');
  });
});

describe('the calendar', () => {
  it('switches grades 1–9 to trimesters, and refuses overlaps and dates outside the year', async () => {
    const id = yearId('2027/2028');
    const tri = [
      { startsOn: '2027-09-01', endsOn: '2027-11-26' },
      { startsOn: '2027-11-29', endsOn: '2028-02-25' },
      { startsOn: '2028-02-28', endsOn: '2028-05-26' },
    ];
    const c = await ok('year.setPeriods', {
      yearId: id,
      kind: 'trimester',
      gradeFrom: 1,
      gradeTo: 9,
      periods: tri,
    });
    expect(c.periods.filter((p) => p.gradeTo === 9).map((p) => `${p.name} ${p.startsOn}`)).toEqual([
      'I триместр 2027-09-01',
      'II триместр 2027-11-29',
      'III триместр 2028-02-28',
    ]);
    const overlap = await refused('year.setPeriods', {
      yearId: id,
      kind: 'trimester',
      gradeFrom: 1,
      gradeTo: 9,
      periods: [tri[0]!, { startsOn: '2027-11-20', endsOn: '2028-02-25' }, tri[2]!],
    });
    expect(overlap).toMatchObject({ field: 'periods' });
    expect(overlap.message).toContain('II триместр');
    const outside = await refused('year.setPeriods', {
      yearId: id,
      kind: 'half_year',
      gradeFrom: 10,
      gradeTo: 11,
      periods: [
        { startsOn: '2027-09-01', endsOn: '2027-12-30' },
        { startsOn: '2028-01-10', endsOn: '2028-06-10' },
      ],
    });
    expect(outside.message).toContain('вне учебного года 2027/2028');
    const band = await refused('year.setPeriods', {
      yearId: id,
      kind: 'half_year',
      gradeFrom: 9,
      gradeTo: 11,
      periods: [
        { startsOn: '2027-09-01', endsOn: '2027-12-30' },
        { startsOn: '2028-01-10', endsOn: '2028-05-26' },
      ],
    });
    expect(band).toMatchObject({ field: 'gradeFrom' });
    const impossible = await refused('year.saveHoliday', {
      yearId: id,
      holidayId: null,
      name: 'Каникулы',
      gradeFrom: 1,
      gradeTo: 11,
      startsOn: '2028-02-30',
      endsOn: '2028-03-02',
    });
    expect(impossible).toMatchObject({ code: 'VALIDATION', field: 'startsOn' });
  });

  it('edits a holiday, refuses one outside the year, and follows a transfer', async () => {
    const id = yearId('2027/2028');
    const c = await ok('year.calendar', { yearId: id });
    const autumn = c.holidays.find((h) => h.name === 'Осенние каникулы')!;
    const { id: holidayId, ...fields } = autumn;
    const edited = await ok('year.saveHoliday', {
      ...fields,
      yearId: id,
      holidayId,
      endsOn: '2027-11-07',
    });
    expect(edited.holidays.find((h) => h.id === autumn.id)?.endsOn).toBe('2027-11-07');
    const e = await refused('year.saveHoliday', {
      yearId: id,
      holidayId: null,
      name: 'Летние каникулы',
      gradeFrom: 1,
      gradeTo: 11,
      startsOn: '2028-05-27',
      endsOn: '2028-08-31',
    });
    expect(e).toMatchObject({ field: 'endsOn' });
    // Saturday 11 December 2027 works to Monday's timetable; Monday 13 December is a day off.
    await ok('year.saveChange', {
      yearId: id,
      date: '2027-12-11',
      kind: 'school_day',
      followsWeekday: 1,
      reason: 'перенос',
    });
    await ok('year.saveChange', {
      yearId: id,
      date: '2027-12-13',
      kind: 'day_off',
      followsWeekday: null,
      reason: '',
    });
    const cal = schoolCalendar(school.db, id);
    expect(timetableDay(cal, 5, '2027-12-11')).toBe(1);
    expect(timetableDay(cal, 5, '2027-12-13')).toBeNull();
    const weekday = await refused('year.saveChange', {
      yearId: id,
      date: '2027-12-14',
      kind: 'school_day',
      followsWeekday: 1,
      reason: '',
    });
    expect(weekday).toMatchObject({ field: 'date' });
  });

  it('keeps bells in order', async () => {
    const id = yearId('2027/2028');
    const s = (await ok('year.calendar', { yearId: id })).bellSchedules.find((b) => b.gradeFrom === 2)!;
    const e = await refused('year.saveBells', {
      scheduleId: s.id,
      bells: [
        { number: 1, startsAt: '08:30', endsAt: '09:15' },
        { number: 2, startsAt: '09:10', endsAt: '09:55' },
      ],
    });
    expect(e.message).toContain('Урок 2 начинается');
    const c = await ok('year.saveBells', {
      scheduleId: s.id,
      bells: [{ number: 1, startsAt: '08:00', endsAt: '08:45' }],
    });
    expect(c.bellSchedules.find((b) => b.id === s.id)?.bells).toEqual([
      { number: 1, startsAt: '08:00', endsAt: '08:45' },
    ]);
  });
});

describe('the curriculum', () => {
  it('per grade, and per profile class starting from its grade’s plan', async () => {
    const id = yearId('2026/2027');
    const math = subjectId('Математика');
    // The fixture's plan of grade 5 has the subjects 5А is taught.
    const grade5 = (await ok('year.curriculum', { yearId: id })).items.filter(
      (i) => i.grade === 5 && !i.classId,
    );
    const cur = await ok('year.setCurriculumItem', {
      yearId: id,
      grade: 5,
      classId: classId('5А'),
      subjectId: math,
      hoursPerWeek: 6,
      marking: 'points',
    });
    const own = cur.items.filter((i) => i.classId === classId('5А'));
    expect(own).toHaveLength(grade5.length);
    expect(own.find((i) => i.subjectId === math)?.hoursPerWeek).toBe(6);
    expect(cur.items.find((i) => i.grade === 5 && !i.classId && i.subjectId === math)?.hoursPerWeek).toBe(5);
    expect(cur.classes.find((c) => c.name === '5А')?.ownPlan).toBe(true);
    await ok('year.setCurriculumItem', {
      yearId: id,
      grade: 5,
      classId: classId('5А'),
      subjectId: subjectId('География'),
      hoursPerWeek: 1,
      marking: 'points',
    });
    const added = await ok('year.addSubject', { name: 'Астрономия', shortName: 'Астр.' });
    expect(added.id).toBeGreaterThan(0);
    expect((await refused('year.addSubject', { name: 'астрономия', shortName: 'А' })).field).toBe('name');
  });
});

describe('classes and the load', () => {
  it('warns where the load differs from the plan, refuses a subject outside it and a duplicate class', async () => {
    const id = yearId('2026/2027');
    const before = (await ok('year.classes', { yearId: id })).classes.find((c) => c.name === '5А')!;
    // 5А's own plan says 6 hours of mathematics; the load still has 5.
    expect(before.warnings).toContain('Математика: в нагрузке 5 часов, по учебному плану 6 часов');
    expect(before.warnings).toContain('География: по учебному плану 1 час, нагрузка не назначена');
    expect(before.classTeacherName).toBe('Соколов Дмитрий Павлович');
    const dup = await refused('year.saveClass', {
      yearId: id,
      classId: null,
      grade: 5,
      letter: 'а',
      classTeacherId: null,
    });
    expect(dup).toMatchObject({ field: 'letter', message: 'Класс 5А уже есть в учебном году 2026/2027' });
    const teacherId = fixtures(school.db).teacherId;
    const chem = await refused('year.saveLoad', {
      loadId: null,
      classId: classId('5А'),
      groupId: null,
      subjectId: subjectId('Химия'),
      teacherId,
      hoursPerWeek: 2,
    });
    expect(chem).toMatchObject({ field: 'subjectId' });
    expect(chem.message).toContain('нет в учебном плане класса 5А');
    const created = await ok('year.saveClass', {
      yearId: id,
      classId: null,
      grade: 5,
      letter: 'Б',
      classTeacherId: teacherId,
    });
    const saved = await ok('year.saveLoad', {
      loadId: null,
      classId: created.id,
      groupId: null,
      subjectId: subjectId('Русский язык'),
      teacherId,
      hoursPerWeek: 4,
    });
    // 5Б follows the grade's plan: 5 hours of Russian.
    expect(saved.warnings).toContain('Русский язык: в нагрузке 4 часа, по учебному плану 5 часов');
  });
});

describe('rollover', () => {
  it('moves classes up, keeps class teachers, lets graduates leave and archives the year', async () => {
    const id = yearId('2026/2027');
    const fx = fixtures(school.db);
    // A 9th class that continues, one that leaves, and an 11th, each with one student.
    const studentIn = async (grade: number, letter: string) => {
      const c = await ok('year.saveClass', {
        yearId: id,
        classId: null,
        grade,
        letter,
        classTeacherId: null,
      });
      const s = school.db.sqlite
        .prepare(
          "INSERT INTO student (last_name, first_name, search_name, created_at) VALUES ('Иванов', 'Иван', 'иванов иван', ?)",
        )
        .run(TODAY).lastInsertRowid;
      school.db.sqlite
        .prepare(
          "INSERT INTO class_enrollment (class_id, student_id, enrolled_on) VALUES (?, ?, '2026-09-01')",
        )
        .run(c.id, s);
      return { classId: c.id, studentId: Number(s) };
    };
    const nineA = await studentIn(9, 'А');
    const nineB = await studentIn(9, 'Б');
    const eleven = await studentIn(11, 'А');
    const wrong = await refused('year.rollover', { fromYearId: id, continuing: [classId('5А')] });
    expect(wrong).toMatchObject({ field: 'continuing' });
    // 2027/2028 was made above and has no classes yet: the rollover fills it.
    const r = await ok('year.rollover', { fromYearId: id, continuing: [nineA.classId] });
    expect(r).toMatchObject({ year: { name: '2027/2028' }, graduates: 2 });
    const next = all<{ name: string; class_teacher_id: number | null }>(
      school.db,
      'SELECT name, class_teacher_id FROM class WHERE academic_year_id = ? ORDER BY grade, letter',
      r.year.id,
    );
    expect(next.map((c) => c.name)).toEqual(['2А', '5А', '6А', '6Б', '10А']);
    expect(next.find((c) => c.name === '6А')?.class_teacher_id).toBe(fx.classTeacherId);
    const sixA = all<{ enrolled_on: string }>(
      school.db,
      'SELECT enrolled_on FROM class_enrollment WHERE class_id = ?',
      classId('6А', '2027/2028'),
    );
    expect(sixA).toHaveLength(6);
    expect(sixA.every((e) => e.enrolled_on === '2027-09-01')).toBe(true);
    for (const gone of [nineB, eleven]) {
      expect(
        all(school.db, 'SELECT class_id, left_on FROM class_enrollment WHERE student_id = ?', gone.studentId),
      ).toEqual([{ class_id: gone.classId, left_on: '2027-05-26' }]);
    }
    expect(
      one<{ n: number }>(
        school.db,
        'SELECT count(*) AS n FROM class_enrollment WHERE student_id = ?',
        nineA.studentId,
      ).n,
    ).toBe(2);
    expect(
      one<{ archived_at: string | null }>(school.db, 'SELECT archived_at FROM academic_year WHERE id = ?', id)
        .archived_at,
    ).not.toBeNull();

    // The archived year: the teacher still reads the page, no longer marks in it.
    const teacher = await school.login('teacher');
    expect((await school.call('journal.page', { loadId: fx.ownLoad.id }, teacher)).ok).toBe(true);
    const lesson = fx.lessonOf(fx.ownLoad.id);
    const mark = await school.call(
      'journal.setMark',
      { lessonId: lesson.id, studentId: fx.studentOf(fx.ownLoad.id), value: '5', expectedVersion: null },
      teacher,
    );
    expect(mark).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(mark.ok ? '' : mark.error.message).toMatch(/^Учебный год 2026\/2027 закрыт: /);
    // Nor is its set-up writable.
    const late = await refused('year.saveClass', {
      yearId: id,
      classId: null,
      grade: 3,
      letter: 'В',
      classTeacherId: null,
    });
    expect(late.message).toMatch(/^Учебный год 2026\/2027 закрыт/);
    expect((await refused('year.rollover', { fromYearId: id, continuing: [] })).code).toBe('FORBIDDEN');
  });
});
