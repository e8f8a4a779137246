import { fakerRU as faker } from '@faker-js/faker';
import { addDays } from '../../shared/i18n/dates';
import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkValue } from '../../shared/journal/marks';
import { markingModeFor } from '../../shared/school-year/curriculum-defaults';
import { type Database, prepared } from '../db/database';
import { insertAbsence, insertMark } from '../journal/rows';
import type { DemoOptions } from './options';
import type { Load, SchoolPlan, Student } from './plan';
import { controlGap, homeworkFor, type PlannedLesson, yearPlan } from './topics';

/**
 * The teachers' part of the demo: the lessons the timetable generated get, up to `today`, their
 * topics in the order of the year's plan, homework, attendance and marks. Written the moment the
 * lesson ended (so the journal is on time), by the teacher of the load.
 */

const lessonsOfLoad = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('lesson')
    .select(['id', 'date', 'number'])
    .where('load_id', '=', p.loadId)
    .orderBy('date')
    .orderBy('number'),
);

const setTopic = prepared<{ id: number; topic: string; homework: string; at: string }>()((db, p) =>
  db
    .updateTable('lesson')
    .set({ topic: p.topic, homework: p.homework, updated_at: p.at })
    .where('id', '=', p.id),
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
}

/** Which work type a control lesson's marks get, by what its topic says it is. */
function controlType(topic: string): string {
  const t = topic.toLowerCase();
  if (t.includes('диктант')) return 'Диктант';
  if (t.includes('проверочн')) return 'Проверочная работа';
  if (t.includes('диагностич')) return 'Диагностическая работа';
  if (t.includes('сочинени')) return 'Сочинение';
  if (t.includes('изложени')) return 'Изложение';
  if (t.includes('промежуточн')) return 'Промежуточная аттестация';
  return 'Контрольная работа';
}

export function fillLessons(db: Database, plan: SchoolPlan, options: DemoOptions) {
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
  let lessons = 0;
  let marks = 0;
  let absences = 0;
  const ill = new Map<Student, number>(); // student → days of illness left
  const pick = () => faker.number.float({ min: 0, max: 0.999999 });

  for (const cls of plan.classes) {
    // Every lesson of the class by day, with its planned topic.
    const days = new Map<string, DayLesson[]>();
    for (const load of cls.loads) {
      const rows = db.all(lessonsOfLoad, { loadId: load.id! });
      lessons += rows.length;
      const year = yearPlan(load.subject.name, cls.grade, rows.length, load.hours);
      rows.forEach((r, i) => {
        const list = days.get(r.date) ?? [];
        list.push({ id: r.id, load, planned: year[i]!, progress: i / rows.length });
        days.set(r.date, list);
      });
    }
    // At most one оценочная процедура a day in a class (domain-defaults §4.6).
    const dates = [...days.keys()].sort();
    deferControls(days, dates);

    for (const date of dates) {
      if (date >= options.today) break;
      const at = `${date}T12:00:00.000Z`;
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
      for (const { id, load, planned, progress } of days.get(date)!) {
        const subject = load.subject.name;
        const homework = planned.homework ? homeworkFor(subject, cls.grade, pick, progress) : '';
        // Most pages are filled the same day; a few days later for some, and the last days' pages
        // of a few lessons are still empty (what the deputy's timeliness report finds).
        const recent = date >= addDays(options.today, -10);
        const filled = !(recent && faker.datatype.boolean(0.02));
        if (filled) {
          db.run(setTopic, { id, topic: planned.topic, homework, at });
          if (faker.datatype.boolean(0.03)) {
            const late = `${addDays(date, faker.number.int({ min: 1, max: 4 }))}T16:30:00.000Z`;
            if (late.slice(0, 10) < options.today)
              db.run(lateTopic, { lessonId: id, at: late, by: load.teacher.id! });
          }
        }
        const marking = markingModeFor(load.subject, cls.grade);
        const by = load.teacher.id!;
        let anyAbsent = false;
        for (const s of load.group?.members ?? cls.students) {
          let code = away.get(s);
          if (!code && faker.datatype.boolean(0.004))
            code = faker.helpers.arrayElement(['absent', 'late'] as const);
          if (code) {
            db.run(insertAbsence, { lessonId: id, studentId: s.id!, code, by, at });
            absences++;
            anyAbsent = true;
            if (code !== 'late') continue;
          }
          if (marking === 'none') continue;
          const control = planned.control && marking === 'points';
          if (!control && !faker.datatype.boolean(marking === 'pass_fail' ? 0.1 : 0.22)) continue;
          const t = control ? type(controlType(planned.topic)) : faker.helpers.weightedArrayElement(everyday);
          const value: MarkValue =
            marking === 'pass_fail'
              ? faker.datatype.boolean(0.95)
                ? 'зач'
                : 'незач'
              : pointsMark(s.ability, control);
          db.run(insertMark, {
            lessonId: id,
            studentId: s.id!,
            value,
            workTypeId: t.id,
            weight: t.weight,
            by,
            at,
          });
          marks++;
        }
        if (filled || anyAbsent) db.run(takeAttendance, { id, at, by });
      }
    }
  }
  return { lessons, marks, absences };
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
function deferControls(days: Map<string, DayLesson[]>, dates: string[]): void {
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
}
