import { z } from 'zod';
import { method } from '../api/define';
import { Empty, Id, IsoDate, textField } from '../api/schemas';
import { JOURNAL_READERS } from '../auth/roles';

/**
 * Расписание (issue 8): the weekly timetable of a class, versioned from a date, the lessons it
 * generates over the calendar, and one day's changes (отмена, перенос, добавление, замена) with their
 * monthly register (002 §5.4). The deputy writes; teachers, class teachers and the administration read.
 */

const LessonNumber = z
  .number()
  .int()
  .min(0, { error: 'Номер урока от 0 до 10' })
  .max(10, { error: 'Номер урока от 0 до 10' });
const Weekday = z
  .number()
  .int()
  .min(1, { error: 'День недели от понедельника до субботы' })
  .max(6, { error: 'День недели от понедельника до субботы' });

export const TimetableLoad = z.object({
  loadId: Id,
  subjectName: z.string(),
  groupId: Id.nullable(),
  groupName: z.string().nullable(),
  teacherId: Id,
  teacherName: z.string(),
  hoursPerWeek: z.number(),
});
export type TimetableLoad = z.infer<typeof TimetableLoad>;

export const TimetableSlot = z.object({ weekday: Weekday, number: LessonNumber, loadId: Id });
export type TimetableSlot = z.infer<typeof TimetableSlot>;

export const ClassTimetable = z.object({
  classId: Id,
  className: z.string(),
  grade: z.number().int(),
  yearStartsOn: IsoDate,
  yearEndsOn: IsoDate,
  /** 5 or 6; grade 1 always 5 (СП 2.4.3648-20). */
  daysPerWeek: z.number().int(),
  versions: z.array(z.object({ id: Id, validFrom: IsoDate, validTo: IsoDate })),
  /** The version shown (the one asked for, else the one valid today, else the latest); null: none yet. */
  versionId: Id.nullable(),
  slots: z.array(TimetableSlot),
  loads: z.array(TimetableLoad),
});
export type ClassTimetable = z.infer<typeof ClassTimetable>;

/** A lesson that holds data and therefore stayed where it was when the timetable changed. */
export const KeptLesson = z.object({
  lessonId: Id,
  date: IsoDate,
  number: z.number().int(),
  subjectName: z.string(),
  groupName: z.string().nullable(),
  /** Russian: what it holds («тема, 3 отметки», «отменён», «замена»). */
  holds: z.string(),
});
export type KeptLesson = z.infer<typeof KeptLesson>;

export const SaveResult = z.object({
  versionId: Id,
  validFrom: IsoDate,
  validTo: IsoDate,
  created: z.number().int(),
  removed: z.number().int(),
  /** Lessons with data that do not fit the new timetable: they stay, and the deputy sees them here. */
  kept: z.array(KeptLesson),
});
export type SaveResult = z.infer<typeof SaveResult>;

export const DayLesson = z.object({
  lessonId: Id,
  classId: Id,
  className: z.string(),
  number: z.number().int(),
  loadId: Id,
  subjectName: z.string(),
  groupName: z.string().nullable(),
  regularTeacherId: Id,
  regularTeacherName: z.string(),
  /** Who gives (gave) it: differs from the regular teacher for a замена. */
  teacherId: Id,
  teacherName: z.string(),
  cancelled: z.boolean(),
  cancelReason: z.string(),
  movedFrom: z.object({ date: IsoDate, number: z.number().int() }).nullable(),
  holdsData: z.boolean(),
});
export type DayLesson = z.infer<typeof DayLesson>;

export const Person = z.object({ id: Id, name: z.string() });

export const RegisterRow = z.object({
  lessonId: Id,
  date: IsoDate,
  number: z.number().int(),
  className: z.string(),
  subjectName: z.string(),
  groupName: z.string().nullable(),
  kind: z.enum(['cancelled', 'substituted']),
  regularTeacherName: z.string(),
  /** The substitute; null for a cancelled lesson. */
  substituteName: z.string().nullable(),
  reason: z.string(),
});
export type RegisterRow = z.infer<typeof RegisterRow>;

