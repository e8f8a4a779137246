import { z } from 'zod';
import { method } from '../api/define';
import { Id, IsoDate } from '../api/schemas';
import { Report } from './report';

/**
 * The deputy's control reports (issue 10, 004 §6.2, §4.2): динамика среднего балла, заполнение
 * журнала, журнал доступа. Each input schema is exported so that reports.export can build the same
 * report for print with one line.
 */

/** A class's average per period (over all its subjects, and per subject). */
const ClassDynamics = z.object({ yearId: Id, classId: Id }).strict();
/** A subject's average per period in each class of a parallel (параллель: the classes of one grade). */
const SubjectDynamics = z
  .object({
    yearId: Id,
    subjectId: Id,
    grade: z
      .number({ error: 'Параллель: ожидается номер класса' })
      .int({ error: 'Параллель: целое число' })
      .min(1, { error: 'Параллель: от 1 до 11' })
      .max(11, { error: 'Параллель: от 1 до 11' }),
  })
  .strict();
export const DynamicsParams = z.union([ClassDynamics, SubjectDynamics], {
  error: 'Динамика: укажите класс или предмет и параллель',
});
export type DynamicsParams = z.infer<typeof DynamicsParams>;

export const FillParams = z
  .object({
    month: z
      .string({ error: 'Месяц: ожидается текст ГГГГ-ММ' })
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Месяц: в формате ГГГГ-ММ, например 2026-11' }),
  })
  .strict();
export type FillParams = z.infer<typeof FillParams>;

export const AccessLogParams = z
  .object({ from: IsoDate, to: IsoDate })
  .strict()
  .refine((v) => v.from <= v.to, { error: 'Начало периода позже его конца', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 400 * 86_400_000, {
    error: 'Период отчёта: не больше года',
    path: ['to'],
  });
export type AccessLogParams = z.infer<typeof AccessLogParams>;

const ADMINISTRATION = ['deputy', 'director', 'inspector'] as const;

export const controlReportsApi = {
  /**
   * The administration: any class or parallel; a class teacher: their class; a teacher: a subject
   * they teach in that parallel (the service checks which, the input being one of two shapes).
   */
  'reports.dynamics': method({
    input: DynamicsParams,
    output: Report,
    roles: ['teacher', ...ADMINISTRATION],
    write: false,
    audience: 'staff',
  }),
  /** Заполнение журнала per teacher and page for a month (000 §5.2, 004 §6.2). */
  'reports.fill': method({
    input: FillParams,
    output: Report,
    roles: ADMINISTRATION,
    write: false,
    audience: 'staff',
  }),
  /** Who changed which page in a date range (004 §4.2), from the audit log. */
  'reports.accessLog': method({
    input: AccessLogParams,
    output: Report,
    roles: ADMINISTRATION,
    write: false,
    audience: 'staff',
  }),
} as const;
