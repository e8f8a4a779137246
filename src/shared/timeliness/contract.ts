import { z } from 'zod';
import { method } from '../api/define';
import { Empty, Id, IsoDate } from '../api/schemas';

export const DeadlineRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('same_day'),
        time: z
          .string({ error: 'Время: ожидается текст ЧЧ:ММ' })
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Время: в формате ЧЧ:ММ, например 17:00' }),
      })
      .strict(),
    z
      .object({
        kind: z.literal('days'),
        days: z
          .number({ error: 'Срок: ожидается число дней' })
          .int({ error: 'Срок: целое число дней' })
          .min(1, { error: 'Срок: не меньше 1 дня' })
          .max(14, { error: 'Срок: не больше 14 дней' }),
      })
      .strict(),
  ],
  { error: 'Правило срока: в день урока до времени или в течение N дней' },
);

export const LATE_KINDS = ['topic', 'homework', 'attendance', 'marks'] as const;
export type LateKind = (typeof LATE_KINDS)[number];
export const LATE_KIND_NAMES: Record<LateKind, string> = {
  topic: 'тема',
  homework: 'домашнее задание',
  attendance: 'посещаемость',
  marks: 'отметки',
};

export const TeacherTimeliness = z.object({
  teacherId: Id,
  name: z.string(),
  /** Lessons the teacher gave (замены included) whose deadline has passed. */
  lessons: z.number().int(),
  /** Of them, lessons something was entered for after the deadline. */
  late: z.number().int(),
  /** Of them, lessons still without a topic. */
  missing: z.number().int(),
});

export const LessonTimeliness = z.object({
  lessonId: Id,
  date: IsoDate,
  number: z.number().int(),
  className: z.string(),
  subjectName: z.string(),
  teacherName: z.string(),
  /** What was entered late, with when it was first entered. */
  late: z.array(z.object({ kind: z.enum(LATE_KINDS), enteredAt: z.string() })),
  missingTopic: z.boolean(),
});

const Report = z.object({
  rule: z.string(),
  from: IsoDate,
  to: IsoDate,
  teachers: z.array(TeacherTimeliness),
  lessons: z.array(LessonTimeliness),
  /** Lessons left out of `lessons` beyond the first 500. */
  more: z.number().int(),
});
export type TimelinessReport = z.infer<typeof Report>;

const READERS = ['deputy', 'director', 'inspector'] as const;

export const timelinessApi = {
  /** The school's deadline for filling in a lesson's page; every staff member may read it. */
  'timeliness.rule': method({
    input: Empty,
    output: DeadlineRuleSchema,
    roles: ['teacher', 'deputy', 'director', 'inspector', 'admin'],
    write: false,
    audience: 'staff',
  }),
  'timeliness.saveRule': method({
    input: DeadlineRuleSchema,
    output: DeadlineRuleSchema,
    roles: ['deputy'],
    write: true,
    audience: 'staff',
  }),
  /** Lessons of the dates whose deadline has passed: filled late, or still without a topic, by teacher. */
  'timeliness.report': method({
    input: z
      .object({ from: IsoDate, to: IsoDate, teacherId: Id.nullable() })
      .strict()
      .refine((v) => v.from <= v.to, { error: 'Начало периода позже его конца', path: ['to'] })
      .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 400 * 86_400_000, {
        error: 'Период отчёта: не больше года',
        path: ['to'],
      }),
    output: Report,
    roles: READERS,
    write: false,
    audience: 'staff',
  }),
} as const;
