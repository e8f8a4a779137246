import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import { formatMonth } from '../../shared/i18n/dates';
import {
  ABSENCE_CODES,
  ABSENCE_LABELS,
  type AbsenceCode,
  isMissedLesson,
} from '../../shared/journal/attendance';
import type { AttendanceParams } from '../../shared/reports/contract';
import type { Report, ReportColumn, ReportRow, ReportTable } from '../../shared/reports/report';
import type { Database } from '../db/database';
import type { Actor } from '../router/context';
import {
  type ClassStudent,
  isSchoolWideReader,
  readableClass,
  safeFileName,
  schoolName,
  studentsOfClasses,
  yearInfo,
} from './common';

/**
 * Посещаемость (004 §6.6): lessons missed in a month by reason — Н (без уважительной причины), Б
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

const monthRange = (month: string): { from: string; to: string } => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
};

export function attendance(db: Database, actor: Actor, params: z.output<typeof AttendanceParams>): Report {
  const year = yearInfo(db, params.yearId);
  const { from, to } = monthRange(params.month);
  if (to < year.startsOn || from > year.endsOn)
    throw new ApiError('VALIDATION', `Месяц не входит в ${year.name} учебный год`, 'month');
  const monthName = formatMonth(Number(params.month.slice(0, 4)), Number(params.month.slice(5)));
  const sections: ReportTable[] = [];
  let scope: string;
  if (params.classId !== undefined) {
    const cls = readableClass(db, actor, params.classId);
    if (cls.yearId !== year.id)
      throw new ApiError('VALIDATION', 'Класс относится к другому учебному году', 'classId');
    const students = studentsOfClasses(db, [cls.id], from, to);
    sections.push(
      studentAttendanceTable(`${cls.name} класс, ${monthName}`, students, absencesOf(db, [cls.id], from, to)),
    );
    scope = `${cls.name} класс`;
  } else {
    if (!isSchoolWideReader(actor))
      throw new ApiError(
        'FORBIDDEN',
        'Сводка посещаемости по школе доступна администрации школы; выберите свой класс',
      );
    const classes = db.all(
      db.builder
        .selectFrom('class')
        .select(['id', 'name'])
        .where('academic_year_id', '=', year.id)
        .orderBy('grade')
        .orderBy('letter'),
    );
    const counts = absencesOf(
      db,
      classes.map((c) => c.id),
      from,
      to,
    );
    const perClass = classes.map((c) =>
      sumCounts([...counts.entries()].filter(([k]) => k.startsWith(`${c.id}:`)).map(([, v]) => v)),
    );
    sections.push({
      type: 'table',
      title: `Посещаемость по классам, ${monthName}`,
      columns: [{ title: 'Класс', kind: 'text', width: 12 }, ...ATTENDANCE_COLUMNS],
      rows: [
        ...classes.map((c, i): ReportRow => ({ cells: [c.name, ...attendanceCells(perClass[i]!)] })),
        { cells: ['Всего по школе', ...attendanceCells(sumCounts(perClass))], style: 'total' },
      ],
      note: 'Н — без уважительной причины, Б — по болезни, УП — по уважительной причине, ОП — опоздания (в «всего» не входят).',
    });
    scope = 'Вся школа';
  }
  return {
    title: 'Посещаемость',
    subtitle: [schoolName(db), `${monthName}, ${year.name} учебный год`, scope].filter(Boolean),
    orientation: 'portrait',
    sections,
    signatures: params.classId !== undefined ? ['Классный руководитель'] : ['Заместитель директора по УВР'],
    fileName: safeFileName(`${params.month} ${scope} Посещаемость`),
  };
}
