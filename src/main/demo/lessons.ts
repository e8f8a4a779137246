import { fakerRU as faker } from '@faker-js/faker';
import { addDays } from '../../shared/i18n/dates';
import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkValue } from '../../shared/journal/marks';
import { markingModeFor } from '../../shared/school-year/curriculum-defaults';
import { type Database, prepared } from '../db/database';
import { insertPageView } from '../journal/page-views';
import { insertAbsence, insertMark } from '../journal/rows';
import { gradingRules } from '../school-year/school';
import type { DemoOptions } from './options';
import type { Load, SchoolClass, SchoolPlan, Student } from './plan';
import { controlGap, homeworkFor, type PlannedLesson, yearPlan } from './topics';

/**
 * The teachers' part of the demo: the lessons the timetable generated get their topics in the order
 * of the year's plan (the load's КТП, which the generator then saves through the router: every topic
 * is marked as the plan's, lesson.plan_topic, so the plan owns it and a teacher's own topic would not
 * be overwritten), and, up to `today`, homework, attendance and marks. Written the moment the lesson
 * ended (so the journal is on time), by the teacher of the load, who opened the page that day
 * (page_view: the fill report's «открывал(а) страницу» and the access log read it).
 */

const lessonsOfLoad = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('lesson')
    .select(['id', 'date', 'number'])
    .where('load_id', '=', p.loadId)
    .orderBy('date')
    .orderBy('number'),
);

/** The periods of a class's grade in its year (quarters, or half-years in 10–11). */
const periodsOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('period as p')
    .innerJoin('class as c', (j) =>
      j
        .onRef('c.academic_year_id', '=', 'p.academic_year_id')
        .onRef('c.grade', '>=', 'p.grade_from')
        .onRef('c.grade', '<=', 'p.grade_to'),
    )
    .select(['p.id', 'p.starts_on as startsOn', 'p.ends_on as endsOn'])
    .where('c.id', '=', p.classId)
    .orderBy('p.starts_on'),
);

const setTopic = prepared<{ id: number; topic: string; workTypeId: number | null; at: string }>()((db, p) =>
  db
    .updateTable('lesson')
    .set({ topic: p.topic, plan_topic: p.topic, work_type_id: p.workTypeId, updated_at: p.at })
    .where('id', '=', p.id),
);

const setHomework = prepared<{ id: number; homework: string; at: string }>()((db, p) =>
  db.updateTable('lesson').set({ homework: p.homework, updated_at: p.at }).where('id', '=', p.id),
);

/** The lesson's attendance taken by its teacher that day (migration 0017): a filled page, or an absence. */
const takeAttendance = prepared<{ id: number; at: string; by: number }>()((db, p) =>
  db
    .updateTable('lesson')
    .set({ attendance_taken_at: p.at, attendance_taken_by: p.by })
    .where('id', '=', p.id),
);

const lateTopic = prepared<{ lessonId: number; at: string; by: number }>()((db, p) =>
  db
    .insertInto('late_entry')
    .values({ lesson_id: p.lessonId, kind: 'topic', entered_at: p.at, entered_by: p.by }),
);

interface DayLesson {
  id: number;
  load: Load;
  planned: PlannedLesson;
  /** How far into the year's lessons of its load (0–1): the textbook's pages grow with it. */
  progress: number;
  /** The period the lesson falls in (index into the class's periods), or -1 (none: a holiday gap). */
  period: number;
  /** The load's lessons left in that period, this one included. */
  left: number;
}

/** A class's year of lessons: by day, each with its planned topic, and its periods. */
export interface ClassYear {
  cls: SchoolClass;
  days: Map<string, DayLesson[]>;
  dates: string[];
  periods: { id: number; startsOn: string; endsOn: string }[];
  /** Each load's lessons in order (the order its КТП lists the topics in). */
  byLoad: Map<Load, DayLesson[]>;
}

/**
 * Lays the year's plan of topics over the lessons the timetable generated, class by class, with at
 * most one оценочная процедура a day in a class (domain-defaults §4.6). Reads only.
 */
export function layOutYear(db: Database, plan: SchoolPlan): ClassYear[] {
  return plan.classes.map((cls) => {
    const days = new Map<string, DayLesson[]>();
    const periods = db.all(periodsOfClass, { classId: cls.id! });
    const periodOf = (date: string) => periods.findIndex((p) => p.startsOn <= date && date <= p.endsOn);
    for (const load of cls.loads) {
      const rows = db.all(lessonsOfLoad, { loadId: load.id! });
      const year = yearPlan(load.subject.name, cls.grade, rows.length, load.hours);
      const perPeriod = new Map<number, number>();
      for (const r of rows) perPeriod.set(periodOf(r.date), (perPeriod.get(periodOf(r.date)) ?? 0) + 1);
      const seen = new Map<number, number>();
      rows.forEach((r, i) => {
        const period = periodOf(r.date);
        const k = (seen.get(period) ?? 0) + 1;
        seen.set(period, k);
        const list = days.get(r.date) ?? [];
        list.push({
          id: r.id,
          load,
          planned: year[i]!,
          progress: i / rows.length,
          period,
          left: perPeriod.get(period)! - k + 1,
        });
        days.set(r.date, list);
      });
    }
    const dates = [...days.keys()].sort();
    const byLoad = deferControls(days, dates);
    return { cls, days, dates, periods, byLoad };
  });
}

