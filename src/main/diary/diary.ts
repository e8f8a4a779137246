import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { DiaryWeek } from '../../shared/diary/schemas';
import { addDays, localIsoDate, mondayOf } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import { forecastPeriodMark, weightedAverage } from '../../shared/journal/grading';
import { studentIdsOf } from '../auth/family';
import { type Builder, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { inClassDuring } from '../school-year/enrollment';
import { periodsOfGrade } from '../school-year/period-rows';
import { currentYear, gradingRules, outsideYear, yearOf } from '../school-year/school';
import { canReadStudentDiary } from './access';
import { owedWorks } from './owed';

/** The student's diary (дневник) as parents and students see it. */

const studentById = prepared<{ id: number }>()((db, p) =>
  db.selectFrom('student').select(['id', 'last_name', 'first_name', 'middle_name']).where('id', '=', p.id),
);

const classOnDate = prepared<{ studentId: number; yearId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('class as c', 'c.id', 'e.class_id')
    .select(['c.id', 'c.name', 'c.grade'])
    .where('e.student_id', '=', p.studentId)
    .where('c.academic_year_id', '=', p.yearId)
    .where((eb) => inClassDuring(eb, 'e', p.from, p.to))
    .orderBy('e.enrolled_on', 'desc')
    .limit(1),
);

/**
 * The week's lessons, marks and absences are all found from the student's class of that year: its
 * loads (teaching_load_class), each load's lessons of the week (lesson's (load_id, date, number) key),
 * then the student's mark and absence of each lesson (their (lesson_id, student_id) keys). So a week
 * costs the same whether the file keeps one year or ten (EXPLAIN QUERY PLAN in plans.test.ts);
 * marks by student_id alone would read every year's marks of the student, lessons by date the whole
 * school's week. A mark on a lesson of another class is not shown anyway: the diary shows the lessons
 * of the student's class.
 */
// CROSS JOIN: SQLite keeps the left table the outer loop (its documented way to fix a join order;
// elsewhere it is a plain join). Left to itself the planner starts from mark_student / absence_student
// (student_id alone, every year's rows) because it cannot know that a class has few loads.
const weekOfClass = (db: Builder, p: { classId: number; from: string; to: string }) =>
  db
    .selectFrom('teaching_load as l')
    .crossJoin('lesson as s')
    .whereRef('s.load_id', '=', 'l.id')
    .where('l.class_id', '=', p.classId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to);

/** Lessons of the student's class in a date range: whole-class loads and the groups the student is in. */
const lessonsOfStudent = prepared<{ classId: number; studentId: number; from: string; to: string }>()(
  (db, p) =>
    weekOfClass(db, p)
      .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
      .select(['s.id', 's.date', 's.number', 's.topic', 's.homework', 'sub.name as subject'])
      .where((eb) =>
        eb.or([
          eb('l.group_id', 'is', null),
          eb.exists(
            eb
              .selectFrom('group_member as gm')
              .select('gm.student_id')
              .whereRef('gm.group_id', '=', 'l.group_id')
              .where('gm.student_id', '=', p.studentId),
          ),
        ]),
      )
      .orderBy('s.date')
      .orderBy('s.number'),
);

const marksOfStudent = prepared<{ classId: number; studentId: number; from: string; to: string }>()((db, p) =>
  weekOfClass(db, p)
    .crossJoin('mark as m')
    .whereRef('m.lesson_id', '=', 's.id')
    .where('m.student_id', '=', p.studentId)
    .innerJoin('work_type as w', 'w.id', 'm.work_type_id')
    .select(['m.lesson_id as lessonId', 'm.value', 'w.name as workType', 'm.weight'])
    .orderBy('m.slot'),
);

const absencesOfStudent = prepared<{ classId: number; studentId: number; from: string; to: string }>()(
  (db, p) =>
    weekOfClass(db, p)
      .crossJoin('absence as a')
      .whereRef('a.lesson_id', '=', 's.id')
      .where('a.student_id', '=', p.studentId)
      .select(['a.lesson_id as lessonId', 'a.code']),
);

/** The student's current marks of a period by subject, for the average and the forecast (001 ЭД §2). */
const periodMarksOfStudent = prepared<{ classId: number; studentId: number; from: string; to: string }>()(
  (db, p) =>
    weekOfClass(db, p)
      .crossJoin('mark as m')
      .whereRef('m.lesson_id', '=', 's.id')
      .where('m.student_id', '=', p.studentId)
      .select(['l.subject_id as subjectId', 'm.value', 'm.weight']),
);

/** The week's queries, for the test that reads their plans. */
export const weekQueries = { lessonsOfStudent, marksOfStudent, absencesOfStudent, periodMarksOfStudent };

const bellsOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('bell_schedule as s')
    .innerJoin('bell as b', 'b.schedule_id', 's.id')
    .select([
      's.grade_from as gradeFrom',
      's.grade_to as gradeTo',
      's.valid_from as validFrom',
      's.valid_to as validTo',
      'b.number',
      'b.starts_at as startsAt',
      'b.ends_at as endsAt',
    ])
    .where('s.academic_year_id', '=', p.yearId),
);

