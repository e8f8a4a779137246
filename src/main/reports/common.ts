import { ApiError } from '../../shared/api/errors';
import { SCHOOL_WIDE_READERS } from '../../shared/auth/roles';
import { fullName } from '../../shared/i18n/names';
import { countMarks, type Figures, figuresOf } from '../../shared/reports/figures';
import type { CellValue, ReportColumn, ReportRow } from '../../shared/reports/report';
import { enrolledOn } from '../../shared/students/enrollment';
import type { Database } from '../db/database';
import type { Actor } from '../router/context';
import type { ScopeCheck } from '../router/handler';
import { type ClassRow, classRow } from '../school-year/class-row';
import { type PeriodRow, periodRow } from '../school-year/period-rows';
import { schoolOf } from '../school-year/school';

/**
 * What every report builder needs: who may read a class's reports, the class and its people, and the
 * rows of the standard figures (domain-defaults §5) so that every report prints them the same way.
 */

export const isSchoolWideReader = (actor: Actor): boolean =>
  actor.roles.some((r) => SCHOOL_WIDE_READERS.includes(r));

/** The class teacher (классный руководитель) of this class, signed in as a teacher. */
export const leadsClass = (actor: Actor, cls: Pick<ClassRow, 'classTeacherId'>): boolean =>
  actor.roles.includes('teacher') && cls.classTeacherId === actor.userId;

/** The class, when the actor may read its reports (school-wide readers; its class teacher). */
export function readableClass(db: Database, actor: Actor, classId: number, field = 'classId'): ClassRow {
  const cls = classRow(db, classId);
  if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден', field);
  if (!isSchoolWideReader(actor) && !leadsClass(actor, cls))
    throw new ApiError(
      'FORBIDDEN',
      'Отчёты по классу доступны его классному руководителю и администрации школы',
    );
  return cls;
}

/** Scope `reportClass`: the input names a class whose reports the actor may read. */
export const checkReportClassScope: ScopeCheck = (db, actor, id, field) => {
  readableClass(db, actor, id, field);
};

export interface YearInfo {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

export function yearInfo(db: Database, yearId: number): YearInfo {
  const year = db.first(
    db.builder
      .selectFrom('academic_year')
      .select(['id', 'name', 'starts_on as startsOn', 'ends_on as endsOn'])
      .where('id', '=', yearId),
  );
  if (!year) throw new ApiError('NOT_FOUND', 'Учебный год не найден', 'yearId');
  return year;
}

export type PeriodInfo = PeriodRow;

export function periodInfo(db: Database, periodId: number): PeriodInfo {
  const period = periodRow(db, periodId);
  if (!period) throw new ApiError('NOT_FOUND', 'Учебный период не найден', 'periodId');
  return period;
}

export function schoolName(db: Database): string {
  return schoolOf(db)?.name ?? '';
}

export interface ClassStudent {
  id: number;
  classId: number;
  name: string;
  spans: { from: string; to: string | null }[];
}

/**
 * The students who were in these classes at some day of from..to, each with their spans in the class,
 * sorted by name (the order of the class list).
 */
export function studentsOfClasses(
  db: Database,
  classIds: readonly number[],
  from: string,
  to: string,
): ClassStudent[] {
  if (classIds.length === 0) return [];
  const rows = db.all(
    db.builder
      .selectFrom('class_enrollment as e')
      .innerJoin('student as s', 's.id', 'e.student_id')
      .select([
        's.id',
        'e.class_id as classId',
        's.last_name as lastName',
        's.first_name as firstName',
        's.middle_name as middleName',
        'e.enrolled_on as enrolledOn',
        'e.left_on as leftOn',
      ])
      .where('e.class_id', 'in', classIds)
      .where('e.enrolled_on', '<=', to)
      .where((eb) => eb.or([eb('e.left_on', 'is', null), eb('e.left_on', '>=', from)]))
      .orderBy('s.last_name')
      .orderBy('s.first_name')
      .orderBy('s.id'),
  );
  const byKey = new Map<string, ClassStudent>();
  for (const r of rows) {
    const key = `${r.classId}:${r.id}`;
    let s = byKey.get(key);
    if (!s) {
      s = { id: r.id, classId: r.classId, name: fullName(r), spans: [] };
      byKey.set(key, s);
    }
    s.spans.push({ from: r.enrolledOn, to: r.leftOn });
  }
  return [...byKey.values()];
}

/** Whether the student is in the class on `day` (the day a period's marks are counted: its end). */
export const enrolledAt = (s: ClassStudent, day: string): boolean => enrolledOn(s.spans, day);

/** The standard figures as cells: N, успеваемость, качество, СОУ, средний балл. */
export function figureCells(f: Figures): CellValue[] {
  return [f.counted, f.successPct, f.qualityPct, f.sou, f.average];
}

export const FIGURE_COLUMNS: ReportColumn[] = [
  { title: 'Аттестовано', kind: 'integer' },
  { title: 'Успеваемость, %', kind: 'percent' },
  { title: 'Качество, %', kind: 'percent' },
  { title: 'СОУ, %', kind: 'percent' },
  { title: 'Средний балл', kind: 'decimal' },
];

/**
 * The totals rows under a table of marks (one column per subject): for each column, the figures of
 * its marks. `labelCells` is how many leading cells the label spans (№ and the name).
 */
export function figureRows(
  columns: readonly (readonly (string | null)[])[],
  labelCells: number,
): ReportRow[] {
  const figures = columns.map((marks) => figuresOf(countMarks(marks)));
  const row = (label: string, pick: (f: Figures) => number | null): ReportRow => ({
    cells: [...Array.from({ length: labelCells - 1 }, () => null), label, ...figures.map(pick)],
    style: 'total',
  });
  return [
    row('Аттестовано учащихся', (f) => f.counted),
    row('Успеваемость, %', (f) => f.successPct),
    row('Качество, %', (f) => f.qualityPct),
    row('СОУ, %', (f) => f.sou),
    row('Средний балл', (f) => f.average),
  ];
}
