import { z } from 'zod';
import { method } from '../api/define';
import { Empty, Id, IsoDate, textField } from '../api/schemas';
import type { Role } from '../auth/roles';
import { MARKING_MODES } from '../journal/marks';

/**
 * The deputy's set-up of the year (000 §3.6: «Заместитель директора по УВР заполняет … годовой
 * календарный график, учебный план, расписание уроков»): the calendar, the curriculum, classes,
 * groups and the teaching load, and the rollover to the next year.
 *
 * Who: the deputy writes. The director reads (004 §4.1: sees everything, edits nothing); the
 * administrator reads, because the deputy hands the curriculum to them (004 §4.2) and they link
 * accounts to classes (002 §5.1); the inspector reads as everywhere. Teachers read the calendar, the
 * bells and the curriculum (what their lessons follow), not the school's whole load list.
 */
const WRITERS: readonly Role[] = ['deputy'];
const READERS: readonly Role[] = ['deputy', 'director', 'admin', 'inspector'];
const STAFF: readonly Role[] = ['deputy', 'director', 'admin', 'inspector', 'teacher'];

const grade = (what: string) =>
  z
    .number({ error: `${what}: ожидается число от 1 до 11` })
    .int({ error: `${what}: ожидается целое число от 1 до 11` })
    .min(1, { error: `${what}: от 1 до 11` })
    .max(11, { error: `${what}: от 1 до 11` });

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Время должно быть в формате ЧЧ:ММ' });

export const MarkingMode = z.enum(MARKING_MODES, {
  error: 'Оценивание: «отметки», «зачёт» или «без отметок»',
});
export const PeriodKind = z.enum(['quarter', 'trimester', 'half_year'], {
  error: 'Вид периодов: четверти, триместры или полугодия',
});
export type PeriodKind = z.infer<typeof PeriodKind>;

/** How many periods of each kind a year has, and how each is named («II триместр»). */
export const PERIODS_OF_KIND: Record<PeriodKind, { count: number; noun: string; plural: string }> = {
  quarter: { count: 4, noun: 'четверть', plural: 'четверти' },
  trimester: { count: 3, noun: 'триместр', plural: 'триместры' },
  half_year: { count: 2, noun: 'полугодие', plural: 'полугодия' },
};

const Hours = z
  .number({ error: 'Часов в неделю: ожидается число' })
  .min(0, { error: 'Часов в неделю: не меньше 0' })
  .max(12, { error: 'Часов в неделю: не больше 12' })
  .refine((h) => Number.isInteger(h * 2), { error: 'Часов в неделю: целое число или половина (0,5)' });

