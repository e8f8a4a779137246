import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { DiaryWeek } from '../../shared/diary/schemas';
import { addDays, mondayOf } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import { UNUSABLE_HASH } from '../auth/passwords';
import { type Database, prepared } from '../db/database';
import type { DocumentKind, DocumentKinds } from '../print/documents';
import { portableFileName } from '../print/file-names';
import { renderOnThread } from '../print/render';
import type { ReportCard } from '../print/report-card';
import type { Actor, PrepareContext } from '../router/context';
import { staged } from '../router/handler';
import { classRow } from '../school-year/class-row';
import { inClassDuring } from '../school-year/enrollment';
import { periodRow } from '../school-year/period-rows';
import { schoolTitle } from '../school-year/school';
import { canReadStudentDiary } from './access';
import { studentWeek } from './diary';

/**
 * Paper diaries (бумажные дневники, 001 ЭД §1) and report cards (табели успеваемости, 002 §5.2):
 * the data of diary.week and of the year's final marks laid out for print. Reading and rendering
 * need no write transaction, so each method is a staged handler: `prepare` reads in a short read
 * transaction and renders the PDF outside it (the connection stays free meanwhile), `run` hands the
 * file back. The router has checked the role and the scope before `prepare` runs.
 */

type PrintContext = PrepareContext & { actor: Actor };
type PdfFile = { fileName: string; base64: string };

/** The class's students during a date range (who joined or left meanwhile included), by name. */
const studentsOfClass = prepared<{ classId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('student as s', 's.id', 'e.student_id')
    .select(['s.id', 'e.enrolled_on as enrolledOn'])
    .where('e.class_id', '=', p.classId)
    .where((eb) => inClassDuring(eb, 'e', p.from, p.to))
    .orderBy('s.search_name')
    .orderBy('s.id'),
);

/**
 * Students whose family gets the diary on paper: a guardian refused the electronic diary in writing
 * (paper_diary, 004 §4.7), or nobody of the family can sign in (no account with a usable password,
 * or only disabled ones) — the families who opted out or have no account (issue 10).
 */
const paperStudents = prepared<{ classId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .select('e.student_id as id')
    .where('e.class_id', '=', p.classId)
    .where((eb) => inClassDuring(eb, 'e', p.from, p.to))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('student_guardian as sg')
            .innerJoin('paper_diary as pd', 'pd.guardian_id', 'sg.guardian_id')
            .select('sg.guardian_id')
            .whereRef('sg.student_id', '=', 'e.student_id'),
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom('user_account as u')
              .select('u.id')
              .where('u.password_hash', '!=', UNUSABLE_HASH)
              .where('u.disabled_at', 'is', null)
              .where((w) =>
                w.or([
                  w('u.student_id', '=', w.ref('e.student_id')),
                  w(
                    'u.guardian_id',
                    'in',
                    w
                      .selectFrom('student_guardian as g')
                      .select('g.guardian_id')
                      .whereRef('g.student_id', '=', 'e.student_id'),
                  ),
                ]),
              ),
          ),
        ),
      ]),
    ),
);

const subjectNames = prepared()((db) => db.selectFrom('subject').select(['name', 'short_name as shortName']));

/** Subjects' short names («Рус. яз.») by full name: the paper diary's subject column is narrow. */
export function shortSubjectNames(db: Database): Record<string, string> {
  return Object.fromEntries(db.all(subjectNames, {}).map((s) => [s.name, s.shortName]));
}

function classOf(db: Database, classId: number) {
  const cls = classRow(db, classId);
  if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден', 'classId');
  return cls;
}

/** The PDF is laid out on a render thread (print/render.ts): the database thread only reads. */
async function pdfFile<K extends DocumentKind>(
  fileName: string,
  kind: K,
  data: DocumentKinds[K],
): Promise<PdfFile> {
  const pdf = await renderOnThread(kind, data);
  return { fileName: portableFileName(`${fileName}.pdf`), base64: pdf.toString('base64') };
}

/** A class's weeks for the paper diary: every student of the week, or only the families on paper. */
export function classWeeks(
  db: Database,
  input: { classId: number; date: string; onlyPaper: boolean },
): { className: string; weeks: DiaryWeek[]; shortSubjects: Record<string, string> } {
  const cls = classOf(db, input.classId);
  if (input.date < cls.yearStartsOn || input.date > cls.yearEndsOn)
    throw new ApiError('VALIDATION', `Дата не входит в учебный год класса ${cls.name}`, 'date');
  const range = { classId: cls.id, from: mondayOf(input.date), to: addDays(mondayOf(input.date), 6) };
  let students = db.all(studentsOfClass, range);
  if (input.onlyPaper) {
    const paper = new Set(db.all(paperStudents, range).map((s) => s.id));
    students = students.filter((s) => paper.has(s.id));
    if (students.length === 0)
      throw new ApiError('VALIDATION', `В ${cls.name} нет семей на бумажном дневнике`, 'onlyPaper');
  }
  if (students.length === 0) throw new ApiError('VALIDATION', `В ${cls.name} на этой неделе нет учеников`);
  return {
    className: cls.name,
    weeks: students.map((s) => studentWeek({ db }, s.id, input.date)),
    shortSubjects: shortSubjectNames(db),
  };
}