/**
 * A load's КТП as the demo's teacher keeps it: its topics in the order of its lessons, a topic taught
 * in several lessons running one item of as many hours.
 */
export function planItemsOf(lessons: DayLesson[]): { title: string; hours: number }[] {
  const items: { title: string; hours: number }[] = [];
  for (const l of lessons) {
    const last = items.at(-1);
    if (last?.title === l.planned.topic) last.hours++;
    else items.push({ title: l.planned.topic, hours: 1 });
  }
  return items;
}

/** Which work type a control lesson's marks get, by what its topic says it is. */
function controlType(topic: string): string {
  const t = topic.toLowerCase();
  if (t.includes('промежуточн')) return 'Промежуточная аттестация';
  if (t.includes('диктант')) return 'Диктант';
  if (t.includes('проверочн')) return 'Проверочная работа';
  if (t.includes('диагностич')) return 'Диагностическая работа';
  if (t.includes('сочинени')) return 'Сочинение';
  if (t.includes('изложени')) return 'Изложение';
  return 'Контрольная работа';
}

/** The share of a class's students kept away long in one period, who end it «н/а» in some subjects. */
const LONG_ILLNESS = 0.25;

/** The current marks the demo gave, by load and student: what the year's end is computed from. */
export interface GivenMarks {
  marks: Map<number, Map<number, { date: string; value: string; weight: number }[]>>;
  /** Subject ids by name. */
  subjects: Map<string, number>;
}

