import { ApiError } from '../../shared/api/errors';
import type { IsoDate } from '../../shared/i18n/dates';
import { fullName, shortName } from '../../shared/i18n/names';
import { type AbsenceCode, isMissedLesson } from '../../shared/journal/attendance';
import { type EnrollmentSpan, enrolledOn, movementNote } from '../../shared/students/enrollment';
import type { Database } from '../db/database';
import { classRow } from '../school-year/class-row';
import { inClassDuring } from '../school-year/enrollment';
import { periodsOfGrade } from '../school-year/period-rows';
import { schoolOf, schoolTitle } from '../school-year/school';

/**
 * The bound class journal (классный журнал, 004 §6.6–6.7) as one plain object: everything the printed
 * book shows, read from the database in a few whole-class queries (one per table, not one per
 * subject), so a class of ~20 subjects × 35 students × 170 lessons is read in well under a second.
 * The PDF (book-pdf.ts) is built from this object alone, on another thread.
 */

export interface BookLesson {
  id: number;
  date: IsoDate;
  topic: string;
  homework: string;
  workType: string;
  cancelled: boolean;
}

export interface BookRow {
  studentId: number;
  /** «Иванова Анна». */
  name: string;
  /** «прибыл 15.01», «выбыл 12.01» when the student moved during the book's range. */
  note: string;
  /** Per lesson (the subject's `lessons` order): what the cell holds, printed as is. */
  cells: BookCell[];
}

export interface BookCell {
  /** Outside the student's time in the class (or group): the cell is closed. */
  enrolled: boolean;
  /** Mark values in slot order («4», «5», «зач»). */
  marks: string[];
  /** The absence's code; a paper journal prints «н» for any missed lesson (domain-defaults §6). */
  absence: AbsenceCode | null;
}

/** A column of final marks: a period's, the year's, the exam's, the final one. */
export interface FinalColumn {
  key: string;
  /** The grid's narrow header: «I ч.», «Год», «Экз.», «Итог». */
  title: string;
  /** The summary ledger's heading: «Отметки за I четверть», «Годовые отметки». */
  heading: string;
}

export interface BookSubject {
  loadId: number;
  subjectId: number;
  /** «Математика» or «Английский язык (1 группа)». */
  title: string;
  /** The subject's short name («Матем.») for the summary ledger's narrow columns. */
  shortTitle: string;
  teacher: string;
  lessons: BookLesson[];
  rows: BookRow[];
  /** Student id → column key → value. */
  finals: Record<number, Record<string, string>>;
}

export interface BookStudent {
  id: number;
  /** «Иванова Анна Сергеевна». */
  name: string;
  /** «Иванова Анна»: the grid's narrow name column. */
  shortName: string;
  birthDate: IsoDate | null;
  note: string;
}

export interface BookAttendance {
  studentId: number;
  name: string;
  /** Per period of `periods` (then the whole range last): lessons missed and of them by illness. */
  missed: number[];
  ill: number[];
}

export interface BookData {
  school: string;
  director: string;
  className: string;
  yearName: string;
  classTeacher: string;
  from: IsoDate;
  to: IsoDate;
  /** The one period printed, or null for the whole year. */
  period: { id: number; name: string } | null;
  periods: { id: number; name: string; from: IsoDate; to: IsoDate }[];
  finalColumns: FinalColumn[];
  subjects: BookSubject[];
  students: BookStudent[];
  attendance: BookAttendance[];
}

const collator = new Intl.Collator('ru-RU');
type NameColumns = { last_name: string; first_name: string; middle_name: string | null };
const nameOf = (p: NameColumns) => ({
  lastName: p.last_name,
  firstName: p.first_name,
  middleName: p.middle_name,
});

/** «I четверть» → «I ч.», «2 полугодие» → «2 п.»: the period's number and the first letter of its kind. */
export function shortPeriodName(name: string): string {
  const [number, kind] = name.split(' ');
  return kind ? `${number} ${kind[0]}.` : name;
}

