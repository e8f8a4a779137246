import { fakerRU as faker } from '@faker-js/faker';
import type { Database } from '../src/main/db/database';
import { type ClassYear, fillLessons } from '../src/main/demo/lessons';
import type { Group, Load, SchoolClass, StaffMember, Student } from '../src/main/demo/plan';
import { yearPlan } from '../src/main/demo/topics';
import { insertLesson } from '../src/main/journal/rows';
import { insertFinalMark } from '../src/main/periods/final-marks';
import { gradingRules } from '../src/main/school-year/school';
import type { Input, MethodName } from '../src/shared/api/contract';
import {
  type FinalMarkValue,
  meanSuggestion,
  NOT_ASSESSED,
  periodSuggestion,
} from '../src/shared/periods/final-marks';
import { FEDERAL_CURRICULUM, type SubjectDefault } from '../src/shared/school-year/curriculum-defaults';

/**
 * The size of a class journal (issue 10: «about 20 subjects × 35 students × 170 lessons»),
 * made from a demo class of 35 students in the benchmark's own copy of a generated school:
 *
 * - the deputy adds subjects to the class's own plan and their teaching loads through the router
 *   (year.setCurriculumItem, year.saveLoad) until the class has `loads` loads;
 * - every load gets a lesson on every school day of the class it has none on (the statement the
 *   timetable writes lessons with, journal/rows insertLesson) — about 170 lessons a load, ~3,400 in
 *   all: more than a real timetable holds (≈ 35 lessons a week), the upper bound;
 * - the new lessons get their topics, homework, marks and absences from the demo's own teacher
 *   (demo/lessons fillLessons: the same density as every demo lesson), and the new loads their period
 *   and year marks as the demo's year end sets them (periodSuggestion / meanSuggestion, the
 *   journal's insertFinalMark).
 *
 * The demo's lessons of the class keep what the generator wrote.
 */

/** How the bench calls the router as the deputy. */
export type DeputyCall = <M extends MethodName>(method: M, input: Input<M>) => Promise<unknown>;

export interface BigClass {
  classId: number;
  yearId: number;
  name: string;
  students: number;
  loads: number;
  lessons: number;
  addedLessons: number;
}

interface LoadRow {
  id: number;
  subjectId: number;
  subject: string;
  groupId: number | null;
  teacherId: number;
  hours: number;
}

