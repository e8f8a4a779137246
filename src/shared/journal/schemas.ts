import { z } from 'zod';
import { Id, IsoDate, PersonNameSchema } from '../api/schemas';
import { Period } from '../school-year/schemas';
import { ENROLLED_KINDS, LEFT_KINDS } from '../students/enrollment';
import { ABSENCE_CODES } from './attendance';
import { ROUNDING_RULES } from './grading';
import { MARK_VALUES, MARKING_MODES } from './marks';

export const MarkValueSchema = z.enum(MARK_VALUES, {
  error: 'Отметка должна быть 2, 3, 4, 5, «зач» или «незач»',
});
export const AbsenceCodeSchema = z.enum(ABSENCE_CODES, {
  error: 'Отметка о пропуске должна быть Н, Б, УП или ОП',
});
export const MarkingModeSchema = z.enum(MARKING_MODES);

/** At most five marks in one cell (one student, one lesson): the journal's slots 1…5. */
export const MAX_MARKS_PER_CELL = 5;
export const SIXTH_MARK_REFUSED = `В одной клетке не больше ${MAX_MARKS_PER_CELL} отметок: исправьте или удалите одну из них`;
export const SlotSchema = z
  .number({ error: 'Номер отметки в клетке: ожидается число' })
  .int({ error: 'Номер отметки в клетке: ожидается целое число' })
  .min(1, { error: 'Номер отметки в клетке: от 1 до 5' })
  .max(MAX_MARKS_PER_CELL, { error: SIXTH_MARK_REFUSED });

export const LoadSummary = z.object({
  loadId: Id,
  classId: Id,
  className: z.string(),
  grade: z.number().int(),
  subjectId: Id,
  subjectName: z.string(),
  groupName: z.string().nullable(),
  teacherName: z.string(),
  hoursPerWeek: z.number(),
  /** The caller may enter marks and lessons here (their own teaching load). */
  writable: z.boolean(),
});
export type LoadSummary = z.infer<typeof LoadSummary>;

export const Lesson = z.object({
  id: Id,
  date: IsoDate,
  number: z.number().int(),
  topic: z.string(),
  homework: z.string(),
  version: z.number().int(),
  /** Cancelled by the deputy (timetable.cancelLesson): kept with its data, closed to new entries. */
  cancelled: z.boolean(),
  cancelReason: z.string(),
  /** The caller gave this lesson in a замена (timetable.substitute): they write it, not the page. */
  givenByMe: z.boolean(),
  /** The work type new marks of this lesson get (a контрольная), or null for the school's default. */
  workTypeId: Id.nullable(),
});
export type Lesson = z.infer<typeof Lesson>;

export const Mark = z.object({
  id: Id,
  lessonId: Id,
  studentId: Id,
  /** Its place in the cell (1…5): a cell shows its marks in slot order, «4/3». */
  slot: z.number().int(),
  value: MarkValueSchema,
  workTypeId: Id,
  weight: z.number(),
  /** The teacher's note on this mark ('' when none). */
  comment: z.string(),
  version: z.number().int(),
});
export type Mark = z.infer<typeof Mark>;

export const Absence = z.object({
  id: Id,
  lessonId: Id,
  studentId: Id,
  code: AbsenceCodeSchema,
  version: z.number().int(),
});
export type Absence = z.infer<typeof Absence>;

export const EnrollmentSpanSchema = z.object({
  from: IsoDate,
  to: IsoDate.nullable(),
  enrolledKind: z.enum(ENROLLED_KINDS),
  leftKind: z.enum(LEFT_KINDS).nullable(),
});

export const WorkType = z.object({ id: Id, name: z.string(), weight: z.number() });

export const JournalPage = z.object({
  load: LoadSummary.extend({ markingMode: MarkingModeSchema, academicYear: z.string() }),
  periods: z.array(Period),
  /** The period shown, or null when the page shows the whole year. */
  periodId: Id.nullable(),
  range: z.object({ from: IsoDate, to: IsoDate }),
  /** Each with their enrollments in the class overlapping the page: cells outside them are closed. */
  students: z.array(PersonNameSchema.extend({ id: Id, enrolled: z.array(EnrollmentSpanSchema) })),
  lessons: z.array(Lesson),
  marks: z.array(Mark),
  absences: z.array(Absence),
  workTypes: z.array(WorkType),
  defaultWorkTypeId: Id,
  /** «1» is entered only where the school allows it (domain-defaults §4.1). */
  allowOne: z.boolean(),
  /**
   * The school's rules for the suggested period mark (rounding, minimum of current marks): the pinned
   * columns compute the average and the suggestion with the one grading module, as the diary does.
   */
  rules: z.object({
    allowOne: z.boolean(),
    rounding: z.enum(ROUNDING_RULES),
    minMarks: z.number().int(),
  }),
});
export type JournalPage = z.infer<typeof JournalPage>;
