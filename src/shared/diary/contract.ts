import { z } from 'zod';
import { PdfFile } from '../accounts/contract';
import { method } from '../api/define';
import { Empty, Id, IsoDate } from '../api/schemas';
import { FAMILY_ROLES } from '../auth/roles';
import { DiaryChild, DiaryWeek } from './schemas';

/**
 * Who prints a class's paper diaries (бумажные дневники) and report cards (табели): its class teacher
 * (the scope `paperClass` checks the class is theirs), the deputy and the director for any class.
 */
const PAPER_PRINTERS = ['teacher', 'deputy', 'director'] as const;

/** The parents' and students' diary. */
export const diaryApi = {
  'diary.children': method({
    input: Empty,
    output: z.array(DiaryChild),
    roles: FAMILY_ROLES,
    write: false,
    audience: 'family',
  }),
  'diary.week': method({
    input: z.object({ studentId: Id, weekOf: IsoDate }),
    output: DiaryWeek,
    roles: FAMILY_ROLES,
    scope: { kind: 'student', field: 'studentId' },
    write: false,
    audience: 'family',
  }),
  /** The week of diary.week as the half-A4 paper page (001 ЭД §1), for the family to save or print. */
  'diary.weekPdf': method({
    input: z.object({ studentId: Id, date: IsoDate }).strict(),
    output: PdfFile,
    roles: FAMILY_ROLES,
    scope: { kind: 'student', field: 'studentId' },
    write: false,
    audience: 'family',
  }),
  /** A class's paper diaries of the week in one PDF: every student, or only families on paper. */
  'diary.classWeekPdf': method({
    input: z.object({ classId: Id, date: IsoDate, onlyPaper: z.boolean() }).strict(),
    output: PdfFile,
    roles: PAPER_PRINTERS,
    scope: { kind: 'paperClass', field: 'classId' },
    write: false,
    audience: 'staff',
  }),
  /** The periods of a class's year and grade, for choosing which period's report cards to print. */
  'diary.classPeriods': method({
    input: z.object({ classId: Id }).strict(),
    output: z.array(z.object({ id: Id, name: z.string(), startsOn: IsoDate, endsOn: IsoDate })),
    roles: PAPER_PRINTERS,
    scope: { kind: 'paperClass', field: 'classId' },
    write: false,
    audience: 'staff',
  }),
  /** Report cards (табель успеваемости) of a period: the whole class, or one student of it. */
  'diary.reportCards': method({
    input: z.object({ classId: Id, periodId: Id, studentId: Id.optional() }).strict(),
    output: PdfFile,
    roles: PAPER_PRINTERS,
    scope: { kind: 'paperClass', field: 'classId' },
    write: false,
    audience: 'staff',
  }),
} as const;
