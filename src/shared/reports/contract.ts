import { z } from 'zod';
import { method } from '../api/define';
import { Id } from '../api/schemas';
import { AccessLogParams, DynamicsParams, FillParams } from './control-contract';
import { Report } from './report';

/**
 * School reports (отчёты, issue 10): each method builds one `Report` object from the database; the
 * screen shows it, `reports.export` renders the very same object as PDF or XLSX.
 *
 * Who reads them (DESIGN.md): the deputy, the director and the inspector every class; a class teacher
 * their own class; a teacher the per-subject results of their own loads. The class-level methods are
 * scoped by `reportClass` in the router; `reports.results` and `reports.export` check inside the
 * builder, because what they show depends on who asks (the builders filter their queries too).
 */

const REPORT_READERS = ['deputy', 'director', 'inspector', 'teacher'] as const;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Месяц должен быть в формате ГГГГ-ММ' });

export const AchievementLedgerParams = z.object({ classId: Id, yearId: Id });
export const ResultsParams = z.object({
  periodId: Id,
  classId: Id.optional(),
  grade: z
    .number()
    .int()
    .min(1, { error: 'Параллель — от 1 до 11' })
    .max(11, { error: 'Параллель — от 1 до 11' })
    .optional(),
});
/**
 * Посещаемость over one span of the year: a month («2026-11»), a period of it (`periodId`: a четверть,
 * полугодие or триместр) or the whole year (`wholeYear: true`) — exactly one of the three.
 */
export const AttendanceParams = z
  .object({
    yearId: Id,
    month: Month.optional(),
    periodId: Id.optional(),
    wholeYear: z.literal(true).optional(),
    classId: Id.optional(),
  })
  .refine((p) => [p.month, p.periodId, p.wholeYear].filter((v) => v !== undefined).length === 1, {
    error: 'Выберите одно: месяц, учебный период или весь учебный год',
    path: ['month'],
  });
export const ClassTeacherParams = z.object({ classId: Id, periodId: Id });

/**
 * A report to export, named with its parameters. The control helper's reports join by one line each
 * (`z.object({ kind: z.literal('…'), params: … })`).
 */
export const ReportRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('achievementLedger'), params: AchievementLedgerParams }),
  z.object({ kind: z.literal('results'), params: ResultsParams }),
  z.object({ kind: z.literal('attendance'), params: AttendanceParams }),
  z.object({ kind: z.literal('classTeacher'), params: ClassTeacherParams }),
  z.object({ kind: z.literal('dynamics'), params: DynamicsParams }),
  z.object({ kind: z.literal('fill'), params: FillParams }),
  z.object({ kind: z.literal('accessLog'), params: AccessLogParams }),
]);
export type ReportRequest = z.infer<typeof ReportRequest>;
export type ReportKind = ReportRequest['kind'];

export const ExportFormat = z.enum(['pdf', 'xlsx'], { error: 'Формат файла — PDF или Excel' });
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportedFile = z.object({ fileName: z.string(), base64: z.string() });

/** What the «Отчёты» screen offers the signed-in user in a year: their classes and the periods. */
export const ReportOptions = z.object({
  /** Every report of every class (deputy, director, inspector). */
  schoolWide: z.boolean(),
  /** Classes the user may pick: all for the school-wide readers; led or taught ones for a teacher. */
  classes: z.array(z.object({ id: Id, name: z.string(), grade: z.number().int(), leads: z.boolean() })),
  periods: z.array(
    z.object({ id: Id, name: z.string(), gradeFrom: z.number().int(), gradeTo: z.number().int() }),
  ),
});
export type ReportOptions = z.infer<typeof ReportOptions>;

export const reportsApi = {
  'reports.options': method({
    input: z.object({ yearId: Id }),
    output: ReportOptions,
    roles: REPORT_READERS,
    write: false,
    audience: 'staff',
  }),
  /** Сводная ведомость успеваемости: a class's period and year marks per subject, with the figures. */
  'reports.achievementLedger': method({
    input: AchievementLedgerParams,
    output: Report,
    roles: REPORT_READERS,
    scope: { kind: 'reportClass', field: 'classId' },
    write: false,
    audience: 'staff',
  }),
  /** Итоги успеваемости за период: per class, parallel and school; per subject for a teacher's loads. */
  'reports.results': method({
    input: ResultsParams,
    output: Report,
    roles: REPORT_READERS,
    write: false,
    audience: 'staff',
  }),
  /** Посещаемость за месяц, период или год: lessons missed per student by reason, or the school's summary by class. */
  'reports.attendance': method({
    input: AttendanceParams,
    output: Report,
    roles: REPORT_READERS,
    write: false,
    audience: 'staff',
  }),
  /** Отчёт классного руководителя за период (003 §2.7–2.8). */
  'reports.classTeacher': method({
    input: ClassTeacherParams,
    output: Report,
    roles: REPORT_READERS,
    scope: { kind: 'reportClass', field: 'classId' },
    write: false,
    audience: 'staff',
  }),
  /** Any report above as a file: the same Report object, rendered as PDF or XLSX. */
  'reports.export': method({
    input: z.object({ report: ReportRequest, format: ExportFormat }),
    output: ExportedFile,
    roles: REPORT_READERS,
    write: false,
    audience: 'staff',
  }),
} as const;