export function fillLessons(db: Database, years: ClassYear[], options: DemoOptions) {
  const types = new Map(
    db
      .all(db.builder.selectFrom('work_type').select(['id', 'name', 'weight']))
      .map((w) => [w.name, { id: w.id, weight: w.weight }] as const),
  );
  const type = (name: string) => types.get(name) ?? types.get('Контрольная работа')!;
  const everyday = [
    { weight: 4, value: type('Работа на уроке') },
    { weight: 4, value: type('Ответ на уроке') },
    { weight: 2, value: type('Домашняя работа') },
    { weight: 1, value: type('Самостоятельная работа') },
  ];
  const minMarks = gradingRules(db).minMarks;
  let lessons = 0;
  let marks = 0;
  let absences = 0;
  const ill = new Map<Student, number>(); // student → days of illness left
  const pick = () => faker.number.float({ min: 0, max: 0.999999 });
  const missedControls: MissedControl[] = [];
  const given: GivenMarks = {
    marks: new Map(),
    subjects: new Map(
      db.all(db.builder.selectFrom('subject').select(['id', 'name'])).map((r) => [r.name, r.id] as const),
    ),
  };
  const give = (load: Load, s: Student, date: string, value: MarkValue, weight: number) => {
    let ofLoad = given.marks.get(load.id!);
    if (!ofLoad) {
      ofLoad = new Map();
      given.marks.set(load.id!, ofLoad);
    }
    const list = ofLoad.get(s.id!);
    if (list) list.push({ date, value, weight });
    else ofLoad.set(s.id!, [{ date, value, weight }]);
  };

  for (const { cls, days, dates, periods } of years) {
    // The plan's topics on every lesson of the year, the days to come too (the КТП fills them).
    for (const date of dates)
      for (const { id, planned } of days.get(date)!) {
        lessons++;
        const workTypeId = planned.control ? type(controlType(planned.topic)).id : null;
        db.run(setTopic, { id, topic: planned.topic, workTypeId, at: `${date}T12:00:00.000Z` });
      }
    // One student of some classes is ill for three weeks in one period: too few marks in some
    // subjects, «н/а» for them there (domain-defaults §4.5).
    const longIll =
      periods.length > 0 && cls.students.length > 0 && faker.datatype.boolean(LONG_ILLNESS)
        ? {
            student: faker.helpers.arrayElement(cls.students),
            period: faker.number.int({ min: 0, max: periods.length - 1 }),
          }
        : null;
    const longIllFrom = longIll ? dates.find((d) => d >= periods[longIll.period]!.startsOn) : undefined;
    // Marks of each student in each load and period so far.
    const count = new Map<string, number>();
    const counted = (load: Load, s: Student, period: number) => `${load.id}/${s.id}/${period}`;

    for (const date of dates) {
      if (date >= options.today) break;
      const at = `${date}T12:00:00.000Z`;
      if (longIll && date === longIllFrom) ill.set(longIll.student, 15);
      // Who is away today: illness lasts a few days; a truant misses the whole day.
      const away = new Map<Student, AbsenceCode>();
      for (const s of cls.students) {
        const left = ill.get(s) ?? 0;
        if (left > 0) {
          away.set(s, 'ill');
          ill.set(s, left - 1);
        } else if (faker.datatype.boolean(0.008)) {
          ill.set(s, faker.number.int({ min: 2, max: 6 }));
          away.set(s, 'ill');
        } else if (faker.datatype.boolean(0.003)) {
          away.set(s, faker.helpers.arrayElement(['absent', 'excused'] as const));
        }
      }
      for (const { id, load, planned, progress, period, left } of days.get(date)!) {
        const subject = load.subject.name;
        // Most pages are filled the same day; a few days later for some, and the last days' homework
        // of a few lessons is still missing (what the deputy's timeliness report finds).
        const recent = date >= addDays(options.today, -10);
        const filled = !(recent && faker.datatype.boolean(0.02));
        if (filled) {
          if (planned.homework)
            db.run(setHomework, { id, homework: homeworkFor(subject, cls.grade, pick, progress), at });
          if (faker.datatype.boolean(0.03)) {
            const late = `${addDays(date, faker.number.int({ min: 1, max: 4 }))}T16:30:00.000Z`;
            if (late.slice(0, 10) < options.today) {
              db.run(lateTopic, { lessonId: id, at: late, by: load.teacher.id! });
              db.run(insertPageView, {
                loadId: load.id!,
                userId: load.teacher.id!,
                day: late.slice(0, 10),
                at: late,
              });
            }
          }
        }
        const marking = markingModeFor(load.subject, cls.grade);
        const by = load.teacher.id!;
        let anyAbsent = false;
        const marksBefore = marks;
        const control = planned.control && marking === 'points';
        for (const s of load.group?.members ?? cls.students) {
          let code = away.get(s);
          if (!code && faker.datatype.boolean(0.004))
            code = faker.helpers.arrayElement(['absent', 'late'] as const);
          if (code) {
            db.run(insertAbsence, { lessonId: id, studentId: s.id!, code, by, at });
            absences++;
            anyAbsent = true;
            if (control && code !== 'late') missedControls.push({ lessonId: id, load, student: s, date });
            if (code !== 'late') continue;
          }
          if (marking === 'none') continue;
          // At the end of a period the teacher asks those who have too few marks yet (§4.5).
          const key = counted(load, s, period);
          const have = count.get(key) ?? 0;
          const owed =
            period >= 0 &&
            have < minMarks &&
            left <= 2 * (minMarks - have) + 1 &&
            !(longIll?.student === s && longIll.period === period);
          if (!control && !owed && !faker.datatype.boolean(marking === 'pass_fail' ? 0.1 : 0.22)) continue;
          const t = control ? type(controlType(planned.topic)) : faker.helpers.weightedArrayElement(everyday);
          const value = (): MarkValue =>
            marking === 'pass_fail'
              ? faker.datatype.boolean(0.95)
                ? 'зач'
                : 'незач'
              : pointsMark(s.ability, control);
          const first = value();
          give(load, s, date, first, t.weight);
          db.run(insertMark, {
            lessonId: id,
            studentId: s.id!,
            value: first,
            workTypeId: t.id,
            weight: t.weight,
            by,
            at,
          });
          marks++;
          // A second mark in the cell («4/3»): a диктант's spelling and its grammar task, or now
          // and then an answer and the written work of the same lesson.
          const second =
            marking === 'points' && (control ? /диктант/i.test(planned.topic) : faker.datatype.boolean(0.04));
          if (second) {
            const t2 = control ? t : faker.helpers.weightedArrayElement(everyday);
            const next = value();
            give(load, s, date, next, t2.weight);
            db.run(insertMark, {
              lessonId: id,
              studentId: s.id!,
              slot: 2,
              value: next,
              workTypeId: t2.id,
              weight: t2.weight,
              by,
              at,
            });
            marks++;
          }
          count.set(key, have + (second ? 2 : 1));
        }
        if (filled || anyAbsent) db.run(takeAttendance, { id, at, by });
        // The page was opened that day when anything was written in it.
        if (filled || anyAbsent || marks > marksBefore)
          db.run(insertPageView, { loadId: load.id!, userId: by, day: date, at });
      }
    }
  }
  addRetakesAndOwedWorks(db, missedControls, options, give);
  return { lessons, marks, absences, given };
}

/** A student away on the day of a контрольная: where a retake would go. */
interface MissedControl {
  lessonId: number;
  load: Load;
  student: Student;
  date: string;
}