/** Makes the class of `students` students with the most loads into the class; returns it. */
export async function enlargeClass(
  db: Database,
  call: DeputyCall,
  options: { students: number; loads: number; today: string },
): Promise<BigClass> {
  const all = <T>(sql: string, ...args: unknown[]) => db.sqlite.prepare(sql).all(...args) as T[];
  const cls = all<{ id: number; name: string; grade: number; yearId: number; teacherId: number }>(
    `SELECT c.id, c.name, c.grade, c.academic_year_id AS yearId, c.class_teacher_id AS teacherId
       FROM class c
      WHERE (SELECT count(DISTINCT student_id) FROM class_enrollment e WHERE e.class_id = c.id) = ?
      ORDER BY (SELECT count(*) FROM teaching_load l WHERE l.class_id = c.id) DESC, c.grade DESC
      LIMIT 1`,
    options.students,
  )[0];
  if (!cls) throw new Error(`В школе нет класса из ${options.students} учеников`);

  const loadsOf = () =>
    all<LoadRow>(
      `SELECT l.id, l.subject_id AS subjectId, s.name AS subject, l.group_id AS groupId,
              l.teacher_id AS teacherId, l.hours_per_week AS hours
         FROM teaching_load l JOIN subject s ON s.id = l.subject_id
        WHERE l.class_id = ? ORDER BY s.sort_order, s.name, l.group_id`,
      cls.id,
    );
  const before = loadsOf();
  const extra = all<{ id: number }>(
    `SELECT id FROM subject WHERE id NOT IN (SELECT subject_id FROM teaching_load WHERE class_id = ?)
      ORDER BY sort_order, name LIMIT ?`,
    cls.id,
    Math.max(0, options.loads - before.length),
  );
  for (const subject of extra) {
    await call('year.setCurriculumItem', {
      yearId: cls.yearId,
      grade: cls.grade,
      classId: cls.id,
      subjectId: subject.id,
      hoursPerWeek: 1,
      marking: 'points',
    });
    await call('year.saveLoad', {
      loadId: null,
      classId: cls.id,
      groupId: null,
      subjectId: subject.id,
      teacherId: cls.teacherId,
      hoursPerWeek: 1,
    });
  }
  const loads = loadsOf();
  const added = addLessonEveryDay(db, cls.id, loads);

  // The demo's teacher fills the new lessons (fillLessons reads only the ids, the students' ability,
  // the subjects, the teachers' ids and the groups' members of the plan objects below).
  const students = all<{ id: number }>(
    'SELECT DISTINCT student_id AS id FROM class_enrollment WHERE class_id = ? ORDER BY student_id',
    cls.id,
  ).map((s) => ({ id: s.id, ability: faker.number.float({ min: 2.7, max: 4.9 }) }) as Student);
  const byId = new Map(students.map((s) => [s.id!, s]));
  const members = (groupId: number) =>
    all<{ id: number }>('SELECT student_id AS id FROM group_member WHERE group_id = ?', groupId).map(
      (m) => byId.get(m.id)!,
    );
  const planLoads = new Map<number, Load>(
    loads.map((l) => [
      l.id,
      {
        id: l.id,
        subject: subjectDefault(l.subject),
        hours: l.hours,
        teacher: { id: l.teacherId } as StaffMember,
        group: l.groupId === null ? null : ({ members: members(l.groupId) } as unknown as Group),
      },
    ]),
  );
  const schoolClass = { grade: cls.grade, students, loads: [...planLoads.values()] } as SchoolClass;
  const periods = all<{ id: number; startsOn: string; endsOn: string }>(
    `SELECT id, starts_on AS startsOn, ends_on AS endsOn FROM period
      WHERE academic_year_id = ? AND grade_from <= ? AND grade_to >= ? ORDER BY starts_on`,
    cls.yearId,
    cls.grade,
    cls.grade,
  );
  const periodOf = (date: string) => periods.findIndex((p) => p.startsOn <= date && date <= p.endsOn);
  const days = new Map<string, ClassYear['days'] extends Map<string, infer D> ? D : never>();
  for (const l of loads) {
    const load = planLoads.get(l.id)!;
    const lessons = all<{ id: number; date: string }>(
      'SELECT id, date FROM lesson WHERE load_id = ? ORDER BY date, number',
      l.id,
    );
    const planned = yearPlan(l.subject, cls.grade, lessons.length, l.hours);
    lessons.forEach((lesson, i) => {
      if (!added.has(lesson.id)) return;
      const period = periodOf(lesson.date);
      const left = lessons.slice(i).filter((o) => periodOf(o.date) === period).length;
      const list = days.get(lesson.date) ?? [];
      list.push({ id: lesson.id, load, planned: planned[i]!, progress: i / lessons.length, period, left });
      days.set(lesson.date, list);
    });
  }
  const year: ClassYear = {
    cls: schoolClass,
    days,
    dates: [...days.keys()].sort(),
    periods,
    byLoad: new Map(),
  };
  const newLoads = new Set(loads.filter((l) => !before.some((b) => b.id === l.id)).map((l) => l.id));
  db.bulk(() => {
    const { given } = fillLessons(db, [year], { students: 0, seed: 1, today: options.today });
    setFinalMarks(
      db,
      { yearId: cls.yearId, periods, today: options.today, given: given.marks },
      [...newLoads.values()].map((id) => ({
        load: planLoads.get(id)!,
        subjectId: loads.find((l) => l.id === id)!.subjectId,
        students,
      })),
    );
  });

  const lessons = all<{ n: number }>(
    'SELECT count(*) AS n FROM lesson s JOIN teaching_load l ON l.id = s.load_id WHERE l.class_id = ?',
    cls.id,
  )[0]!.n;
  return {
    classId: cls.id,
    yearId: cls.yearId,
    name: cls.name,
    students: students.length,
    loads: loads.length,
    lessons,
    addedLessons: added.size,
  };
}

