import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import { fullName } from '../../shared/i18n/names';
import type { ResultsParams } from '../../shared/reports/contract';
import { countMarks, figuresOf, standingOf } from '../../shared/reports/figures';
import type { Report, ReportColumn, ReportRow, ReportTable } from '../../shared/reports/report';
import type { Database } from '../db/database';
import { portableFileName } from '../print/file-names';
import type { Actor } from '../router/context';
import { classesOfYear, classRow } from '../school-year/class-row';
import { markKey } from './achievement-ledger';
import {
  type ClassStudent,
  enrolledAt,
  FIGURE_COLUMNS,
  figureCells,
  isSchoolWideReader,
  type PeriodInfo,
  periodInfo,
  readableClass,
  schoolName,
  studentsOfClasses,
  yearInfo,
} from './common';

/**
 * Итоги успеваемости за период (004 §6.6, domain-defaults §5): per class, per parallel and for the
 * school, how many students were counted (enrolled at the period's end), отличники, хорошисты, с одной
 * «3», неуспевающие (named in a second table), and the figures of all their period marks; then per
 * subject (teaching load). A teacher who is neither a school-wide reader nor the class teacher of the
 * class asked for sees only the per-subject table of their own loads.
 */

const FAILING = new Set(['2', '1', 'н/а', 'незач']);

interface ClassRow {
  id: number;
  name: string;
  grade: number;
}

interface LoadRow {
  id: number;
  classId: number;
  className: string;
  grade: number;
  subjectId: number;
  subjectName: string;
  groupId: number | null;
  groupName: string | null;
  teacher: string;
}

/** What the actor may see of the period's results. */
interface Audience {
  /** Classes whose whole results are shown (empty: none). */
  classes: ClassRow[];
  /** Loads whose per-subject line is shown. */
  loads: LoadRow[];
}

function classesOf(db: Database, period: PeriodInfo, params: z.output<typeof ResultsParams>): ClassRow[] {
  return db
    .all(classesOfYear, { yearId: period.yearId })
    .filter(
      (c) =>
        c.grade >= period.gradeFrom &&
        c.grade <= period.gradeTo &&
        (params.classId === undefined || c.id === params.classId) &&
        (params.grade === undefined || c.grade === params.grade),
    );
}

function loadsOf(db: Database, classIds: readonly number[], teacherId: number | null): LoadRow[] {
  if (classIds.length === 0) return [];
  let q = db.builder
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('subject as s', 's.id', 'l.subject_id')
    .innerJoin('user_account as u', 'u.id', 'l.teacher_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .select([
      'l.id',
      'l.class_id as classId',
      'c.name as className',
      'c.grade',
      'l.subject_id as subjectId',
      's.name as subjectName',
      'l.group_id as groupId',
      'g.name as groupName',
      'u.last_name as lastName',
      'u.first_name as firstName',
      'u.middle_name as middleName',
    ])
    .where('l.class_id', 'in', classIds)
    .where('l.marking_mode', '<>', 'none')
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.sort_order')
    .orderBy('s.name')
    .orderBy('g.name');
  if (teacherId !== null) q = q.where('l.teacher_id', '=', teacherId);
  return db.all(q).map(({ lastName, firstName, middleName, ...l }) => ({
    ...l,
    teacher: fullName({ lastName, firstName, middleName }),
  }));
}

function audienceOf(
  db: Database,
  actor: Actor,
  period: PeriodInfo,
  params: z.output<typeof ResultsParams>,
): Audience {
  if (params.classId !== undefined) {
    const cls = readableClassOrOwnLoads(db, actor, params.classId);
    if (cls !== 'ownLoads') {
      const classes = classesOf(db, period, params);
      return {
        classes,
        loads: loadsOf(
          db,
          classes.map((c) => c.id),
          null,
        ),
      };
    }
  }
  const classes = classesOf(db, period, params);
  if (isSchoolWideReader(actor))
    return {
      classes,
      loads: loadsOf(
        db,
        classes.map((c) => c.id),
        null,
      ),
    };
  const loads = loadsOf(
    db,
    classes.map((c) => c.id),
    actor.userId,
  );
  if (loads.length === 0 && params.classId !== undefined)
    throw new ApiError(
      'FORBIDDEN',
      'Итоги по этому классу доступны его классному руководителю и администрации школы',
    );
  return { classes: [], loads };
}

