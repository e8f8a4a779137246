import { fakerRU as faker } from '@faker-js/faker';
import { addDays, type IsoDate, weekday } from '../../shared/i18n/dates';
import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkingMode, MarkValue } from '../../shared/journal/marks';
import { gradeOneLessonsPerDay } from '../../shared/school-year/bells-defaults';
import type { federalCalendar } from '../../shared/school-year/calendar-defaults';
import type { SubjectDefault } from '../../shared/school-year/curriculum-defaults';
import type { Database } from '../db/database';
import { insertAbsence, insertLesson, insertMark } from '../journal/rows';
import type { DemoOptions } from './options';
import { GENERIC_TOPICS, HOMEWORK, TOPICS } from './topics';

/**
 * The demo school's lessons: a weekly timetable per class, then every study day of the year (or up
 * to the end of the current period) with topics, homework, marks and absences before "today".
 */
type Calendar = ReturnType<typeof federalCalendar>;

export interface LoadPlan {
  id: number;
  subject: SubjectDefault;
  marking: MarkingMode;
  teacherId: number;
  studentIds: number[];
  groupKey: string | null;
}

/** A weekly timetable for one class: weekday (1–5) → loads in lesson order (parallel groups share a slot). */
function weeklyTimetable(grade: number, loads: LoadPlan[]): Map<number, LoadPlan[][]> {
  const cap = grade === 1 ? 5 : grade <= 4 ? 5 : grade <= 6 ? 6 : 7;
  const slots: LoadPlan[][] = [];
  const grouped = new Map<string, LoadPlan[]>();
  for (const l of loads) {
    if (l.groupKey) grouped.set(l.groupKey, [...(grouped.get(l.groupKey) ?? []), l]);
    else slots.push([l]);
  }
  slots.push(...grouped.values());
  const days = new Map<number, LoadPlan[][]>([1, 2, 3, 4, 5].map((d) => [d, []]));
  const occurrences = slots.flatMap((slot) =>
    Array.from({ length: Math.max(1, Math.round(slot[0]!.subject.hours[grade - 1] ?? 1)) }, () => slot),
  );
  occurrences.sort((a, b) => (b[0]!.subject.hours[grade - 1] ?? 0) - (a[0]!.subject.hours[grade - 1] ?? 0));
  for (const slot of occurrences) {
    const order = [...days.entries()].sort((a, b) => {
      const aHas = a[1].some((s) => s[0]!.subject === slot[0]!.subject) ? 1 : 0;
      const bHas = b[1].some((s) => s[0]!.subject === slot[0]!.subject) ? 1 : 0;
      return aHas - bHas || a[1].length - b[1].length;
    });
    const target = order.find(([, list]) => list.length < cap) ?? order[0]!;
    target[1].push(slot);
  }
  for (const list of days.values()) faker.helpers.shuffle(list, { inplace: true });
  return days;
}

function isHoliday(calendar: Calendar, grade: number, date: IsoDate): boolean {
  return calendar.holidays.some(
    (h) => grade >= h.gradeFrom && grade <= h.gradeTo && date >= h.startsOn && date <= h.endsOn,
  );
}

function homework(): string {
  const n = faker.number.int({ min: 5, max: 60 });
  return faker.helpers
    .arrayElement(HOMEWORK)
    .replace('{n2}', String(n + 4))
    .replace('{n}', String(n))
    .replace('{m2}', String(n * 10 + 3))
    .replace('{m}', String(n * 10));
}

