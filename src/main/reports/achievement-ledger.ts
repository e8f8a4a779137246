import type { z } from 'zod';
import type { AchievementLedgerParams } from '../../shared/reports/contract';
import type { Report, ReportColumn, ReportTable } from '../../shared/reports/report';
import type { Database } from '../db/database';
import { portableFileName } from '../print/file-names';
import type { ClassRow } from '../school-year/class-row';
import { periodsOfGrade } from '../school-year/period-rows';
import { type ClassStudent, enrolledAt, figureRows, schoolName, studentsOfClasses, yearInfo } from './common';

/**
 * Сводная ведомость успеваемости (004 §6.6, domain-defaults §5): a class × its subjects, one table per
 * period and one for the year; each student's mark per subject, and under each subject the figures of
 * that column. A column counts the students enrolled in the class at the period's end (at the year's
 * end for the year marks): who left before is not on the list, who came later is.
 */

export interface ClassSubject {
  id: number;
  name: string;
  shortName: string;
}

/** The subjects of the class that get marks (not those of grade 1 or «без отметок»), in plan order. */
export function markedSubjects(db: Database, classId: number): ClassSubject[] {
  return db.all(
    db.builder
      .selectFrom('teaching_load as l')
      .innerJoin('subject as s', 's.id', 'l.subject_id')
      .select(['s.id', 's.name', 's.short_name as shortName'])
      .distinct()
      .where('l.class_id', '=', classId)
      .where('l.marking_mode', '<>', 'none')
      .orderBy('s.sort_order')
      .orderBy('s.name'),
  );
}

/** Marks of one kind by student and subject: `${studentId}:${subjectId}` → value. */
export type MarkMap = Map<string, string>;
export const markKey = (studentId: number, subjectId: number): string => `${studentId}:${subjectId}`;

/** Period marks (kind 'period') per period id, and year marks, of these students in a year. */
export function finalMarksOf(
  db: Database,
  yearId: number,
  studentIds: readonly number[],
): { byPeriod: Map<number, MarkMap>; year: MarkMap } {
  const byPeriod = new Map<number, MarkMap>();
  const year: MarkMap = new Map();
  if (studentIds.length === 0) return { byPeriod, year };
  // Two statements, each matching a partial index (final_mark_period: kind = 'period';
  // final_mark_other: kind <> 'period'): `kind IN ('period', 'year')` would match neither and scan
  // every final mark of the school for each class.
  const select = () =>
    db.builder
      .selectFrom('final_mark')
      .select([
        'student_id as studentId',
        'subject_id as subjectId',
        'kind',
        'period_id as periodId',
        'value',
      ])
      .where('academic_year_id', '=', yearId)
      .where('student_id', 'in', studentIds);
  const rows = [
    ...db.all(select().where('kind', '=', 'period')),
    ...db.all(select().where('kind', '<>', 'period').where('kind', '=', 'year')),
  ].filter((r) => r.kind === 'year' || r.periodId !== null);
  for (const r of rows) {
    let map = year;
    if (r.kind === 'period' && r.periodId !== null) {
      map = byPeriod.get(r.periodId) ?? new Map();
      byPeriod.set(r.periodId, map);
    }
    map.set(markKey(r.studentId, r.subjectId), r.value);
  }
  return { byPeriod, year };
}

function markTable(
  title: string,
  band: string,
  subjects: readonly ClassSubject[],
  students: readonly ClassStudent[],
  marks: MarkMap,
): ReportTable {
  const columns: ReportColumn[] = [
    { title: '№', kind: 'integer', width: 4 },
    { title: 'Учащийся', kind: 'text', width: 30 },
    ...subjects.map((s): ReportColumn => ({ title: s.shortName, kind: 'mark', band, width: 7 })),
  ];
  const rows = students.map((st, i) => {
    const values = subjects.map((s) => marks.get(markKey(st.id, s.id)) ?? null);
    const failing = values.some((v) => v === '2' || v === '1' || v === 'н/а' || v === 'незач');
    return { cells: [i + 1, st.name, ...values], ...(failing ? { style: 'warning' as const } : {}) };
  });
  const bySubject = subjects.map((s) => students.map((st) => marks.get(markKey(st.id, s.id)) ?? null));
  return {
    type: 'table',
    title,
    columns,
    rows: [...rows, ...figureRows(bySubject, 2)],
    note: 'Учитываются учащиеся, зачисленные в класс на конец периода; «осв» и пустые клетки не входят в число аттестованных, «н/а» входит.',
  };
}

export function achievementLedger(
  db: Database,
  cls: ClassRow,
  params: z.output<typeof AchievementLedgerParams>,
): Report {
  const year = yearInfo(db, params.yearId);
  const periods = db.all(periodsOfGrade, { yearId: year.id, grade: cls.grade });
  const subjects = markedSubjects(db, cls.id);
  const students = studentsOfClasses(db, [cls.id], year.startsOn, year.endsOn);
  const marks = finalMarksOf(
    db,
    year.id,
    students.map((s) => s.id),
  );
  const sections: ReportTable[] = periods.map((p) =>
    markTable(
      p.name,
      p.name,
      subjects,
      students.filter((s) => enrolledAt(s, p.endsOn)),
      marks.byPeriod.get(p.id) ?? new Map(),
    ),
  );
  sections.push(
    markTable(
      'Годовые отметки',
      'Год',
      subjects,
      students.filter((s) => enrolledAt(s, year.endsOn)),
      marks.year,
    ),
  );
  return {
    title: 'Сводная ведомость успеваемости',
    subtitle: [schoolName(db), `${cls.name} класс, ${year.name} учебный год`].filter(Boolean),
    orientation: subjects.length > 8 ? 'landscape' : 'portrait',
    sections,
    signatures: ['Классный руководитель', 'Заместитель директора по УВР'],
    fileName: portableFileName(`${year.name.replace('/', '-')} ${cls.name} Сводная ведомость`),
  };
}
