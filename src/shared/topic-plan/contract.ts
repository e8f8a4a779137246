import { z } from 'zod';
import { method } from '../api/define';
import { Id, IsoDate, textField } from '../api/schemas';
import { JOURNAL_READERS } from '../auth/roles';
import { plural } from '../i18n/plural';
import { Counts, MAX_FILE_BYTES, MAX_FILE_TEXT, PreviewRow } from '../import/contract';

/**
 * The plan of topics of a teaching load (календарно-тематическое планирование, КТП, 004 §2.2; issue
 * 9): an ordered list of topics with hours, kept on screen or imported from a spreadsheet, exported
 * again. Saving the plan fills the year's lessons with its topics in order: a topic of N hours fills
 * N consecutive lessons. Who: the load's teacher for their own loads, the deputy for every load;
 * the director, the inspector and the class teacher (for the class's loads) read.
 *
 * How a hand-written topic is told apart: the fill records on the lesson the topic it wrote
 * (lesson.plan_topic). A lesson whose topic is not empty and differs from that was written by hand
 * (in the lesson dialog) and is never overwritten; it still counts as one of the plan's hours, so a
 * lesson written by hand does not shift the rest of the year.
 */

export const MAX_TOPICS = 400;
export const MAX_HOURS = 200;

export const PlanItemInput = z.object({
  title: textField('Тема урока', 500).refine((t) => t.trim() !== '', { error: 'Тема урока: не заполнена' }),
  hours: z
    .number({ error: 'Часов: ожидается число' })
    .int({ error: 'Часов: целое число' })
    .min(1, { error: `Часов: от 1 до ${MAX_HOURS}` })
    .max(MAX_HOURS, { error: `Часов: от 1 до ${MAX_HOURS}` }),
});
export type PlanItemInput = z.input<typeof PlanItemInput>;

export const PlanItem = z.object({
  position: z.number().int().positive(),
  title: z.string(),
  hours: z.number().int(),
  /** How many of the year's lessons the fill gives this topic (fewer than `hours` when the year runs out). */
  lessons: z.number().int(),
  /** Of those, how many are held by today (dated today or earlier, not cancelled). */
  given: z.number().int(),
  /** The first and last of its lessons' dates (null when it has none). */
  from: IsoDate.nullable(),
  to: IsoDate.nullable(),
});
export type PlanItem = z.infer<typeof PlanItem>;

export const TopicPlan = z.object({
  loadId: Id,
  className: z.string(),
  subjectName: z.string(),
  groupName: z.string().nullable(),
  teacherName: z.string(),
  /** The caller may change this plan. */
  writable: z.boolean(),
  /** The plan's version; 0 when the load has no plan yet. */
  version: z.number().int().nonnegative(),
  items: z.array(PlanItem),
  totalHours: z.number().int(),
  hoursPerWeek: z.number(),
  /**
   * The load's hours for the year: the number of its lessons in the year (not cancelled), from the
   * timetable. When the timetable has made no lessons yet: hours per week × study weeks.
   */
  yearHours: z.number().int(),
  yearHoursFrom: z.enum(['lessons', 'weeks']),
  /** The plan's hours differ from the year's: a warning, never a refusal. */
  warning: z.string().nullable(),
  /** Lessons scheduled up to today (cancelled ones too), as far as the plan covers them. */
  plannedToDate: z.number().int(),
  /** Lessons held up to today (not cancelled). */
  givenToDate: z.number().int(),
  /** Lessons of the year whose topic was written by hand (the fill leaves them). */
  handWritten: z.number().int(),
  today: IsoDate,
});
export type TopicPlan = z.infer<typeof TopicPlan>;

const MAX_BASE64 = Math.ceil(MAX_FILE_BYTES / 3) * 4;
const FileFields = {
  loadId: Id,
  fileName: z
    .string()
    .trim()
    .min(1, { error: 'Выберите файл' })
    .max(255, { error: 'Слишком длинное имя файла' }),
  content: z
    .string()
    .min(1, { error: 'Файл пуст' })
    .max(MAX_BASE64, { error: `Файл больше ${MAX_FILE_TEXT}` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'Файл передан повреждённым: выберите его ещё раз' }),
};

export const PlanPreview = z.object({
  rows: z.array(PreviewRow),
  counts: Counts,
  /** Topics of the plan now that the file no longer has (beyond its last row): they go. */
  removed: z.array(z.string()),
  /** The file's hours against the year's (a warning, as on screen). */
  warning: z.string().nullable(),
  totalHours: z.number().int(),
  hash: z.string(),
});
export type PlanPreview = z.infer<typeof PlanPreview>;

const FileOut = z.object({ fileName: z.string(), content: z.string() });
const WRITERS = ['teacher', 'deputy'] as const;

export const topicPlanApi = {
  'topicPlan.get': method({
    input: z.object({ loadId: Id }).strict(),
    output: TopicPlan,
    roles: JOURNAL_READERS,
    scope: { kind: 'topicPlan', field: 'loadId' },
    write: false,
    audience: 'staff',
  }),
  /** The whole list, in order; fills the year's lessons. `expectedVersion` 0: the load has no plan yet. */
  'topicPlan.save': method({
    input: z
      .object({
        loadId: Id,
        items: z.array(PlanItemInput).max(MAX_TOPICS, { error: `Не больше ${MAX_TOPICS} тем` }),
        expectedVersion: z.number().int().nonnegative(),
      })
      .strict(),
    output: TopicPlan,
    roles: WRITERS,
    scope: { kind: 'topicPlan', field: 'loadId' },
    write: true,
    audience: 'staff',
  }),
  'topicPlan.template': method({
    input: z.object({}).strict(),
    output: FileOut,
    roles: WRITERS,
    write: false,
    audience: 'staff',
  }),
  'topicPlan.export': method({
    input: z.object({ loadId: Id }).strict(),
    output: FileOut,
    roles: JOURNAL_READERS,
    scope: { kind: 'topicPlan', field: 'loadId' },
    write: false,
    audience: 'staff',
  }),
  /** What the file would make of the plan; only those who may change the plan ask. */
  'topicPlan.preview': method({
    input: z.object(FileFields).strict(),
    output: PlanPreview,
    roles: WRITERS,
    scope: { kind: 'topicPlanEditor', field: 'loadId' },
    write: false,
    audience: 'staff',
  }),
  'topicPlan.commit': method({
    input: z
      .object({
        ...FileFields,
        previewHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Сначала посмотрите предпросмотр' }),
        skipErrors: z.boolean(),
      })
      .strict(),
    output: z.object({ counts: Counts, skipped: z.number().int(), plan: TopicPlan }),
    roles: WRITERS,
    scope: { kind: 'topicPlan', field: 'loadId' },
    write: true,
    audience: 'staff',
  }),
} as const;

/** «Часов в плане 102, в году 102» or the mismatch as a warning. */
export function hoursWarning(planned: number, year: number, from: 'lessons' | 'weeks'): string | null {
  if (planned === year || planned === 0) return null;
  const h = (n: number) => `${n} ${plural(n, 'час', 'часа', 'часов')}`;
  const yearText =
    from === 'lessons' ? `уроков в году по расписанию — ${year}` : `по нагрузке в году — ${h(year)}`;
  return planned > year
    ? `В плане ${h(planned)}, а ${yearText}: последним темам не хватит уроков (${h(planned - year)}).`
    : `В плане ${h(planned)}, а ${yearText}: ${h(year - planned)} остаются без темы.`;
}
