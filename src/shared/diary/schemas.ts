import { z } from 'zod';
import { Id, IsoDate } from '../api/schemas';
import { AbsenceCodeSchema, MarkValueSchema } from '../journal/schemas';
import { FinalMarkValueSchema } from '../periods/schemas';

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
  /** The year's period and year marks per subject (final_mark): `periods[i]` is the mark of `results.periods[i]`. */
  results: z.object({
    periods: z.array(z.object({ id: Id, name: z.string() })),
    /** The period the week falls in (or the last one begun): the average and forecast are of it. */
    current: z.object({ id: Id, name: z.string() }).nullable(),
    subjects: z.array(
      z.object({
        subject: z.string(),
        periods: z.array(FinalMarkValueSchema.nullable()),
        year: FinalMarkValueSchema.nullable(),
        /** The weighted average of the current period's marks (null without point marks). */
        average: z.number().nullable(),
        /** The period mark the current marks lead to, and how many more marks the minimum needs. */
        forecast: z.object({ mark: z.string(), missing: z.number().int() }).nullable(),
      }),
    ),
  }),
});
export type DiaryWeek = z.infer<typeof DiaryWeek>;
