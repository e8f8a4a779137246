import { fakerRU as faker } from '@faker-js/faker';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { addDays, type IsoDate } from '../../shared/i18n/dates';
import {
  type FinalMarkKind,
  type FinalMarkValue,
  meanSuggestion,
  NOT_ASSESSED,
  periodSuggestion,
} from '../../shared/periods/final-marks';
import { markingModeFor } from '../../shared/school-year/curriculum-defaults';
import type { Database } from '../db/database';
import { insertFinalMark } from '../periods/final-marks';
import { periodsOfYear } from '../school-year/period-rows';
import { gradingRules } from '../school-year/school';
import type { GivenMarks } from './lessons';
import type { SchoolPlan } from './plan';

/**
 * The end of each period of a demo year that is over by `today`: the teachers set the period marks
 * the journal suggests (the one grading module, the school's rounding rule, «н/а» below the minimum
 * of marks), after the last period the year marks, the exam marks of the 9th and 11th classes and
 * their final marks; then the deputy closes the period (periods.close) for the whole school.
 */

export type DemoCall = <M extends MethodName>(
  token: string | null,
  method: M,
  input: Input<M>,
) => Promise<Output<M>>;

export interface YearEnd {
  db: Database;
  call: DemoCall;
  /** Moves the journal's clock (the router's `now`) to this moment. */
  clockAt: (iso: string) => void;
  /** A fresh session of this login at the clock's time (a session of months ago has expired). */
  signIn: (login: string) => Promise<string>;
  plan: SchoolPlan;
  yearId: number;
  today: IsoDate;
  /** The current marks fillLessons gave, by load and student. */
  given: GivenMarks;
}

/** The subjects of the ОГЭ every 9th grader sits (Russian and mathematics: algebra and geometry). */
const REQUIRED_EXAMS = ['Русский язык', 'Алгебра', 'Геометрия'];
/** The ЕГЭ in grade 11: Russian and mathematics. */
const REQUIRED_EXAMS_11 = ['Русский язык', 'Алгебра и начала математического анализа', 'Геометрия'];
/** Two of these each, by the student's choice. */
const ELECTIVE_EXAMS = [
  'Обществознание',
  'Информатика',
  'Биология',
  'География',
  'Химия',
  'Физика',
  'История',
  'Литература',
  'Иностранный язык (английский)',
];

/** The number of final marks set, by kind, and of periods closed. */
export type FinalCounts = Record<FinalMarkKind, number> & { closings: number; notAssessed: number };

/**
 * The teachers' part (the marks) is written with the statement the journal's own setFinalMark uses,
 * valued by the same functions its «Итоговые отметки» screen suggests with (periodSuggestion,
 * meanSuggestion): through the router one mark at a time, two years of a school took longer than
 * the rest of the demo together. The deputy's closing goes through the router (periods.close).
 */
export async function closeFinishedPeriods(y: YearEnd): Promise<FinalCounts> {
  const counts: FinalCounts = { period: 0, year: 0, exam: 0, final: 0, closings: 0, notAssessed: 0 };
  const { db } = y;
  const rules = gradingRules(db);
  // In the order they end: each year's last period comes after the others of its grades.
  const periods = db
    .all(periodsOfYear, { yearId: y.yearId })
    .sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.gradeFrom - b.gradeFrom);
  const lastOf = new Map<string, number>();
  for (const p of periods) lastOf.set(`${p.gradeFrom}-${p.gradeTo}`, p.id);
  // Each student's exam subjects (chosen once, kept for all their pages).
  const electives = new Map<number, Set<string>>();
  const examsOf = (studentId: number, grade: number) => {
    let chosen = electives.get(studentId);
    if (!chosen) {
      chosen = new Set(faker.helpers.arrayElements(ELECTIVE_EXAMS, 2));
      electives.set(studentId, chosen);
    }
    return new Set([...(grade === 9 ? REQUIRED_EXAMS : REQUIRED_EXAMS_11), ...chosen]);
  };
  // The period marks set so far, by load and student: the year mark is their mean.
  const periodMarks = new Map<string, string[]>();
  let session: { at: string; token: string } | undefined;

  for (const period of periods) {
    if (period.endsOn >= y.today) continue;
    const classes = y.plan.classes.filter((c) => c.grade >= period.gradeFrom && c.grade <= period.gradeTo);
    if (classes.length === 0) continue;
    const last = lastOf.get(`${period.gradeFrom}-${period.gradeTo}`) === period.id;
    // The teachers set the marks on the period's last day, after the lessons.
    const at = `${period.endsOn}T11:00:00.000Z`;
    db.bulk(() => {
      for (const cls of classes) {
        for (const load of cls.loads) {
          const mode = markingModeFor(load.subject, cls.grade);
          if (mode === 'none') continue;
          const subjectId = y.given.subjects.get(load.subject.name)!;
          const write = (studentId: number, kind: FinalMarkKind, value: FinalMarkValue) => {
            db.run(insertFinalMark, {
              yearId: y.yearId,
              subjectId,
              studentId,
              kind,
              periodId: kind === 'period' ? period.id : null,
              value,
              at,
              by: load.teacher.id!,
            });
            counts[kind]++;
            if (value === NOT_ASSESSED) counts.notAssessed++;
          };
          // «зач» where the marks are зачёт/незачёт: the suggestion is for points only.
          const earned = (suggested: string | null) =>
            (suggested ?? (mode === 'pass_fail' ? 'зач' : NOT_ASSESSED)) as FinalMarkValue;
          for (const s of load.group?.members ?? cls.students) {
            const marks = (y.given.marks.get(load.id!)?.get(s.id!) ?? []).filter(
              (m) => m.date >= period.startsOn && m.date <= period.endsOn,
            );
            const value = earned(periodSuggestion(marks, rules).suggested);
            write(s.id!, 'period', value);
            const key = `${load.id}/${s.id}`;
            periodMarks.set(key, [...(periodMarks.get(key) ?? []), value]);
            if (!last) continue;
            // The year's results: the year mark from the period marks; in 9 and 11 the exam, then the final.
            const year = earned(meanSuggestion(periodMarks.get(key)!, rules));
            write(s.id!, 'year', year);
            if (cls.grade !== 9 && cls.grade !== 11) continue;
            const points = Number(year);
            let exam: FinalMarkValue | null = null;
            if (mode === 'points' && points > 0 && examsOf(s.id!, cls.grade).has(load.subject.name)) {
              const shift = faker.helpers.weightedArrayElement([
                { weight: 2, value: -1 },
                { weight: 6, value: 0 },
                { weight: 2, value: 1 },
              ]);
              exam = String(Math.min(5, Math.max(3, points + shift))) as FinalMarkValue;
              write(s.id!, 'exam', exam);
            }
            write(s.id!, 'final', earned(meanSuggestion(exam ? [year, exam] : [year], rules)));
          }
        }
      }
    });
    // The deputy closes the period a few days later, once the marks are in (periods ending the same
    // day, quarters and half-years, in one sitting).
    const closing = `${addDays(period.endsOn, 3)}T07:00:00Z`;
    if (closing !== session?.at) {
      if (session) await y.call(session.token, 'auth.logout', {});
      y.clockAt(closing);
      session = { at: closing, token: await y.signIn('zavuch') };
    }
    await y.call(session.token, 'periods.close', { periodId: period.id, target: { scope: 'school' } });
    counts.closings++;
  }
  if (session) await y.call(session.token, 'auth.logout', {});
  return counts;
}
