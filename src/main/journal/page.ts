import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import type { JournalPage } from '../../shared/journal/schemas';
import type { EnrolledKind, LeftKind } from '../../shared/students/enrollment';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { inClassDuring } from '../school-year/enrollment';
import { gradingRules } from '../school-year/school';
import { canWriteLoad, gaveInSubstitution } from './access';
import { loadRow, summary } from './loads';
import { notePageView } from './page-views';

/** A journal page (страница предмета): students, lessons, marks and absences of one load and period. */

const collator = new Intl.Collator('ru-RU');

/** The periods of the class's grade, each closed or not for this class (period_closure, 0014). */
const periodsOf = prepared<{ yearId: number; grade: number; classId: number }>()((db, p) =>
  db
    .selectFrom('period as p')
    .leftJoin('period_closure as pc', (j) =>
      j.onRef('pc.period_id', '=', 'p.id').on('pc.class_id', '=', p.classId).on('pc.reopened_at', 'is', null),
    )
    .select(['p.id', 'p.name', 'p.starts_on as startsOn', 'p.ends_on as endsOn', 'pc.closed_at'])
    .where('p.academic_year_id', '=', p.yearId)
    .where('p.grade_from', '<=', p.grade)
    .where('p.grade_to', '>=', p.grade)
    .orderBy('p.starts_on'),
);

/** A student's row per enrollment overlapping the page: several when they left and came back. */
const rosterColumns = [
  's.id',
  's.last_name as lastName',
  's.first_name as firstName',
  's.middle_name as middleName',
  'e.enrolled_on as from',
  'e.left_on as to',
  'e.enrolled_kind as enrolledKind',
  'e.left_kind as leftKind',
] as const;

const rosterOfClass = prepared<{ classId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('student as s', 's.id', 'e.student_id')
    .select(rosterColumns)
    .where('e.class_id', '=', p.classId)
    .where((eb) => inClassDuring(eb, 'e', p.from, p.to)),
);

const rosterOfGroup = prepared<{ classId: number; groupId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('student as s', 's.id', 'e.student_id')
    .innerJoin('group_member as gm', (j) =>
      j.onRef('gm.student_id', '=', 's.id').on('gm.group_id', '=', p.groupId),
    )
    .select(rosterColumns)
    .where('e.class_id', '=', p.classId)
    .where((eb) => inClassDuring(eb, 'e', p.from, p.to)),
);

const lessonsOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('lesson')
    .select(['id', 'date', 'number', 'topic', 'homework', 'version', 'cancel_reason as cancelReason'])
    .select('work_type_id as workTypeId')
    .select('attendance_taken_at as attendanceTakenAt')
    .select('teacher_id as givenBy')
    .select((eb) => eb('cancelled_at', 'is not', null).as('cancelled'))
    .where('load_id', '=', p.loadId)
    .where('date', '>=', p.from)
    .where('date', '<=', p.to)
    .orderBy('date')
    .orderBy('number'),
);

const marksOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('mark as m')
    .innerJoin('lesson as s', 's.id', 'm.lesson_id')
    .select([
      'm.id',
      'm.lesson_id as lessonId',
      'm.student_id as studentId',
      'm.slot',
      'm.value',
      'm.work_type_id as workTypeId',
      'm.weight',
      (eb) => eb.fn.coalesce('m.comment', eb.val('')).as('comment'),
      'm.version',
      'm.retaken_on as retakenOn',
    ])
    .where('s.load_id', '=', p.loadId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to)
    .orderBy('m.slot'),
);

const absencesOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('absence as a')
    .innerJoin('lesson as s', 's.id', 'a.lesson_id')
    .select([
      'a.id',
      'a.lesson_id as lessonId',
      'a.student_id as studentId',
      'a.code',
      'a.minutes_late as minutesLate',
      'a.version',
    ])
    .where('s.load_id', '=', p.loadId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to),
);

const owedOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('owed_work as o')
    .innerJoin('lesson as s', 's.id', 'o.lesson_id')
    .select([
      'o.id',
      'o.lesson_id as lessonId',
      'o.student_id as studentId',
      'o.due_on as dueOn',
      'o.version',
    ])
    .where('s.load_id', '=', p.loadId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to),
);

