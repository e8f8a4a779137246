import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { ApiError } from '../../shared/api/errors';
import { SCHOOL_WIDE_READERS } from '../../shared/auth/roles';
import type { DynamicsParams } from '../../shared/reports/control-contract';
import { countMarks, figuresOf } from '../../shared/reports/figures';
import type { CellValue, Report, ReportChart, ReportColumn, ReportRow } from '../../shared/reports/report';
import { type Builder, type Database, prepared } from '../db/database';
import type { Schema } from '../db/schema';
import type { Actor, AuthedContext } from '../router/context';
import { type ClassRow, classRow } from '../school-year/class-row';
import { periodsOfGrade } from '../school-year/period-rows';
import { findYear } from '../school-year/school';

/**
 * Динамика среднего балла (004 §6.2): how the average of the period marks (четвертные, триместровые
 * отметки) moves from period to period, either of one class (over all its subjects, and per subject)
 * or of one subject across the classes of a parallel (one line per class). The average is
 * figuresOf(countMarks(...)).average, the same средний балл as the ledgers and the results report.
 *
 * A period mark counts for a class when its student was in the class on the period's last day, so a
 * student who moved between classes counts where they finished the period.
 */

interface PeriodRow {
  id: number;
  name: string;
}

interface MarkRow {
  periodId: number;
  classId: number;
  subjectId: number;
  value: string;
}

/** The class, when it belongs to that year. */
function classOfYear(db: Database, classId: number, yearId: number): ClassRow {
  const row = classRow(db, classId);
  if (!row || row.yearId !== yearId)
    throw new ApiError('NOT_FOUND', 'Класс не найден в этом учебном году', 'classId');
  return row;
}

/**
 * Period marks of the year of the classes `classesOf` picks, each with the class its student was in
 * on the period's last day. Subjects are those the class is taught (its teaching loads).
 */
function periodMarksOf(
  classesOf: (eb: ExpressionBuilder<Schema & { e: Schema['class_enrollment'] }, 'e'>) => Expression<SqlBool>,
) {
  return (db: Builder) =>
    db
      .selectFrom('class_enrollment as e')
      .innerJoin('final_mark as f', 'f.student_id', 'e.student_id')
      .innerJoin('period as p', 'p.id', 'f.period_id')
      .select(['f.period_id as periodId', 'e.class_id as classId', 'f.subject_id as subjectId', 'f.value'])
      .$narrowType<{ periodId: number }>() // the inner join to period: never null here
      .where(classesOf)
      .where('f.kind', '=', 'period')
      .whereRef('e.enrolled_on', '<=', 'p.ends_on')
      .where((eb) => eb.or([eb('e.left_on', 'is', null), eb('e.left_on', '>=', eb.ref('p.ends_on'))]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('teaching_load as t')
            .select('t.id')
            .whereRef('t.class_id', '=', 'e.class_id')
            .whereRef('t.subject_id', '=', 'f.subject_id'),
        ),
      );
}

const classMarks = prepared<{ yearId: number; classId: number }>()((db, p) =>
  periodMarksOf((eb) => eb('e.class_id', '=', p.classId))(db).where('f.academic_year_id', '=', p.yearId),
);

const parallelMarks = prepared<{ yearId: number; grade: number; subjectId: number }>()((db, p) =>
  periodMarksOf((eb) =>
    eb(
      'e.class_id',
      'in',
      eb
        .selectFrom('class as c')
        .select('c.id')
        .where('c.academic_year_id', '=', p.yearId)
        .where('c.grade', '=', p.grade),
    ),
  )(db)
    .where('f.academic_year_id', '=', p.yearId)
    .where('f.subject_id', '=', p.subjectId),
);

const averageOf = (values: string[]): number | null => figuresOf(countMarks(values)).average;