/** A class's book for its year, or for one period of it. */
export function bookData(db: Database, input: { classId: number; periodId?: number | undefined }): BookData {
  const b = db.builder;
  const cls = classRow(db, input.classId);
  if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден', 'classId');
  const periods = db
    .all(periodsOfGrade, { yearId: cls.yearId, grade: cls.grade })
    .map((p) => ({ id: p.id, name: p.name, from: p.startsOn, to: p.endsOn }));
  let from = cls.yearStartsOn;
  let to = cls.yearEndsOn;
  let period: BookData['period'] = null;
  if (input.periodId !== undefined) {
    const chosen = periods.find((p) => p.id === input.periodId);
    if (!chosen)
      throw new ApiError('VALIDATION', 'Этот учебный период не относится к году класса', 'periodId');
    ({ from, to } = chosen);
    period = { id: chosen.id, name: chosen.name };
  }

  // Enrollments of the class over the range: one student may have several spans.
  const spans = new Map<number, { person: BookStudent; spans: EnrollmentSpan[] }>();
  for (const e of db.all(
    b
      .selectFrom('class_enrollment as e')
      .innerJoin('student as s', 's.id', 'e.student_id')
      .select(['s.id', 's.last_name', 's.first_name', 's.middle_name', 's.birth_date'])
      .select(['e.enrolled_on', 'e.left_on', 'e.enrolled_kind', 'e.left_kind'])
      .where('e.class_id', '=', cls.id)
      .where((eb) => inClassDuring(eb, 'e', from, to))
      .orderBy('e.enrolled_on'),
  )) {
    const entry = spans.get(e.id) ?? {
      person: {
        id: e.id,
        name: fullName(nameOf(e)),
        shortName: shortName(nameOf(e)),
        birthDate: e.birth_date,
        note: '',
      },
      spans: [],
    };
    entry.spans.push({
      from: e.enrolled_on,
      to: e.left_on,
      enrolledKind: e.enrolled_kind,
      leftKind: e.left_kind,
    });
    spans.set(e.id, entry);
  }
  const students = [...spans.values()]
    .map((s) => ({ ...s.person, note: movementNote(s.spans, { from, to }) }))
    .sort((x, y) => collator.compare(x.name, y.name));

  const groupMembers = new Map<number, Set<number>>();
  for (const m of db.all(
    b
      .selectFrom('group_member as gm')
      .innerJoin('class_group as g', 'g.id', 'gm.group_id')
      .select(['gm.group_id', 'gm.student_id'])
      .where('g.class_id', '=', cls.id),
  )) {
    const set = groupMembers.get(m.group_id) ?? new Set<number>();
    set.add(m.student_id);
    groupMembers.set(m.group_id, set);
  }

  const loads = db.all(
    b
      .selectFrom('teaching_load as l')
      .innerJoin('subject as s', 's.id', 'l.subject_id')
      .innerJoin('user_account as t', 't.id', 'l.teacher_id')
      .leftJoin('class_group as g', 'g.id', 'l.group_id')
      .select([
        'l.id',
        'l.subject_id',
        'l.group_id',
        's.name as subject',
        's.short_name as shortSubject',
        'g.name as groupName',
      ])
      .select(['t.last_name', 't.first_name', 't.middle_name'])
      .where('l.class_id', '=', cls.id)
      .orderBy('s.sort_order')
      .orderBy('s.name')
      .orderBy('g.name'),
  );

  const lessons = db.all(
    b
      .selectFrom('lesson as s')
      .innerJoin('teaching_load as l', 'l.id', 's.load_id')
      .leftJoin('work_type as w', 'w.id', 's.work_type_id')
      .select([
        's.id',
        's.load_id',
        's.date',
        's.topic',
        's.homework',
        's.cancelled_at',
        'w.name as workType',
      ])
      .where('l.class_id', '=', cls.id)
      .where('s.date', '>=', from)
      .where('s.date', '<=', to)
      .orderBy('s.date')
      .orderBy('s.number'),
  );
  const marks = db.all(
    b
      .selectFrom('mark as m')
      .innerJoin('lesson as s', 's.id', 'm.lesson_id')
      .innerJoin('teaching_load as l', 'l.id', 's.load_id')
      .select(['m.lesson_id', 'm.student_id', 'm.value'])
      .where('l.class_id', '=', cls.id)
      .where('s.date', '>=', from)
      .where('s.date', '<=', to)
      .orderBy('m.slot'),
  );
  const absences = db.all(
    b
      .selectFrom('absence as a')
      .innerJoin('lesson as s', 's.id', 'a.lesson_id')
      .innerJoin('teaching_load as l', 'l.id', 's.load_id')
      .select(['a.lesson_id', 'a.student_id', 'a.code', 's.date', 's.cancelled_at'])
      .where('l.class_id', '=', cls.id)
      .where('s.date', '>=', from)
      .where('s.date', '<=', to),
  );
  const finals = db.all(
    b
      .selectFrom('final_mark as f')
      .innerJoin('class_enrollment as e', 'e.student_id', 'f.student_id')
      .select(['f.subject_id', 'f.student_id', 'f.kind', 'f.period_id', 'f.value'])
      .where('e.class_id', '=', cls.id)
      .where('f.academic_year_id', '=', cls.yearId)
      .distinct(),
  );

  const cellKey = (lessonId: number, studentId: number) => lessonId * 1_000_003 + studentId;
  const marksAt = new Map<number, string[]>();
  for (const m of marks) {
    const key = cellKey(m.lesson_id, m.student_id);
    const list = marksAt.get(key) ?? [];
    list.push(m.value);
    marksAt.set(key, list);
  }
  const absenceAt = new Map<number, AbsenceCode>();
  for (const a of absences) absenceAt.set(cellKey(a.lesson_id, a.student_id), a.code);
  const lessonsOf = new Map<number, BookLesson[]>();
  for (const l of lessons) {
    const list = lessonsOf.get(l.load_id) ?? [];
    list.push({
      id: l.id,
      date: l.date,
      topic: l.topic,
      homework: l.homework,
      workType: l.workType ?? '',
      cancelled: l.cancelled_at !== null,
    });
    lessonsOf.set(l.load_id, list);
  }

  // The final-mark columns: the periods in range, then (for the whole year) year, exam, final.
  const finalColumns: FinalColumn[] = (period ? periods.filter((p) => p.id === period.id) : periods).map(
    (p) => ({
      key: `p${p.id}`,
      title: shortPeriodName(p.name),
      heading: `Отметки за ${p.name}`,
    }),
  );
  if (!period)
    finalColumns.push(
      { key: 'year', title: 'Год', heading: 'Годовые отметки' },
      { key: 'exam', title: 'Экз.', heading: 'Экзаменационные отметки' },
      { key: 'final', title: 'Итог', heading: 'Итоговые отметки' },
    );
  const finalsBySubject = new Map<number, Record<number, Record<string, string>>>();
  for (const f of finals) {
    const key = f.kind === 'period' ? `p${f.period_id}` : f.kind;
    const bySubject = finalsBySubject.get(f.subject_id) ?? {};
    bySubject[f.student_id] ??= {};
    (bySubject[f.student_id] as Record<string, string>)[key] = f.value;
    finalsBySubject.set(f.subject_id, bySubject);
  }

  const subjects: BookSubject[] = loads.map((l) => {
    const members = l.group_id === null ? null : (groupMembers.get(l.group_id) ?? new Set<number>());
    const own = lessonsOf.get(l.id) ?? [];
    const rows: BookRow[] = students
      .filter((s) => members === null || members.has(s.id))
      .map((s) => {
        const studentSpans = spans.get(s.id)?.spans ?? [];
        return {
          studentId: s.id,
          name: s.shortName,
          note: s.note,
          cells: own.map((lesson) => ({
            enrolled: enrolledOn(studentSpans, lesson.date),
            marks: marksAt.get(cellKey(lesson.id, s.id)) ?? [],
            absence: absenceAt.get(cellKey(lesson.id, s.id)) ?? null,
          })),
        };
      });
    const subjectFinals = finalsBySubject.get(l.subject_id) ?? {};
    const finalsOfRows: Record<number, Record<string, string>> = {};
    for (const r of rows)
      if (subjectFinals[r.studentId]) finalsOfRows[r.studentId] = subjectFinals[r.studentId]!;
    return {
      loadId: l.id,
      subjectId: l.subject_id,
      title: l.groupName ? `${l.subject} (${l.groupName})` : l.subject,
      shortTitle: l.shortSubject || l.subject,
      teacher: fullName(nameOf(l)),
      lessons: own,
      rows,
      finals: finalsOfRows,
    };
  });

  // Attendance (сведения о пропусках): missed lessons of every subject, per period and in all.
  const attendanceOf = new Map<number, BookAttendance>();
  for (const s of students)
    attendanceOf.set(s.id, {
      studentId: s.id,
      name: s.name,
      missed: Array(periods.length + 1).fill(0),
      ill: Array(periods.length + 1).fill(0),
    });
  for (const a of absences) {
    if (a.cancelled_at !== null || !isMissedLesson(a.code)) continue;
    const row = attendanceOf.get(a.student_id);
    if (!row) continue;
    const at = periods.findIndex((p) => p.from <= a.date && a.date <= p.to);
    for (const i of at >= 0 ? [at, periods.length] : [periods.length]) {
      row.missed[i] = (row.missed[i] ?? 0) + 1;
      if (a.code === 'ill') row.ill[i] = (row.ill[i] ?? 0) + 1;
    }
  }

  return {
    school: schoolTitle(db),
    director: schoolOf(db)?.directorName ?? '',
    className: cls.name,
    yearName: cls.academicYear,
    classTeacher: cls.tLast
      ? fullName({ lastName: cls.tLast, firstName: cls.tFirst ?? '', middleName: cls.tMiddle })
      : '',
    from,
    to,
    period,
    periods,
    finalColumns,
    subjects,
    students,
    attendance: [...attendanceOf.values()],
  };
}
