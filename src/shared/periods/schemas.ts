import { z } from 'zod';
import { Id, IsoDate, PersonNameSchema } from '../api/schemas';
import { MARKING_MODES } from '../journal/marks';
import { FINAL_MARK_KINDS, FINAL_MARK_VALUES } from './final-marks';

export const FinalMarkKindSchema = z.enum(FINAL_MARK_KINDS, {
  error: 'Вид отметки: период, год, экзамен или итог',
});
export const FinalMarkValueSchema = z.enum(FINAL_MARK_VALUES, {
  error: 'Отметка: 1–5, «зач», «незач», «н/а» или «осв»',
});

/** Which classes a closing or a reopening is for: one class, a parallel (all classes of a grade), the school. */
export const ClosingTarget = z.discriminatedUnion(
  'scope',
  [
    z.object({ scope: z.literal('class'), classId: Id }),
    z.object({
      scope: z.literal('parallel'),
      grade: z
        .number({ error: 'Параллель: ожидается номер класса от 1 до 11' })
        .int({ error: 'Параллель: ожидается номер класса от 1 до 11' })
        .min(1, { error: 'Параллель: ожидается номер класса от 1 до 11' })
        .max(11, { error: 'Параллель: ожидается номер класса от 1 до 11' }),
    }),
    z.object({ scope: z.literal('school') }),
  ],
  { error: 'Для чего закрыть период: класс, параллель или вся школа' },
);

/** One period × one class on the deputy's screen. */
export const ClosingCell = z.object({
  periodId: Id,
  classId: Id,
  closed: z.boolean(),
  /** When and by whom the current closing was made (null while open). */
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  /** The last reopening (kept after the period is closed again), or null. */
  reopenedAt: z.string().nullable(),
  reopenReason: z.string().nullable(),
  /** Students × marked subjects of the class without a period mark for this period. */
  missing: z.number().int(),
});

export const ClosingOverview = z.object({
  year: z.object({ id: Id, name: z.string(), archived: z.boolean() }),
  periods: z.array(
    z.object({
      id: Id,
      name: z.string(),
      gradeFrom: z.number().int(),
      gradeTo: z.number().int(),
      startsOn: IsoDate,
      endsOn: IsoDate,
    }),
  ),
  classes: z.array(z.object({ id: Id, name: z.string(), grade: z.number().int() })),
  cells: z.array(ClosingCell),
});
export type ClosingOverview = z.infer<typeof ClosingOverview>;

export const ClosingResult = z.object({
  /** Classes this call closed (or reopened). */
  changed: z.array(z.object({ classId: Id, className: z.string() })),
  /** Classes already in the asked state, left as they were. */
  unchanged: z.array(z.object({ classId: Id, className: z.string() })),
});

export const FinalMark = z.object({
  id: Id,
  studentId: Id,
  kind: FinalMarkKindSchema,
  periodId: Id.nullable(),
  value: FinalMarkValueSchema,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type FinalMark = z.infer<typeof FinalMark>;

/** A load's period, year, exam and final marks with the suggestions beside them. */
export const LoadFinalMarks = z.object({
  load: z.object({
    loadId: Id,
    classId: Id,
    className: z.string(),
    subjectName: z.string(),
    groupName: z.string().nullable(),
    markingMode: z.enum(MARKING_MODES),
    /** The caller may set these marks: the load's teacher or the deputy, in an open year. */
    writable: z.boolean(),
  }),
  periods: z.array(
    z.object({ id: Id, name: z.string(), startsOn: IsoDate, endsOn: IsoDate, closed: z.boolean() }),
  ),
  /** The year's results close with its last period. */
  yearClosed: z.boolean(),
  minimumMarks: z.number().int(),
  /** What may be entered on this page. */
  values: z.array(FinalMarkValueSchema),
  students: z.array(
    PersonNameSchema.extend({
      id: Id,
      periods: z.array(
        z.object({
          periodId: Id,
          /** Current marks in the period (all kinds, «зач» included). */
          count: z.number().int(),
          average: z.number().nullable(),
          suggested: z.string().nullable(),
        }),
      ),
      yearSuggested: z.string().nullable(),
      finalSuggested: z.string().nullable(),
    }),
  ),
  marks: z.array(FinalMark),
});
export type LoadFinalMarks = z.infer<typeof LoadFinalMarks>;