export function generateLessons(
  db: Database,
  options: DemoOptions,
  calendar: Calendar,
  classes: { id: number; grade: number; students: { id: number; ability: number }[]; loads: LoadPlan[] }[],
  workTypes: Map<string, { id: number; weight: number }>,
  at: string,
) {
  const currentPeriod = calendar.periods.find(
    (p) => p.gradeFrom === 1 && p.startsOn <= options.today && p.endsOn >= options.today,
  );
  const wanted = options.lessonsUntil === 'year' ? calendar.endsOn : (currentPeriod?.endsOn ?? options.today);
  // Never past the last day of the year (a demo made in summer must not get lessons in June).
  const until = wanted < calendar.endsOn ? wanted : calendar.endsOn;
  const ability = new Map(classes.flatMap((c) => c.students.map((s) => [s.id, s.ability] as const)));
  const wt = (name: string) => workTypes.get(name)!;
  const everyday = [
    wt('Работа на уроке'),
    wt('Ответ на уроке'),
    wt('Домашняя работа'),
    wt('Самостоятельная работа'),
  ];
  const test = wt('Контрольная работа');
  let lessons = 0;
  let marks = 0;
  let absences = 0;
  const ill = new Map<number, number>(); // student → days of illness left

  for (const cls of classes) {
    const timetable = weeklyTimetable(cls.grade, cls.loads);
    const lessonIndex = new Map<number, number>();
    for (let date = calendar.startsOn; date <= until; date = addDays(date, 1)) {
      const wd = weekday(date);
      if (wd === 0 || wd === 6 || isHoliday(calendar, cls.grade, date)) continue;
      const past = date < options.today;
      // Who is away today: illness lasts a few days; a truant misses the whole day.
      const awayToday = new Map<number, AbsenceCode>();
      if (past) {
        for (const s of cls.students) {
          const left = ill.get(s.id) ?? 0;
          if (left > 0) {
            awayToday.set(s.id, 'ill');
            ill.set(s.id, left - 1);
          } else if (faker.datatype.boolean(0.008)) {
            ill.set(s.id, faker.number.int({ min: 2, max: 6 }));
            awayToday.set(s.id, 'ill');
          } else if (faker.datatype.boolean(0.003)) {
            awayToday.set(s.id, faker.helpers.arrayElement(['absent', 'excused'] as const));
          }
        }
      }
      // Grade 1's stepped regime: 3 lessons a day in September–October, 4 in November–December.
      const fullDay = timetable.get(wd) ?? [];
      const day =
        cls.grade === 1 ? fullDay.slice(0, gradeOneLessonsPerDay(Number(date.slice(5, 7)))) : fullDay;
      day.forEach((slot, i) => {
        for (const load of slot) {
          const index = (lessonIndex.get(load.id) ?? 0) + 1;
          lessonIndex.set(load.id, index);
          const topics = TOPICS[load.subject.name] ?? GENERIC_TOPICS;
          const lessonId = db.run(insertLesson, {
            loadId: load.id,
            date,
            number: i + 1,
            topic: past ? topics[(index - 1) % topics.length]! : '',
            homework: past && cls.grade > 1 ? homework() : '',
            teacherId: load.teacherId,
            at,
          }).lastId;
          lessons++;
          if (!past) continue;
          const isTest = load.marking === 'points' && index % 9 === 0;
          for (const studentId of load.studentIds) {
            let code = awayToday.get(studentId);
            if (!code && faker.datatype.boolean(0.004))
              code = faker.helpers.arrayElement(['absent', 'late'] as const);
            if (code) {
              db.run(insertAbsence, { lessonId, studentId, code, by: load.teacherId, at });
              absences++;
              if (code !== 'late') continue;
            }
            if (load.marking === 'none') continue;
            if (!isTest && !faker.datatype.boolean(load.marking === 'pass_fail' ? 0.1 : 0.22)) continue;
            const type = isTest
              ? test
              : faker.helpers.weightedArrayElement([
                  { weight: 4, value: everyday[0]! },
                  { weight: 4, value: everyday[1]! },
                  { weight: 2, value: everyday[2]! },
                  { weight: 1, value: everyday[3]! },
                ]);
            const value =
              load.marking === 'pass_fail'
                ? faker.datatype.boolean(0.95)
                  ? 'зач'
                  : 'незач'
                : String(
                    Math.min(
                      5,
                      Math.max(
                        2,
                        Math.round(
                          (ability.get(studentId) ?? 4) +
                            faker.number.float({ min: -1, max: 1 }) * (isTest ? 1.1 : 0.8),
                        ),
                      ),
                    ),
                  );
            db.run(insertMark, {
              lessonId,
              studentId,
              value: value as MarkValue,
              workTypeId: type.id,
              weight: type.weight,
              by: load.teacherId,
              at,
            });
            marks++;
          }
        }
      });
    }
  }
  return { lessons, marks, absences };
}