export const RegisterTeacher = z.object({
  teacherId: Id,
  name: z.string(),
  /** Lessons this teacher gave for somebody else. */
  gave: z.number().int(),
  /** Lessons of this teacher's load given by somebody else. */
  replaced: z.number().int(),
  /** Lessons of this teacher's load cancelled. */
  cancelled: z.number().int(),
});

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Месяц должен быть в формате ГГГГ-ММ' });

const TIMETABLE_WRITERS = ['deputy'] as const;
const ADMINISTRATION = ['deputy', 'director', 'inspector'] as const;

export const timetableApi = {
  /** The classes of the current year and the teachers, for the screens' pickers. */
  'timetable.overview': method({
    input: Empty,
    output: z.object({
      yearId: Id.nullable(),
      yearName: z.string().nullable(),
      classes: z.array(z.object({ id: Id, name: z.string(), grade: z.number().int() })),
      teachers: z.array(Person),
    }),
    roles: JOURNAL_READERS,
    write: false,
    audience: 'staff',
  }),
  'timetable.classTimetable': method({
    input: z.object({ classId: Id, versionId: Id.optional() }),
    output: ClassTimetable,
    roles: JOURNAL_READERS,
    write: false,
    audience: 'staff',
  }),
  /**
   * A class's timetable from `validFrom` (a new version, or the version of that date replaced): the
   * lessons from that date on that hold nothing are generated anew; lessons with data stay.
   */
  'timetable.save': method({
    input: z.object({
      classId: Id,
      validFrom: IsoDate,
      slots: z.array(TimetableSlot).max(400, { error: 'Слишком много уроков в неделю' }),
    }),
    output: SaveResult,
    roles: TIMETABLE_WRITERS,
    write: true,
    audience: 'staff',
  }),
  'timetable.day': method({
    input: z.object({ date: IsoDate }),
    output: z.object({ date: IsoDate, lessons: z.array(DayLesson) }),
    roles: ADMINISTRATION,
    write: false,
    audience: 'staff',
  }),
  'timetable.cancelLesson': method({
    input: z.object({ lessonId: Id, reason: textField('Причина отмены', 200, { min: 1 }) }),
    output: DayLesson,
    roles: TIMETABLE_WRITERS,
    write: true,
    audience: 'staff',
  }),
  'timetable.restoreLesson': method({
    input: z.object({ lessonId: Id }),
    output: DayLesson,
    roles: TIMETABLE_WRITERS,
    write: true,
    audience: 'staff',
  }),
  /** Замена: `teacherId` gives the lesson (the load's own teacher undoes the substitution). */
  'timetable.substitute': method({
    input: z.object({ lessonId: Id, teacherId: Id }),
    output: DayLesson,
    roles: TIMETABLE_WRITERS,
    write: true,
    audience: 'staff',
  }),
  /** Перенос: only a lesson that holds nothing moves (a lesson's marks belong to its date). */
  'timetable.moveLesson': method({
    input: z.object({ lessonId: Id, date: IsoDate, number: LessonNumber }),
    output: DayLesson,
    roles: TIMETABLE_WRITERS,
    write: true,
    audience: 'staff',
  }),
  'timetable.addLesson': method({
    input: z.object({ loadId: Id, date: IsoDate, number: LessonNumber }),
    output: DayLesson,
    roles: TIMETABLE_WRITERS,
    write: true,
    audience: 'staff',
  }),
  /** Учёт пропущенных и замененных уроков (002 §5.4) for one month. */
  'timetable.register': method({
    input: z.object({ month: Month }),
    output: z.object({ month: Month, rows: z.array(RegisterRow), teachers: z.array(RegisterTeacher) }),
    roles: ADMINISTRATION,
    write: false,
    audience: 'staff',
  }),
} as const;