/** 'ownLoads' when the actor may see only their own loads in that class; throws when the class is unknown. */
function readableClassOrOwnLoads(db: Database, actor: Actor, classId: number): 'whole' | 'ownLoads' {
  try {
    readableClass(db, actor, classId);
    return 'whole';
  } catch (e) {
    if (e instanceof ApiError && e.code === 'FORBIDDEN') return 'ownLoads';
    throw e;
  }
}

/** Period marks of these students: `${studentId}:${subjectId}` → value, and subject names. */
function periodMarks(db: Database, periodId: number, studentIds: readonly number[]) {
  const marks = new Map<string, string>();
  const byStudent = new Map<number, { subject: string; value: string }[]>();
  if (studentIds.length === 0) return { marks, byStudent };
  const rows = db.all(
    db.builder
      .selectFrom('final_mark as f')
      .innerJoin('subject as s', 's.id', 'f.subject_id')
      .select(['f.student_id as studentId', 'f.subject_id as subjectId', 's.name as subject', 'f.value'])
      .where('f.kind', '=', 'period')
      .where('f.period_id', '=', periodId)
      .where('f.student_id', 'in', studentIds)
      .orderBy('s.sort_order')
      .orderBy('s.name'),
  );
  for (const r of rows) {
    marks.set(markKey(r.studentId, r.subjectId), r.value);
    const list = byStudent.get(r.studentId) ?? [];
    list.push({ subject: r.subject, value: r.value });
    byStudent.set(r.studentId, list);
  }
  return { marks, byStudent };
}

const STANDING_COLUMNS: ReportColumn[] = [
  { title: 'Учащихся', kind: 'integer' },
  { title: 'Отличники', kind: 'integer' },
  { title: 'Хорошисты', kind: 'integer' },
  { title: 'С одной «3»', kind: 'integer' },
  { title: 'Неуспевающие', kind: 'integer' },
];

/** One line of the standings table: a class, a parallel or the school. */
function standingCells(students: readonly ClassStudent[], byStudent: Map<number, { value: string }[]>) {
  const counts = { excellent: 0, good: 0, oneThree: 0, failing: 0 };
  const all: string[] = [];
  for (const s of students) {
    const values = (byStudent.get(s.id) ?? []).map((m) => m.value);
    all.push(...values);
    const standing = standingOf(values);
    if (standing && standing !== 'other') counts[standing] += 1;
  }
  return [
    students.length,
    counts.excellent,
    counts.good,
    counts.oneThree,
    counts.failing,
    ...figureCells(figuresOf(countMarks(all))),
  ];
}