/** One series per key: the average of each period's marks of that key. */
function seriesOf(
  marks: MarkRow[],
  periods: PeriodRow[],
  keyOf: (m: MarkRow) => number,
): Map<number, (number | null)[]> {
  const grouped = new Map<number, Map<number, string[]>>();
  for (const m of marks) {
    const byPeriod = grouped.get(keyOf(m)) ?? new Map<number, string[]>();
    grouped.set(keyOf(m), byPeriod);
    const list = byPeriod.get(m.periodId) ?? [];
    list.push(m.value);
    byPeriod.set(m.periodId, list);
  }
  const out = new Map<number, (number | null)[]>();
  for (const [key, byPeriod] of grouped)
    out.set(
      key,
      periods.map((p) => averageOf(byPeriod.get(p.id) ?? [])),
    );
  return out;
}

/** Every subject of the school (a short list): names and the curriculum's order. */
const allSubjects = prepared()((db) =>
  db.selectFrom('subject').select(['id', 'name', 'sort_order as order']),
);

function subjectNames(db: Database): Map<number, { name: string; order: number }> {
  return new Map(db.all(allSubjects).map((r) => [r.id, { name: r.name, order: r.order }]));
}

const NOTE =
  'Средний балл — среднее арифметическое отметок за период «5»…«1» учеников, числившихся в классе на последний день периода; «зач», «осв» и «н/а» в нём не участвуют. Пустая ячейка — отметок за период нет.';

function table(
  title: string,
  periods: PeriodRow[],
  rows: { name: string; values: CellValue[]; total?: boolean }[],
) {
  const columns: ReportColumn[] = [
    { title: 'Ряд', kind: 'text', width: 28 },
    ...periods.map((p): ReportColumn => ({ title: p.name, kind: 'decimal', width: 10 })),
  ];
  return {
    type: 'table' as const,
    title,
    columns,
    rows: rows.map(
      (r): ReportRow =>
        r.total ? { cells: [r.name, ...r.values], style: 'total' } : { cells: [r.name, ...r.values] },
    ),
    note: NOTE,
  };
}

const safe = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

/** The report for one class: the class's average over all subjects, then one line per subject. */
function classDynamics(db: Database, yearId: number, classId: number): Report {
  const year = findYear(db, yearId);
  const cls = classOfYear(db, classId, yearId);
  const periods = db.all(periodsOfGrade, { yearId, grade: cls.grade });
  const marks = db.all(classMarks, { yearId, classId });
  const overall = periods.map((p) => averageOf(marks.filter((m) => m.periodId === p.id).map((m) => m.value)));
  const bySubject = seriesOf(marks, periods, (m) => m.subjectId);
  const names = subjectNames(db);
  const subjects = [...bySubject.entries()]
    .map(([id, values]) => ({ name: names.get(id)?.name ?? '', order: names.get(id)?.order ?? 0, values }))
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'ru'));
  const classLine = `${cls.name}: все предметы`;
  const chart: ReportChart = {
    type: 'chart',
    title: `Средний балл ${cls.name} класса по периодам`,
    points: periods.map((p) => p.name),
    series: [{ name: classLine, values: overall }],
    min: 2,
    max: 5,
  };
  return {
    title: 'Динамика среднего балла',
    subtitle: [`Класс: ${cls.name}`, `Учебный год: ${year.name}`],
    orientation: 'landscape',
    sections: [
      chart,
      table('Средний балл по предметам', periods, [
        { name: classLine, values: overall, total: true },
        ...subjects.map((s) => ({ name: s.name, values: s.values })),
      ]),
    ],
    signatures: ['Заместитель директора'],
    fileName: safe(`${year.name} ${cls.name} динамика среднего балла`),
  };
}

/** The classes of a parallel the subject is taught in. */
const classesTeaching = prepared<{ yearId: number; grade: number; subjectId: number }>()((db, p) =>
  db
    .selectFrom('class')
    .select(['id', 'name'])
    .where('academic_year_id', '=', p.yearId)
    .where('grade', '=', p.grade)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('teaching_load as t')
          .select('t.id')
          .whereRef('t.class_id', '=', 'class.id')
          .where('t.subject_id', '=', p.subjectId),
      ),
    )
    .orderBy('letter'),
);

