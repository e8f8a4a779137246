import { ApiError } from '../../shared/api/errors';
import { periodSuggestion } from '../../shared/periods/final-marks';
import type { Report, ReportTable } from '../../shared/reports/report';
import type { Database } from '../db/database';
import { portableFileName } from '../print/file-names';
import type { Actor } from '../router/context';
import type { ClassRow } from '../school-year/class-row';
import { gradingRules } from '../school-year/school';
import { absencesOf, missedTotal, studentAttendanceTable } from './attendance';
import { enrolledAt, periodInfo, schoolName, studentsOfClasses, yearInfo } from './common';
import { results } from './results';

/**
 * Отчёт классного руководителя за период (003 §2.7–2.8): the class's results (the same tables as the
 * Итоги успеваемости of the class), its attendance over the period, and the students at risk — a «2»
 * or «н/а» period mark, a «2» (or «н/а») that the current marks suggest, or more missed lessons than
 * MISSED_SHARE of the lessons held.
 */

/** A student who missed more than this share of the class's lessons in the period is at risk. */
export const MISSED_SHARE = 0.3;

/** Current marks per student and subject in the class's lessons of the period. */
function currentMarks(db: Database, classId: number, from: string, to: string) {
  return db.all(
    db.builder
      .selectFrom('mark as m')
      .innerJoin('lesson as le', 'le.id', 'm.lesson_id')
      .innerJoin('teaching_load as l', 'l.id', 'le.load_id')
      .innerJoin('subject as s', 's.id', 'l.subject_id')
      .select(['m.student_id as studentId', 's.name as subject', 'm.value', 'm.weight'])
      .where('l.class_id', '=', classId)
      .where('l.marking_mode', '=', 'points')
      .where('le.date', '>=', from)
      .where('le.date', '<=', to)
      .orderBy('s.sort_order')
      .orderBy('s.name'),
  );
}

/** Lessons held for the whole class per student's view: the lessons of the class's loads in the range. */
function lessonsHeld(db: Database, classId: number, from: string, to: string): number {
  const row = db.first(
    db.builder
      .selectFrom('lesson as le')
      .innerJoin('teaching_load as l', 'l.id', 'le.load_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('l.class_id', '=', classId)
      .where('l.group_id', 'is', null)
      .where('le.date', '>=', from)
      .where('le.date', '<=', to),
  );
  return Number(row?.n ?? 0);
}

export function classTeacherReport(db: Database, actor: Actor, cls: ClassRow, periodId: number): Report {
  const period = periodInfo(db, periodId);
  if (period.yearId !== cls.yearId || cls.grade < period.gradeFrom || cls.grade > period.gradeTo)
    throw new ApiError('VALIDATION', `Период «${period.name}» не относится к ${cls.name} классу`, 'periodId');
  const year = yearInfo(db, period.yearId);
  const base = results(db, actor, { periodId, classId: cls.id });
  const students = studentsOfClasses(db, [cls.id], period.startsOn, period.endsOn);
  const absences = absencesOf(db, [cls.id], period.startsOn, period.endsOn);
  const sections: ReportTable[] = base.sections.filter((s): s is ReportTable => s.type === 'table');
  sections.push(studentAttendanceTable(`Посещаемость за период «${period.name}»`, students, absences));

  const rules = gradingRules(db);
  const held = lessonsHeld(db, cls.id, period.startsOn, period.endsOn);
  const periodMarks = db.all(
    db.builder
      .selectFrom('final_mark as f')
      .innerJoin('subject as s', 's.id', 'f.subject_id')
      .select(['f.student_id as studentId', 's.name as subject', 'f.value'])
      .where('f.kind', '=', 'period')
      .where('f.period_id', '=', period.id)
      .where('f.student_id', 'in', students.length ? students.map((s) => s.id) : [0]),
  );
  const current = currentMarks(db, cls.id, period.startsOn, period.endsOn);
  const risk = students
    .filter((s) => enrolledAt(s, period.endsOn))
    .map((s) => {
      const reasons: string[] = [];
      for (const m of periodMarks)
        if (m.studentId === s.id && (m.value === '2' || m.value === '1' || m.value === 'н/а'))
          reasons.push(`${m.subject}: за период «${m.value}»`);
      const marked = new Set(periodMarks.filter((m) => m.studentId === s.id).map((m) => m.subject));
      const bySubject = new Map<string, { value: string; weight: number }[]>();
      for (const m of current)
        if (m.studentId === s.id && !marked.has(m.subject))
          bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), m]);
      for (const [subject, marks] of bySubject) {
        const { average, suggested } = periodSuggestion(marks, rules);
        if (suggested === '2' || suggested === '1')
          reasons.push(
            `${subject}: средний балл ${average?.toFixed(2).replace('.', ',')}, выходит «${suggested}»`,
          );
      }
      const missed = missedTotal(
        absences.get(`${cls.id}:${s.id}`) ?? { absent: 0, ill: 0, excused: 0, late: 0 },
      );
      if (held > 0 && missed > held * MISSED_SHARE) reasons.push(`пропущено ${missed} из ${held} уроков`);
      return { s, reasons };
    })
    .filter((x) => x.reasons.length > 0);
  sections.push({
    type: 'table',
    title: 'Учащиеся группы риска',
    columns: [
      { title: 'Учащийся', kind: 'text', width: 30 },
      { title: 'Причина', kind: 'text', width: 60 },
    ],
    rows: risk.map(({ s, reasons }) => ({ cells: [s.name, reasons.join('; ')], style: 'warning' as const })),
    note:
      risk.length === 0
        ? 'Учащихся группы риска нет.'
        : `В группе риска: «2» или «н/а» за период, «2» по среднему баллу текущих отметок или пропущено больше ${Math.round(MISSED_SHARE * 100)} % уроков.`,
  });
  return {
    title: 'Отчёт классного руководителя',
    subtitle: [schoolName(db), `${cls.name} класс, ${period.name}, ${year.name} учебный год`].filter(Boolean),
    orientation: 'landscape',
    sections,
    signatures: ['Классный руководитель'],
    fileName: portableFileName(
      `${year.name.replace('/', '-')} ${cls.name} ${period.name} Отчёт классного руководителя`,
    ),
  };
}
