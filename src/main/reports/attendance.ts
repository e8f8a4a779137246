import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import { formatDate, formatMonth, monthRange } from '../../shared/i18n/dates';
import {
  ABSENCE_CODES,
  ABSENCE_LABELS,
  type AbsenceCode,
  isMissedLesson,
} from '../../shared/journal/attendance';
import type { AttendanceParams } from '../../shared/reports/contract';
import type { Report, ReportColumn, ReportRow, ReportTable } from '../../shared/reports/report';
import type { Database } from '../db/database';
import { portableFileName } from '../print/file-names';
import type { Actor } from '../router/context';
import { classesOfYear } from '../school-year/class-row';
import {
  type ClassStudent,
  isSchoolWideReader,
  type PeriodInfo,
  periodInfo,
  readableClass,
  schoolName,
  studentsOfClasses,
  type YearInfo,
  yearInfo,
} from './common';

/**
 * Посещаемость (004 §6.6): lessons missed in a month, a period of the year (четверть, полугодие) or the
 * whole year, by reason — Н (без уважительной причины), Б
 * (болезнь), УП (уважительная причина) — and ОП (опоздания, not a missed lesson); «всего» counts the
 * missed lessons only (isMissedLesson). For a class: one line per student; for the school: one line
 * per class, with the school's total.
 */

export const ATTENDANCE_COLUMNS: ReportColumn[] = [
  ...ABSENCE_CODES.map(
    (c): ReportColumn => ({ title: ABSENCE_LABELS[c], kind: 'integer', band: 'Пропущено уроков' }),
  ),
  { title: 'Всего', kind: 'integer', band: 'Пропущено уроков' },
];

export type CodeCounts = Record<AbsenceCode, number>;
const zero = (): CodeCounts => ({ absent: 0, ill: 0, excused: 0, late: 0 });