/** The report for one subject across a parallel: one line per class. */
function subjectDynamics(db: Database, yearId: number, subjectId: number, grade: number): Report {
  const year = findYear(db, yearId);
  const subject = subjectNames(db).get(subjectId);
  if (!subject) throw new ApiError('NOT_FOUND', 'Предмет не найден', 'subjectId');
  const classes = db.all(classesTeaching, { yearId, grade, subjectId });
  if (classes.length === 0) {
    throw new ApiError(
      'NOT_FOUND',
      `В ${grade}-х классах этого года предмет «${subject.name}» не ведётся`,
      'grade',
    );
  }
  const periods = db.all(periodsOfGrade, { yearId, grade });
  const marks = db.all(parallelMarks, { yearId, grade, subjectId });
  const byClass = seriesOf(marks, periods, (m) => m.classId);
  const parallel = periods.map((p) =>
    averageOf(marks.filter((m) => m.periodId === p.id).map((m) => m.value)),
  );
  const lines = classes.map((c) => ({ name: c.name, values: byClass.get(c.id) ?? periods.map(() => null) }));
  return {
    title: 'Динамика среднего балла',
    subtitle: [`Предмет: ${subject.name}`, `Параллель: ${grade}-е классы`, `Учебный год: ${year.name}`],
    orientation: 'landscape',
    sections: [
      {
        type: 'chart',
        title: `${subject.name}: средний балл ${grade}-х классов по периодам`,
        points: periods.map((p) => p.name),
        series: lines,
        min: 2,
        max: 5,
      },
      table('Средний балл по классам', periods, [
        ...lines,
        { name: `Параллель ${grade}-х классов`, values: parallel, total: true },
      ]),
    ],
    signatures: ['Заместитель директора'],
    fileName: safe(`${year.name} ${grade} параллель ${subject.name} динамика`),
  };
}

/** The builder reports.export calls: (db, params) → Report, access already checked. */
export function dynamicsReport(db: Database, params: DynamicsParams): Report {
  return 'classId' in params
    ? classDynamics(db, params.yearId, params.classId)
    : subjectDynamics(db, params.yearId, params.subjectId, params.grade);
}

/**
 * Who may see which dynamics (the input has two shapes, so the check is here rather than a router
 * scope): the administration any; a class teacher their class's; a teacher a subject they teach in
 * that parallel of that year.
 */
export function assertDynamicsAccess(db: Database, actor: Actor, params: DynamicsParams): void {
  if (actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r))) return;
  if (!actor.roles.includes('teacher')) throw new ApiError('FORBIDDEN', 'Нет доступа к отчёту');
  if ('classId' in params) {
    const cls = classOfYear(db, params.classId, params.yearId);
    if (cls.classTeacherId !== actor.userId) {
      throw new ApiError('FORBIDDEN', 'Динамику класса видит его классный руководитель и администрация');
    }
    return;
  }
  const teaches = db.all(
    db.builder
      .selectFrom('teaching_load as t')
      .innerJoin('class as c', 'c.id', 't.class_id')
      .select('t.id')
      .where('t.academic_year_id', '=', params.yearId)
      .where('t.subject_id', '=', params.subjectId)
      .where('t.teacher_id', '=', actor.userId)
      .where('c.grade', '=', params.grade)
      .limit(1),
  );
  if (teaches.length === 0) {
    throw new ApiError('FORBIDDEN', 'Динамику по предмету видит учитель, который ведёт его в этой параллели');
  }
}

export function dynamics(ctx: AuthedContext, input: DynamicsParams): Report {
  assertDynamicsAccess(ctx.db, ctx.actor, input);
  return dynamicsReport(ctx.db, input);
}