const holidaysOfWeek = prepared<{ yearId: number; grade: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('holiday')
    .select(['name', 'starts_on as startsOn', 'ends_on as endsOn'])
    .where('academic_year_id', '=', p.yearId)
    .where('grade_from', '<=', p.grade)
    .where('grade_to', '>=', p.grade)
    .where('starts_on', '<=', p.to)
    .where('ends_on', '>=', p.from),
);

type Bell = ReturnType<typeof bellsOf>[number];
function bellsOf(db: AuthedContext['db'], yearId: number) {
  return db.all(bellsOfYear, { yearId });
}

/** "08:30–09:15" for a lesson of this grade, day and number, or null when no bell is set. */
function lessonTime(bells: Bell[], grade: number, date: string, number: number): string | null {
  const bell = bells.find(
    (b) =>
      b.number === number &&
      grade >= b.gradeFrom &&
      grade <= b.gradeTo &&
      date >= b.validFrom &&
      date <= b.validTo,
  );
  return bell ? `${bell.startsAt}–${bell.endsAt}` : null;
}

function describeChild(
  ctx: Pick<AuthedContext, 'db'>,
  studentId: number,
  range: { yearId: number; from: string; to: string },
) {
  const s = ctx.db.first(studentById, { id: studentId });
  if (!s) throw new ApiError('FORBIDDEN', 'Нет доступа к дневнику этого ученика');
  const cls = ctx.db.first(classOnDate, { studentId, ...range });
  return {
    studentId,
    name: fullName({ lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name }),
    className: cls?.name ?? '',
    classId: cls?.id ?? null,
    grade: cls?.grade ?? null,
  };
}

export function children(ctx: AuthedContext): Output<'diary.children'> {
  const today = localIsoDate(ctx.now);
  const year = currentYear(ctx.db, today);
  return studentIdsOf(ctx).map((id) => {
    const { classId: _omit, ...child } = describeChild(ctx, id, {
      yearId: year?.id ?? 0,
      from: today,
      to: today,
    });
    return child;
  });
}

export function week(ctx: AuthedContext, input: ParsedInput<'diary.week'>): Output<'diary.week'> {
  const { db } = ctx;
  // Checked by the router already; checked again here so that this query can never serve another child.
  if (!canReadStudentDiary(db, ctx.actor, input.studentId)) {
    throw new ApiError('FORBIDDEN', 'Нет доступа к дневнику этого ученика', 'studentId');
  }
  return studentWeek(ctx, input.studentId, input.weekOf);
}

/**
 * A student's diary week with no access check: for `week` above after its check, and for the paper
 * diaries (бумажный дневник) the class teacher prints, whose access the router and paper.ts check.
 */