export const weekPdf = staged<'diary.weekPdf', PdfFile>({
  async prepare(ctx: PrintContext, input: ParsedInput<'diary.weekPdf'>) {
    const read = await ctx.db.read(() => {
      // The router checked the scope; checked again so this read can never serve another child.
      if (!canReadStudentDiary(ctx.db, ctx.actor, input.studentId))
        throw new ApiError('FORBIDDEN', 'Нет доступа к дневнику этого ученика', 'studentId');
      return {
        school: schoolTitle(ctx.db),
        week: studentWeek(ctx, input.studentId, input.date),
        shortSubjects: shortSubjectNames(ctx.db),
      };
    });
    const { week } = read;
    return pdfFile(`Дневник ${week.student.name} неделя с ${week.weekStart}`, 'weekDiary', {
      schoolName: read.school,
      weeks: [week],
      shortSubjects: read.shortSubjects,
    });
  },
  run: (_ctx, _input, file): Output<'diary.weekPdf'> => file,
});

export const classWeekPdf = staged<'diary.classWeekPdf', PdfFile>({
  async prepare(ctx: PrintContext, input: ParsedInput<'diary.classWeekPdf'>) {
    const read = await ctx.db.read(() => ({ school: schoolTitle(ctx.db), ...classWeeks(ctx.db, input) }));
    const start = read.weeks[0]!.weekStart;
    return pdfFile(`Дневники ${read.className} неделя с ${start}`, 'weekDiary', {
      schoolName: read.school,
      weeks: read.weeks,
      shortSubjects: read.shortSubjects,
    });
  },
  run: (_ctx, _input, file): Output<'diary.classWeekPdf'> => file,
});

/** The student's absences in the class's lessons of a period, counted by reason. */
const absencesByCode = prepared<{ classId: number; studentId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .crossJoin('lesson as s')
    .whereRef('s.load_id', '=', 'l.id')
    .innerJoin('absence as a', 'a.lesson_id', 's.id')
    .select(['a.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('l.class_id', '=', p.classId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to)
    .where('a.student_id', '=', p.studentId)
    .groupBy('a.code'),
);

/** The report cards of a period: every student of the class in it, or the one asked for. */
export function reportCardsOf(
  db: Database,
  input: { classId: number; periodId: number; studentId?: number | undefined },
): { className: string; periodName: string; cards: ReportCard[] } {
  const cls = classOf(db, input.classId);
  const period = periodRow(db, input.periodId);
  if (!period || period.yearId !== cls.yearId || cls.grade < period.gradeFrom || cls.grade > period.gradeTo)
    throw new ApiError('VALIDATION', `Период не относится к учебному году класса ${cls.name}`, 'periodId');
  const range = { classId: cls.id, from: period.startsOn, to: period.endsOn };
  let students = db.all(studentsOfClass, range);
  if (input.studentId !== undefined) {
    students = students.filter((s) => s.id === input.studentId);
    if (students.length === 0)
      throw new ApiError('NOT_FOUND', `Ученик не учится в ${cls.name} в этом периоде`, 'studentId');
  }
  if (students.length === 0) throw new ApiError('VALIDATION', `В ${cls.name} в этом периоде нет учеников`);
  const classTeacher = cls.tLast
    ? fullName({ lastName: cls.tLast, firstName: cls.tFirst ?? '', middleName: cls.tMiddle })
    : '';
  const cards = students.map((s): ReportCard => {
    // A day the student was in the class: the week's data finds the class by it.
    const day = s.enrolledOn > period.startsOn ? s.enrolledOn : period.startsOn;
    const week = studentWeek({ db }, s.id, day);
    const shown = week.results.periods.findIndex((p) => p.id === period.id) + 1;
    const absences = { absent: 0, ill: 0, excused: 0, late: 0 };
    for (const a of db.all(absencesByCode, { ...range, studentId: s.id })) absences[a.code] = a.n;
    return {
      student: week.student.name,
      className: cls.name,
      yearName: week.academicYear.name,
      periodName: period.name,
      classTeacher,
      periods: week.results.periods.slice(0, shown).map((p) => p.name),
      subjects: week.results.subjects.map((r) => ({
        subject: r.subject,
        periods: r.periods.slice(0, shown),
        year: r.year,
      })),
      absences,
    };
  });
  return { className: cls.name, periodName: period.name, cards };
}

export const reportCards = staged<'diary.reportCards', PdfFile>({
  async prepare(ctx: PrintContext, input: ParsedInput<'diary.reportCards'>) {
    const read = await ctx.db.read(() => ({ school: schoolTitle(ctx.db), ...reportCardsOf(ctx.db, input) }));
    const who = input.studentId === undefined ? read.className : read.cards[0]!.student;
    return pdfFile(`Табель ${who} ${read.periodName}`, 'reportCards', {
      schoolName: read.school,
      cards: read.cards,
    });
  },
  run: (_ctx, _input, file): Output<'diary.reportCards'> => file,
});