/** The curriculum's entry of a subject (its marking by grade); a subject outside it is marked with points. */
function subjectDefault(name: string): SubjectDefault {
  return FEDERAL_CURRICULUM.find((s) => s.name === name) ?? { name, shortName: name, hours: [] };
}

/**
 * A lesson of every load on every school day of the class (a day the timetable gave the class any
 * lesson) the load has none on, numbered after the class's last lesson that day. Returns the new ids.
 */
function addLessonEveryDay(db: Database, classId: number, loads: LoadRow[]): Set<number> {
  const rows = db.sqlite
    .prepare(
      `SELECT s.date, max(s.number) AS last FROM lesson s JOIN teaching_load l ON l.id = s.load_id
        WHERE l.class_id = ? GROUP BY s.date ORDER BY s.date`,
    )
    .all(classId) as { date: string; last: number }[];
  const lastNumber = new Map(rows.map((r) => [r.date, r.last]));
  const added = new Set<number>();
  db.bulk(() => {
    for (const load of loads) {
      const taught = new Set(
        (
          db.sqlite.prepare('SELECT DISTINCT date FROM lesson WHERE load_id = ?').all(load.id) as {
            date: string;
          }[]
        ).map((r) => r.date),
      );
      for (const { date } of rows) {
        if (taught.has(date)) continue;
        // A day has numbers 1–10 (the lesson table's rule); past 10 the new lessons share numbers
        // with other loads' lessons, as parallel groups do: the book orders by date and number only.
        const number = ((lastNumber.get(date) ?? 0) % 10) + 1;
        lastNumber.set(date, number);
        const { lastId } = db.run(insertLesson, {
          loadId: load.id,
          date,
          number,
          topic: '',
          homework: '',
          teacherId: load.teacherId,
          at: `${date}T06:00:00.000Z`,
        });
        added.add(Number(lastId));
      }
    }
  });
  return added;
}

/**
 * The period marks and the year mark of the added loads, as the demo's year end sets them: the
 * suggestion from the period's current marks («н/а» below the minimum), the year's from the periods'.
 */
function setFinalMarks(
  db: Database,
  year: {
    yearId: number;
    periods: { id: number; startsOn: string; endsOn: string }[];
    today: string;
    given: Map<number, Map<number, { date: string; value: string; weight: number }[]>>;
  },
  pages: { load: Load; subjectId: number; students: Student[] }[],
): void {
  const rules = gradingRules(db);
  const done = year.periods.filter((p) => p.endsOn < year.today);
  for (const { load, subjectId, students } of pages) {
    for (const s of students) {
      const marks = year.given.get(load.id!)?.get(s.id!) ?? [];
      const periodMarks: string[] = [];
      const write = (kind: 'period' | 'year', periodId: number | null, value: string, at: string) =>
        db.run(insertFinalMark, {
          yearId: year.yearId,
          subjectId,
          studentId: s.id!,
          kind,
          periodId,
          value: value as FinalMarkValue,
          at,
          by: load.teacher.id!,
        });
      for (const p of done) {
        const inPeriod = marks.filter((m) => m.date >= p.startsOn && m.date <= p.endsOn);
        const value = periodSuggestion(inPeriod, rules).suggested ?? NOT_ASSESSED;
        periodMarks.push(value);
        write('period', p.id, value, `${p.endsOn}T11:00:00.000Z`);
      }
      if (done.length === year.periods.length && done.length > 0)
        write(
          'year',
          null,
          meanSuggestion(periodMarks, rules) ?? NOT_ASSESSED,
          `${done.at(-1)!.endsOn}T11:00:00.000Z`,
        );
    }
  }
}