const activeWorkTypes = prepared()((db) =>
  db
    .selectFrom('work_type')
    .select(['id', 'name', 'weight'])
    .where('archived_at', 'is', null)
    .orderBy('sort_order'),
);

export function page(ctx: AuthedContext, input: ParsedInput<'journal.page'>): Output<'journal.page'> {
  const { db } = ctx;
  const load = loadRow(db, input.loadId);
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', 'loadId');
  const periods = db.all(periodsOf, { yearId: load.yearId, grade: load.grade, classId: load.classId });
  if (periods.length === 0) throw new ApiError('NOT_FOUND', 'Для этого класса не заданы учебные периоды');
  let period = periods[0]!;
  if (input.periodId !== undefined) {
    const chosen = periods.find((p) => p.id === input.periodId);
    if (!chosen) throw new ApiError('VALIDATION', 'Этот учебный период не относится к классу', 'periodId');
    period = chosen;
  } else {
    const today = localIsoDate(ctx.now);
    period = periods.filter((p) => p.startsOn <= today).at(-1) ?? period;
  }
  const range = input.wholeYear
    ? { loadId: load.loadId, from: load.yearStartsOn, to: load.yearEndsOn }
    : { loadId: load.loadId, from: period.startsOn, to: period.endsOn };
  const enrollments =
    load.groupId === null
      ? db.all(rosterOfClass, { classId: load.classId, from: range.from, to: range.to })
      : db.all(rosterOfGroup, {
          classId: load.classId,
          groupId: load.groupId,
          from: range.from,
          to: range.to,
        });
  const students = byStudent(enrollments);
  students.sort(
    (a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName),
  );
  const workTypes = db.all(activeWorkTypes);
  const rules = gradingRules(db);
  // Written after this read, in its own write (page-views.ts): the page is served either way.
  notePageView(db, { loadId: load.loadId, userId: ctx.actor.userId, now: ctx.now });
  return {
    load: {
      ...summary(load, canWriteLoad(ctx.actor, load)),
      markingMode: load.markingMode,
      academicYear: load.yearName,
    },
    periods: periods.map((p) => ({
      id: p.id,
      name: p.name,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      closed: p.closed_at !== null,
    })),
    periodId: input.wholeYear ? null : period.id,
    range: { from: range.from, to: range.to },
    students,
    lessons: db.all(lessonsOf, range).map(({ givenBy, ...l }) => ({
      ...l,
      cancelled: l.cancelled === 1,
      // Given in a замена by the caller, who is not the page's teacher: theirs to write.
      givenByMe: gaveInSubstitution(ctx.actor, { givenBy, loadTeacherId: load.teacherId }),
    })),
    marks: db.all(marksOf, range),
    absences: db.all(absencesOf, range),
    owed: db.all(owedOf, range),
    workTypes,
    defaultWorkTypeId: defaultWorkType(db, workTypes),
    allowOne: rules.allowOne,
    rules,
  };
}

/** One row per student with the spans of their enrollments in the class, in date order. */
function byStudent(
  rows: {
    id: number;
    lastName: string;
    firstName: string;
    middleName: string | null;
    from: string;
    to: string | null;
    enrolledKind: EnrolledKind;
    leftKind: LeftKind | null;
  }[],
) {
  const students = new Map<number, JournalPage['students'][number]>();
  for (const { from, to, enrolledKind, leftKind, ...name } of rows) {
    const s = students.get(name.id) ?? { ...name, enrolled: [] };
    s.enrolled.push({ from, to, enrolledKind, leftKind });
    students.set(name.id, s);
  }
  for (const s of students.values()) s.enrolled.sort((a, b) => a.from.localeCompare(b.from));
  return [...students.values()];
}

export function defaultWorkType(
  db: Database,
  active: { id: number; name: string }[] = db.all(activeWorkTypes),
): number {
  const first = active[0];
  if (!first) throw new ApiError('NOT_FOUND', 'В школе не заданы виды работ');
  return first.id;
}
