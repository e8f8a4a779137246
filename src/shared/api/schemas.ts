import { z } from 'zod';
import { ABSENCE_CODES } from '../domain/attendance';
import { MARK_VALUES, MARKING_MODES } from '../domain/marks';
import { ROLES } from '../domain/roles';

// Zod's own messages in Russian for anything a schema below does not word itself.
z.config(z.locales.ru());

export const Id = z
  .number({ error: 'Ожидается числовой идентификатор' })
  .int({ error: 'Идентификатор должен быть целым числом' })
  .positive({ error: 'Идентификатор должен быть положительным' });

export const IsoDate = z.iso.date({ error: 'Дата должна быть в формате ГГГГ-ММ-ДД' });

/** The version the client last saw; null when it saw no row ("expect the cell to be empty"). */
export const ExpectedVersion = z
  .number()
  .int()
  .nonnegative()
  .nullable()
  .describe('версия записи, которую видел пользователь');

export const RoleSchema = z.enum(ROLES);
export const MarkValueSchema = z.enum(MARK_VALUES, {
  error: 'Отметка должна быть 2, 3, 4, 5, «зач» или «незач»',
});
export const AbsenceCodeSchema = z.enum(ABSENCE_CODES, {
  error: 'Отметка о пропуске должна быть Н, Б, УП или ОП',
});
export const MarkingModeSchema = z.enum(MARKING_MODES);

export const Empty = z.object({}).strict();

export const PersonNameSchema = z.object({
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
});

export const SessionUser = z.object({
  id: Id,
  login: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

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

export const Period = z.object({
  id: Id,
  name: z.string(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  closed: z.boolean(),
});

export const Lesson = z.object({
  id: Id,
  date: IsoDate,
  number: z.number().int(),
  topic: z.string(),
  homework: z.string(),
  version: z.number().int(),
});
export type Lesson = z.infer<typeof Lesson>;

export const Mark = z.object({
  id: Id,
  lessonId: Id,
  studentId: Id,
  value: MarkValueSchema,
  workTypeId: Id,
  weight: z.number(),
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

export const WorkType = z.object({ id: Id, name: z.string(), weight: z.number() });

export const JournalPage = z.object({
  load: LoadSummary.extend({ markingMode: MarkingModeSchema, academicYear: z.string() }),
  periods: z.array(Period),
  /** The period shown, or null when the page shows the whole year. */
  periodId: Id.nullable(),
  range: z.object({ from: IsoDate, to: IsoDate }),
  students: z.array(PersonNameSchema.extend({ id: Id })),
  lessons: z.array(Lesson),
  marks: z.array(Mark),
  absences: z.array(Absence),
  workTypes: z.array(WorkType),
  defaultWorkTypeId: Id,
  /** «1» is entered only where the school allows it (domain-defaults §4.1). */
  allowOne: z.boolean(),
});
export type JournalPage = z.infer<typeof JournalPage>;

export const DiaryChild = z.object({ studentId: Id, name: z.string(), className: z.string() });

export const DiaryLesson = z.object({
  number: z.number().int(),
  /** "08:30–09:15" from the bell schedule of the class's grade on that day, when the school has one. */
  time: z.string().nullable(),
  subject: z.string(),
  topic: z.string(),
  homework: z.string(),
  marks: z.array(z.object({ value: MarkValueSchema, workType: z.string(), weight: z.number() })),
  absence: AbsenceCodeSchema.nullable(),
});

export const DiaryWeek = z.object({
  student: DiaryChild,
  weekStart: IsoDate,
  academicYear: z.object({ name: z.string(), startsOn: IsoDate, endsOn: IsoDate }),
  /** `holiday` names the holidays or day off the date falls in («Осенние каникулы»), else null. */
  days: z.array(z.object({ date: IsoDate, holiday: z.string().nullable(), lessons: z.array(DiaryLesson) })),
});
export type DiaryWeek = z.infer<typeof DiaryWeek>;