/** Absences per student and code in these classes' lessons between from and to (both included). */
export function absencesOf(
  db: Database,
  classIds: readonly number[],
  from: string,
  to: string,
): Map<string, CodeCounts> {
  const map = new Map<string, CodeCounts>();
  if (classIds.length === 0) return map;
  const rows = db.all(
    db.builder
      .selectFrom('absence as a')
      .innerJoin('lesson as le', 'le.id', 'a.lesson_id')
      .innerJoin('teaching_load as l', 'l.id', 'le.load_id')
      .select(['l.class_id as classId', 'a.student_id as studentId', 'a.code'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('l.class_id', 'in', classIds)
      .where('le.date', '>=', from)
      .where('le.date', '<=', to)
      .groupBy(['l.class_id', 'a.student_id', 'a.code']),
  );
  for (const r of rows) {
    const key = `${r.classId}:${r.studentId}`;
    const counts = map.get(key) ?? zero();
    counts[r.code as AbsenceCode] += Number(r.n);
    map.set(key, counts);
  }
  return map;
}

export const missedTotal = (c: CodeCounts): number =>
  ABSENCE_CODES.filter(isMissedLesson).reduce((sum, code) => sum + c[code], 0);

export const attendanceCells = (c: CodeCounts): number[] => [
  ...ABSENCE_CODES.map((code) => c[code]),
  missedTotal(c),
];

export function sumCounts(list: readonly CodeCounts[]): CodeCounts {
  const total = zero();
  for (const c of list) for (const code of ABSENCE_CODES) total[code] += c[code];
  return total;
}

/** One line per student of the class, and the class's total. */
export function studentAttendanceTable(
  title: string,
  students: readonly ClassStudent[],
  counts: Map<string, CodeCounts>,
): ReportTable {
  const per = students.map((s) => counts.get(`${s.classId}:${s.id}`) ?? zero());
  return {
    type: 'table',
    title,
    columns: [
      { title: '№', kind: 'integer', width: 4 },
      { title: 'Учащийся', kind: 'text', width: 30 },
      ...ATTENDANCE_COLUMNS,
    ],
    rows: [
      ...students.map((s, i): ReportRow => ({ cells: [i + 1, s.name, ...attendanceCells(per[i]!)] })),
      { cells: [null, 'Итого', ...attendanceCells(sumCounts(per))], style: 'total' },
    ],
    note: 'Н — без уважительной причины, Б — по болезни, УП — по уважительной причине, ОП — опоздания (в «всего» не входят).',
  };
}

/** The days the report counts, how they are named, and the period when one was chosen. */
interface Span {
  from: string;
  to: string;
  /** «ноябрь 2026», «I четверть (01.09.2026 – 25.10.2026)», «2026/2027 учебный год». */
  title: string;
  /** The start of the file name: «2026-11», «2026-2027 I четверть», «2026-2027 год». */
  fileTag: string;
  period: PeriodInfo | null;
}

function spanOf(db: Database, year: YearInfo, params: z.output<typeof AttendanceParams>): Span {
  const yearTag = year.name.replace('/', '-');
  if (params.periodId !== undefined) {
    const period = periodInfo(db, params.periodId);
    if (period.yearId !== year.id)
      throw new ApiError('VALIDATION', `Период не относится к ${year.name} учебному году`, 'periodId');
    return {
      from: period.startsOn,
      to: period.endsOn,
      title: `${period.name} (${formatDate(period.startsOn)} – ${formatDate(period.endsOn)})`,
      fileTag: `${yearTag} ${period.name}`,
      period,
    };
  }
  if (params.wholeYear)
    return {
      from: year.startsOn,
      to: year.endsOn,
      title: `${year.name} учебный год`,
      fileTag: `${yearTag} год`,
      period: null,
    };
  const month = params.month ?? '';
  const { from, to } = monthRange(month);
  if (to < year.startsOn || from > year.endsOn)
    throw new ApiError('VALIDATION', `Месяц не входит в ${year.name} учебный год`, 'month');
  const title = formatMonth(Number(month.slice(0, 4)), Number(month.slice(5)));
  return { from, to, title, fileTag: month, period: null };
}

/** Whether a period applies to a grade (a четверть of 1–9 is not a period of 10–11, who have полугодия). */
const periodFits = (period: PeriodInfo | null, grade: number) =>
  !period || (period.gradeFrom <= grade && grade <= period.gradeTo);

export function attendance(db: Database, actor: Actor, params: z.output<typeof AttendanceParams>): Report {
  const year = yearInfo(db, params.yearId);
  const span = spanOf(db, year, params);
  const { from, to } = span;
  const sections: ReportTable[] = [];
  let scope: string;
  if (params.classId !== undefined) {
    const cls = readableClass(db, actor, params.classId);
    if (cls.yearId !== year.id)
      throw new ApiError('VALIDATION', 'Класс относится к другому учебному году', 'classId');
    if (!periodFits(span.period, cls.grade))
      throw new ApiError(
        'VALIDATION',
        `Период «${span.period?.name}» не задан для ${cls.name} класса`,
        'periodId',
      );
    const students = studentsOfClasses(db, [cls.id], from, to);
    sections.push(
      studentAttendanceTable(
        `${cls.name} класс, ${span.title}`,
        students,
        absencesOf(db, [cls.id], from, to),
      ),
    );
    scope = `${cls.name} класс`;
  } else {
    if (!isSchoolWideReader(actor))
      throw new ApiError(
        'FORBIDDEN',
        'Сводка посещаемости по школе доступна администрации школы; выберите свой класс',
      );
    // For a period, the classes of its grades only: the others have periods of their own.
    const classes = db
      .all(classesOfYear, { yearId: year.id })
      .filter((c) => periodFits(span.period, c.grade));
    const counts = absencesOf(
      db,
      classes.map((c) => c.id),
      from,
      to,
    );
    const perClass = classes.map((c) =>
      sumCounts([...counts.entries()].filter(([k]) => k.startsWith(`${c.id}:`)).map(([, v]) => v)),
    );
    const grades = span.period ? ` (${span.period.gradeFrom}–${span.period.gradeTo} классы)` : '';
    sections.push({
      type: 'table',
      title: `Посещаемость по классам, ${span.title}${grades}`,
      columns: [{ title: 'Класс', kind: 'text', width: 12 }, ...ATTENDANCE_COLUMNS],
      rows: [
        ...classes.map((c, i): ReportRow => ({ cells: [c.name, ...attendanceCells(perClass[i]!)] })),
        { cells: ['Всего по школе', ...attendanceCells(sumCounts(perClass))], style: 'total' },
      ],
      note: 'Н — без уважительной причины, Б — по болезни, УП — по уважительной причине, ОП — опоздания (в «всего» не входят).',
    });
    scope = 'Вся школа';
  }
  const when = params.wholeYear ? span.title : `${span.title}, ${year.name} учебный год`;
  return {
    title: 'Посещаемость',
    subtitle: [schoolName(db), when, scope].filter(Boolean),
    orientation: 'portrait',
    sections,
    signatures: params.classId !== undefined ? ['Классный руководитель'] : ['Заместитель директора по УВР'],
    fileName: portableFileName(`${span.fileTag} ${scope} Посещаемость`),
  };
}