export const YearSummary = z.object({
  id: Id,
  name: z.string(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  /** After the rollover: readable, no longer writable. */
  archived: z.boolean(),
});
export type YearSummary = z.infer<typeof YearSummary>;

export const YearCalendar = z.object({
  year: YearSummary,
  /** The school's setting: 5 or 6 school days a week for grades 2–11 (grade 1 always has 5). */
  daysPerWeek: z.union([z.literal(5), z.literal(6)]),
  periods: z.array(
    z.object({
      id: Id,
      kind: PeriodKind,
      number: z.number().int(),
      name: z.string(),
      gradeFrom: z.number().int(),
      gradeTo: z.number().int(),
      startsOn: IsoDate,
      endsOn: IsoDate,
      closed: z.boolean(),
    }),
  ),
  holidays: z.array(
    z.object({
      id: Id,
      name: z.string(),
      gradeFrom: z.number().int(),
      gradeTo: z.number().int(),
      startsOn: IsoDate,
      endsOn: IsoDate,
    }),
  ),
  changes: z.array(
    z.object({
      id: Id,
      date: IsoDate,
      kind: z.enum(['day_off', 'school_day']),
      followsWeekday: z.number().int().nullable(),
      reason: z.string(),
    }),
  ),
  bellSchedules: z.array(
    z.object({
      id: Id,
      name: z.string(),
      gradeFrom: z.number().int(),
      gradeTo: z.number().int(),
      validFrom: IsoDate,
      validTo: IsoDate,
      bells: z.array(z.object({ number: z.number().int(), startsAt: z.string(), endsAt: z.string() })),
    }),
  ),
});
export type YearCalendar = z.infer<typeof YearCalendar>;

const Subject = z.object({ id: Id, name: z.string(), shortName: z.string() });

export const Curriculum = z.object({
  subjects: z.array(Subject),
  /** Grade rows (classId null) and the rows of profile classes that have a plan of their own. */
  items: z.array(
    z.object({
      id: Id,
      grade: z.number().int(),
      classId: Id.nullable(),
      subjectId: Id,
      hoursPerWeek: z.number(),
      marking: MarkingMode,
    }),
  ),
  classes: z.array(z.object({ id: Id, name: z.string(), grade: z.number().int(), ownPlan: z.boolean() })),
});
export type Curriculum = z.infer<typeof Curriculum>;

export const ClassesOverview = z.object({
  classes: z.array(
    z.object({
      id: Id,
      grade: z.number().int(),
      letter: z.string(),
      name: z.string(),
      classTeacherId: Id.nullable(),
      classTeacherName: z.string().nullable(),
      students: z.number().int(),
      groups: z.array(z.object({ id: Id, subjectId: Id, subjectName: z.string(), name: z.string() })),
      loads: z.array(
        z.object({
          id: Id,
          subjectId: Id,
          subjectName: z.string(),
          groupId: Id.nullable(),
          groupName: z.string().nullable(),
          teacherId: Id,
          teacherName: z.string(),
          hoursPerWeek: z.number(),
          marking: MarkingMode,
        }),
      ),
      /** Where the load's hours differ from the class's curriculum (warnings, not refusals). */
      warnings: z.array(z.string()),
    }),
  ),
  teachers: z.array(z.object({ id: Id, name: z.string() })),
  subjects: z.array(Subject),
});
export type ClassesOverview = z.infer<typeof ClassesOverview>;

const YearInput = z.object({ yearId: Id }).strict();
const Saved = z.object({ id: Id });

/** A band of grades (классы с … по …) that periods, holidays and bells apply to. */
const BAND = { gradeFrom: grade('Классы с'), gradeTo: grade('Классы по') };
const bandOk: [(v: { gradeFrom: number; gradeTo: number }) => boolean, { error: string; path: string[] }] = [
  (v) => v.gradeFrom <= v.gradeTo,
  { error: '«Классы по» не может быть меньше «Классы с»', path: ['gradeTo'] },
];
const rangeOk: [(v: { startsOn: string; endsOn: string }) => boolean, { error: string; path: string[] }] = [
  (v) => v.startsOn <= v.endsOn,
  { error: 'Дата окончания раньше даты начала', path: ['endsOn'] },
];

export const schoolYearApi = {
  'year.years': method({
    input: Empty,
    output: z.array(YearSummary),
    roles: STAFF,
    write: false,
    audience: 'staff',
  }),
  'year.calendar': method({
    input: YearInput,
    output: YearCalendar,
    roles: STAFF,
    write: false,
    audience: 'staff',
  }),
  /** A new year from the federal defaults (calendar, bells, curriculum) in one step. */
  'year.create': method({
    input: z
      .object({
        startYear: z
          .number({ error: 'Год начала: ожидается число' })
          .int({ error: 'Год начала: ожидается целое число' })
          .min(2000, { error: 'Год начала: не раньше 2000' })
          .max(2100, { error: 'Год начала: не позже 2100' }),
      })
      .strict(),
    output: YearSummary,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  /** The periods of a band of grades: quarters, trimesters or half-years, replacing the band's current ones. */
  'year.setPeriods': method({
    input: z
      .object({
        yearId: Id,
        kind: PeriodKind,
        ...BAND,
        periods: z
          .array(
            z
              .object({ startsOn: IsoDate, endsOn: IsoDate })
              .strict()
              .refine(...rangeOk),
          )
          .min(2, { error: 'Периодов: не меньше двух' })
          .max(4, { error: 'Периодов: не больше четырёх' }),
      })
      .strict()
      .refine(...bandOk),
    output: YearCalendar,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.saveHoliday': method({
    input: z
      .object({
        yearId: Id,
        holidayId: Id.nullable(),
        name: textField('Название', 100, { min: 1 }),
        ...BAND,
        startsOn: IsoDate,
        endsOn: IsoDate,
      })
      .strict()
      .refine(...bandOk)
      .refine(...rangeOk),
    output: YearCalendar,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.deleteHoliday': method({
    input: z.object({ holidayId: Id }).strict(),
    output: YearCalendar,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  /** A перенос: a weekday off, or a weekend school day following another weekday's timetable. */
  'year.saveChange': method({
    input: z
      .object({
        yearId: Id,
        date: IsoDate,
        kind: z.enum(['day_off', 'school_day'], { error: 'Вид переноса: выходной или рабочий день' }),
        followsWeekday: z.number().int().min(1).max(6).nullable(),
        reason: textField('Основание', 200),
      })
      .strict()
      .refine((v) => (v.kind === 'school_day') === (v.followsWeekday !== null), {
        error:
          'Для рабочего дня укажите, по расписанию какого дня недели он идёт; для выходного — не указывайте',
        path: ['followsWeekday'],
      }),
    output: YearCalendar,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.deleteChange': method({
    input: z.object({ changeId: Id }).strict(),
    output: YearCalendar,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.setDaysPerWeek': method({
    input: z
      .object({
        yearId: Id,
        daysPerWeek: z.union([z.literal(5), z.literal(6)], { error: 'Учебных дней в неделю: 5 или 6' }),
      })
      .strict(),
    output: YearCalendar,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.saveBells': method({
    input: z
      .object({
        scheduleId: Id,
        bells: z
          .array(z.object({ number: z.number().int().min(0).max(10), startsAt: Time, endsAt: Time }).strict())
          .min(1, { error: 'Звонков: хотя бы один урок' })
          .max(11),
      })
      .strict(),
    output: YearCalendar,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.curriculum': method({
    input: YearInput,
    output: Curriculum,
    roles: STAFF,
    write: false,
    audience: 'staff',
  }),
  /**
   * Hours and marking of a subject in a grade's plan, or in a profile class's own plan (classId);
   * 0 hours removes the subject. A class's first own row starts its plan as a copy of its grade's.
   */
  'year.setCurriculumItem': method({
    input: z
      .object({
        yearId: Id,
        grade: grade('Класс'),
        classId: Id.nullable(),
        subjectId: Id,
        hoursPerWeek: Hours,
        marking: MarkingMode,
      })
      .strict(),
    output: Curriculum,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.addSubject': method({
    input: z
      .object({
        name: textField('Название предмета', 100, { min: 2 }),
        shortName: textField('Краткое название', 20, { min: 1 }),
      })
      .strict(),
    output: Saved,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.classes': method({
    input: YearInput,
    output: ClassesOverview,
    roles: READERS,
    write: false,
    audience: 'staff',
  }),
  'year.saveClass': method({
    input: z
      .object({
        yearId: Id,
        classId: Id.nullable(),
        grade: grade('Параллель'),
        letter: textField('Буква', 3, { min: 1 }).refine((s) => /^[А-ЯЁ0-9]{1,3}$/u.test(s.toUpperCase()), {
          error: 'Буква: заглавная русская буква или цифра («А», «Б»)',
        }),
        classTeacherId: Id.nullable(),
      })
      .strict(),
    output: Saved,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.saveGroup': method({
    input: z
      .object({ classId: Id, subjectId: Id, name: textField('Название группы', 40, { min: 1 }) })
      .strict(),
    output: Saved,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.deleteGroup': method({
    input: z.object({ groupId: Id }).strict(),
    output: Saved,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  /** Teacher × subject × class or group, with hours; a subject outside the class's curriculum is refused. */
  'year.saveLoad': method({
    input: z
      .object({
        loadId: Id.nullable(),
        classId: Id,
        groupId: Id.nullable(),
        subjectId: Id,
        teacherId: Id,
        hoursPerWeek: Hours.refine((h) => h > 0, { error: 'Часов в неделю: больше 0' }),
      })
      .strict(),
    output: z.object({ id: Id, warnings: z.array(z.string()) }),
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  'year.deleteLoad': method({
    input: z.object({ loadId: Id }).strict(),
    output: Saved,
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
  /**
   * Next year's classes from this year's (5А → 6А, class teachers kept, students carried from the
   * new year's start); grade 11 and the 9th classes not named in `continuing` leave; this year is archived.
   */
  'year.rollover': method({
    input: z.object({ fromYearId: Id, continuing: z.array(Id).max(20) }).strict(),
    output: z.object({
      year: YearSummary,
      classes: z.number().int(),
      students: z.number().int(),
      graduates: z.number().int(),
    }),
    roles: WRITERS,
    write: true,
    audience: 'staff',
  }),
} as const;