export function studentWeek(ctx: Pick<AuthedContext, 'db'>, studentId: number, weekOf: string): DiaryWeek {
  const { db } = ctx;
  const input = { studentId, weekOf };
  const monday = mondayOf(input.weekOf);
  const sunday = addDays(monday, 6);
  const year = yearOf(db, input.weekOf) ?? yearOf(db, monday) ?? yearOf(db, addDays(monday, 4));
  if (!year) {
    const nearest = currentYear(db, input.weekOf);
    if (!nearest) throw new ApiError('NOT_FOUND', 'В школе ещё не задан учебный год');
    throw outsideYear(input.weekOf, nearest, 'weekOf');
  }
  const child = describeChild(ctx, input.studentId, { yearId: year.id, from: monday, to: sunday });
  const range = { classId: child.classId ?? 0, studentId: input.studentId, from: monday, to: sunday };
  const inClass = child.classId !== null;
  const lessons = inClass ? db.all(lessonsOfStudent, range) : [];
  const marks = new Map<number, DiaryWeek['days'][number]['lessons'][number]['marks']>();
  for (const m of inClass ? db.all(marksOfStudent, range) : []) {
    const list = marks.get(m.lessonId) ?? [];
    list.push({ value: m.value, workType: m.workType, weight: m.weight });
    marks.set(m.lessonId, list);
  }
  const absences = new Map(inClass ? db.all(absencesOfStudent, range).map((a) => [a.lessonId, a.code]) : []);
  const bells = bellsOf(db, year.id);
  const holidays =
    child.grade === null
      ? []
      : db.all(holidaysOfWeek, { yearId: year.id, grade: child.grade, from: monday, to: sunday });

  const days: DiaryWeek['days'] = [];
  for (let i = 0; i < 6; i++) {
    const date = addDays(monday, i);
    const dayLessons = lessons
      .filter((l) => l.date === date)
      .map((l) => ({
        number: l.number,
        time: child.grade === null ? null : lessonTime(bells, child.grade, l.date, l.number),
        subject: l.subject,
        topic: l.topic,
        homework: l.homework,
        marks: marks.get(l.id) ?? [],
        absence: absences.get(l.id) ?? null,
      }));
    const holiday = holidays.find((h) => h.startsOn <= date && h.endsOn >= date)?.name ?? null;
    // Saturday only when the school teaches on it.
    if (i < 5 || dayLessons.length > 0) days.push({ date, holiday, lessons: dayLessons });
  }
  return {
    student: { studentId: child.studentId, name: child.name, className: child.className },
    weekStart: monday,
    academicYear: { name: year.name, startsOn: year.starts_on, endsOn: year.ends_on },
    days,
    results: yearResults(db, year.id, child.classId, child.grade, input.studentId, input.weekOf),
    owed: owedWorks(db, year.id, input.studentId),
  };
}

/** Subjects the student is marked in this year (their class's pages, their groups), in the curriculum's order. */
const markedSubjectsOf = prepared<{ classId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
    .select(['sub.id', 'sub.name'])
    .distinct()
    .where('l.class_id', '=', p.classId)
    .where('l.marking_mode', '<>', 'none')
    .where((eb) =>
      eb.or([
        eb('l.group_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('group_member as gm')
            .select('gm.student_id')
            .whereRef('gm.group_id', '=', 'l.group_id')
            .where('gm.student_id', '=', p.studentId),
        ),
      ]),
    )
    .orderBy('sub.sort_order'),
);

const resultsOfStudent = prepared<{ yearId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('final_mark')
    .select(['subject_id as subjectId', 'kind', 'period_id as periodId', 'value'])
    .where('student_id', '=', p.studentId)
    .where('academic_year_id', '=', p.yearId)
    .where('kind', 'in', ['period', 'year']),
);

/**
 * The period and year marks of the year per subject (002 §5.2), as the diary shows them, and for the
 * period the shown week falls in (or the last one begun), each subject's current weighted average and
 * the forecast of its period mark (001 ЭД §2) — by the one grading module, as the journal's columns.
 */
function yearResults(
  db: AuthedContext['db'],
  yearId: number,
  classId: number | null,
  grade: number | null,
  studentId: number,
  date: string,
): DiaryWeek['results'] {
  if (classId === null || grade === null) return { periods: [], current: null, subjects: [] };
  const all = db.all(periodsOfGrade, { yearId, grade });
  const periods = all.map(({ id, name }) => ({ id, name }));
  const marks = db.all(resultsOfStudent, { yearId, studentId });
  const period = all.filter((p) => p.startsOn <= date).at(-1) ?? null;
  const current = period
    ? Map.groupBy(
        db.all(periodMarksOfStudent, { classId, studentId, from: period.startsOn, to: period.endsOn }),
        (m) => m.subjectId,
      )
    : new Map<number, { value: string; weight: number }[]>();
  const rules = gradingRules(db);
  const resultOf = (subjectId: number, kind: 'period' | 'year', periodId: number | null) =>
    (marks.find((m) => m.subjectId === subjectId && m.kind === kind && m.periodId === periodId)?.value ??
      null) as DiaryWeek['results']['subjects'][number]['year'];
  return {
    periods,
    subjects: db.all(markedSubjectsOf, { classId, studentId }).map((s) => ({
      subject: s.name,
      periods: periods.map((p) => resultOf(s.id, 'period', p.id)),
      year: resultOf(s.id, 'year', null),
      ...currentOf(current.get(s.id) ?? [], rules),
    })),
    current: period ? { id: period.id, name: period.name } : null,
  };
}

function currentOf(marks: { value: string; weight: number }[], rules: ReturnType<typeof gradingRules>) {
  const forecast = forecastPeriodMark(marks, rules);
  return {
    average: weightedAverage(marks),
    forecast: forecast ? { mark: forecast.mark, missing: forecast.missing } : null,
  };
}