/** The control lesson a student missed: its teacher, and the work type its marks get. */
const controlOf = prepared<{ lessonId: number }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('work_type as w', 'w.id', 's.work_type_id')
    .select(['l.teacher_id as teacherId', 'w.id as workTypeId', 'w.weight'])
    .where('s.id', '=', p.lessonId),
);

const insertOwed = prepared<{ lessonId: number; studentId: number; dueOn: string; at: string; by: number }>()(
  (db, p) =>
    db.insertInto('owed_work').values({
      lesson_id: p.lessonId,
      student_id: p.studentId,
      due_on: p.dueOn,
      created_at: p.at,
      created_by: p.by,
      updated_at: p.at,
      updated_by: p.by,
    }),
);

/**
 * Retakes after absences (001 §2.9) and owed works («точка»): a student away on the day of a
 * контрольная mostly writes it within two weeks — the mark goes into the missed lesson's cell beside
 * the absence, dated the day of the retake —; some still owe it, with a due date (a few of them
 * overdue); the rest never did (the absence alone stays).
 */
export function addRetakesAndOwedWorks(
  db: Database,
  missed: MissedControl[],
  options: DemoOptions,
  /** Counts a mark into the period's marks (the period and year marks are suggested from them). */
  give: (load: Load, s: Student, date: string, value: MarkValue, weight: number) => void,
): void {
  for (const m of missed) {
    const studentId = m.student.id!;
    const control = db.first(controlOf, { lessonId: m.lessonId });
    if (!control) continue;
    const by = control.teacherId;
    const later = addDays(m.date, faker.number.int({ min: 2, max: 14 }));
    const fate = faker.helpers.weightedArrayElement([
      { weight: 7, value: 'retake' as const },
      { weight: 2, value: 'owed' as const },
      { weight: 1, value: 'none' as const },
    ]);
    if (fate === 'retake' && later < options.today) {
      const value = faker.helpers.weightedArrayElement([
        { weight: 2, value: '3' as const },
        { weight: 4, value: '4' as const },
        { weight: 3, value: '5' as const },
      ]);
      // It sits on the missed lesson: it counts in that lesson's period.
      give(m.load, m.student, m.date, value, control.weight);
      db.run(insertMark, {
        lessonId: m.lessonId,
        studentId,
        value,
        workTypeId: control.workTypeId,
        weight: control.weight,
        retakenOn: later,
        at: `${later}T12:00:00.000Z`,
        by,
      });
    } else if (fate !== 'none') {
      const at = `${addDays(m.date, 1)}T12:00:00.000Z`;
      if (at.slice(0, 10) >= options.today) continue;
      db.run(insertOwed, { lessonId: m.lessonId, studentId, dueOn: later, at, by });
    }
  }
}

/** A mark near the student's usual one; a контрольная spreads a little wider. */
function pointsMark(ability: number, control: boolean): MarkValue {
  const noise =
    (faker.number.float({ min: -1, max: 1 }) + faker.number.float({ min: -1, max: 1 })) *
    (control ? 0.75 : 0.6);
  return String(Math.min(5, Math.max(2, Math.round(ability + noise)))) as MarkValue;
}

/**
 * Moves each second control of a class's day to another lesson of its subject on a day without
 * one (swapping the two lessons' places in the plan), keeping it 2.5 weeks from the subject's
 * other controls, so that no day holds two.
 */
function deferControls(days: Map<string, DayLesson[]>, dates: string[]): Map<Load, DayLesson[]> {
  const byLoad = new Map<Load, DayLesson[]>();
  const dayOf = new Map<DayLesson, string>();
  for (const date of dates)
    for (const l of days.get(date)!) {
      byLoad.set(l.load, [...(byLoad.get(l.load) ?? []), l]);
      dayOf.set(l, date);
    }
  const controlsOn = (date: string) => days.get(date)!.filter((l) => l.planned.control).length;
  for (const date of dates) {
    for (const l of days.get(date)!) {
      if (!l.planned.control || controlsOn(date) <= 1) continue;
      const list = byLoad.get(l.load)!;
      const i = list.indexOf(l);
      const gap = controlGap(l.load.hours);
      const others = list.flatMap((o, k) => (o.planned.control && k !== i ? [k] : []));
      const farEnough = (k: number) => others.every((c) => Math.abs(c - k) >= gap);
      const j = [...list.keys()]
        .filter(
          (k) =>
            k !== i && !list[k]!.planned.control && farEnough(k) && controlsOn(dayOf.get(list[k]!)!) === 0,
        )
        .sort((a, b) => Math.abs(a - i) - Math.abs(b - i))[0];
      if (j === undefined) continue;
      const planned = list[i]!.planned;
      list[i]!.planned = list[j]!.planned;
      list[j]!.planned = planned;
    }
  }
  return byLoad;
}