export function results(db: Database, actor: Actor, params: z.output<typeof ResultsParams>): Report {
  const period = periodInfo(db, params.periodId);
  const year = yearInfo(db, period.yearId);
  assertPeriodFits(db, period, params);
  const { classes, loads } = audienceOf(db, actor, period, params);
  const classIds = [...new Set([...classes.map((c) => c.id), ...loads.map((l) => l.classId)])];
  const students = studentsOfClasses(db, classIds, period.endsOn, period.endsOn).filter((s) =>
    enrolledAt(s, period.endsOn),
  );
  const { marks, byStudent } = periodMarks(db, period.id, [...new Set(students.map((s) => s.id))]);
  const sections: ReportTable[] = [];

  if (classes.length > 0) {
    const rows: ReportRow[] = [];
    const grades = [...new Set(classes.map((c) => c.grade))];
    for (const grade of grades) {
      const ofGrade = classes.filter((c) => c.grade === grade);
      for (const c of ofGrade)
        rows.push({
          cells: [
            c.name,
            ...standingCells(
              students.filter((s) => s.classId === c.id),
              byStudent,
            ),
          ],
        });
      if (classes.length > 1)
        rows.push({
          cells: [
            `${grade}-е классы`,
            ...standingCells(
              students.filter((s) => ofGrade.some((c) => c.id === s.classId)),
              byStudent,
            ),
          ],
          style: 'total',
        });
    }
    if (grades.length > 1)
      rows.push({ cells: ['Всего по школе', ...standingCells(students, byStudent)], style: 'total' });
    sections.push({
      type: 'table',
      title: 'Итоги по классам',
      columns: [{ title: 'Класс', kind: 'text', width: 14 }, ...STANDING_COLUMNS, ...FIGURE_COLUMNS],
      rows,
      note: 'Учащиеся — зачисленные на конец периода. Показатели посчитаны по всем отметкам за период: успеваемость — «5», «4», «3», «зач»; качество — «5» и «4»; СОУ — по весам 100/64/36/16/8, «н/а» — 7.',
    });

    const className = new Map(classes.map((c) => [c.id, c.name]));
    const failing = students
      .filter((s) => className.has(s.classId))
      .map((s) => ({ s, bad: (byStudent.get(s.id) ?? []).filter((m) => FAILING.has(m.value)) }))
      .filter((x) => x.bad.length > 0);
    sections.push({
      type: 'table',
      title: 'Неуспевающие',
      columns: [
        { title: 'Учащийся', kind: 'text', width: 30 },
        { title: 'Класс', kind: 'text', width: 8 },
        { title: 'Предметы с «2» или «н/а»', kind: 'text', width: 50 },
      ],
      rows: failing.map(({ s, bad }) => ({
        cells: [
          s.name,
          className.get(s.classId) ?? '',
          bad.map((m) => `${m.subject} (${m.value})`).join(', '),
        ],
        style: 'warning' as const,
      })),
      ...(failing.length === 0 ? { note: 'Неуспевающих нет.' } : {}),
    });
  }

  if (loads.length > 0) {
    const memberOf = groupMembers(
      db,
      loads.flatMap((l) => (l.groupId === null ? [] : [l.groupId])),
    );
    sections.push({
      type: 'table',
      title: 'Итоги по предметам',
      columns: [
        { title: 'Класс', kind: 'text', width: 8 },
        { title: 'Предмет', kind: 'text', width: 24 },
        { title: 'Учитель', kind: 'text', width: 28 },
        { title: '«5»', kind: 'integer' },
        { title: '«4»', kind: 'integer' },
        { title: '«3»', kind: 'integer' },
        { title: '«2»', kind: 'integer' },
        { title: '«н/а»', kind: 'integer' },
        ...FIGURE_COLUMNS,
      ],
      rows: loads.map((l) => {
        const values = students
          .filter(
            (s) => s.classId === l.classId && (l.groupId === null || memberOf.get(l.groupId)?.has(s.id)),
          )
          .map((s) => marks.get(markKey(s.id, l.subjectId)) ?? null);
        const counts = countMarks(values);
        const n = (v: string) => counts.byValue[v] ?? 0;
        return {
          cells: [
            l.className,
            l.groupName ? `${l.subjectName} (${l.groupName})` : l.subjectName,
            l.teacher,
            n('5'),
            n('4'),
            n('3'),
            n('2'),
            n('н/а'),
            ...figureCells(figuresOf(counts)),
          ],
        };
      }),
    });
  }

  const scopeLine =
    params.classId !== undefined && classes[0]
      ? `${classes[0].name} класс`
      : params.grade !== undefined
        ? `${params.grade}-е классы`
        : classes.length > 0
          ? 'Вся школа'
          : 'Мои предметы';
  return {
    title: 'Итоги успеваемости',
    subtitle: [schoolName(db), `${period.name}, ${year.name} учебный год`, scopeLine].filter(Boolean),
    orientation: 'landscape',
    sections,
    signatures: ['Заместитель директора по УВР'],
    fileName: portableFileName(
      `${year.name.replace('/', '-')} ${period.name} Итоги успеваемости ${scopeLine}`,
    ),
  };
}

/** A class or parallel asked for must be one the period is for (its year, its grades). */
function assertPeriodFits(db: Database, period: PeriodInfo, params: z.output<typeof ResultsParams>): void {
  const grade = params.classId !== undefined ? classRow(db, params.classId) : undefined;
  if (params.classId !== undefined && !grade) throw new ApiError('NOT_FOUND', 'Класс не найден', 'classId');
  const g = grade?.grade ?? params.grade;
  if (
    (grade && grade.yearId !== period.yearId) ||
    (g !== undefined && (g < period.gradeFrom || g > period.gradeTo))
  )
    throw new ApiError(
      'VALIDATION',
      `Период «${period.name}» не относится к ${grade ? `${grade.name} классу` : `${g}-м классам`}`,
      'periodId',
    );
}

function groupMembers(db: Database, groupIds: readonly number[]): Map<number, Set<number>> {
  const map = new Map<number, Set<number>>();
  if (groupIds.length === 0) return map;
  for (const r of db.all(
    db.builder
      .selectFrom('group_member')
      .select(['group_id', 'student_id'])
      .where('group_id', 'in', groupIds),
  )) {
    const set = map.get(r.group_id) ?? new Set();
    set.add(r.student_id);
    map.set(r.group_id, set);
  }
  return map;
}
