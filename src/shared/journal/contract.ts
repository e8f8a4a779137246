import { z } from 'zod';
import { method } from '../api/define';
import { Empty, ExpectedVersion, Id, IsoDate, textField } from '../api/schemas';
import { JOURNAL_READERS } from '../auth/roles';
import { MinutesLateSchema } from './cell-states';
import { CellHistory } from './history';
import {
  Absence,
  AbsenceCodeSchema,
  JournalPage,
  Lesson,
  LoadSummary,
  Mark,
  MarkValueSchema,
  OwedWork,
  SlotSchema,
} from './schemas';

/** A mark's note: one line, short (it shows in the cell's tooltip and menu). */
const MarkComment = textField('Комментарий к отметке', 200);

/** The version of each mark the caller saw in a cell, by slot (a Delete clears exactly these). */
const SeenMarks = z
  .array(z.object({ slot: SlotSchema, version: z.number().int().positive() }))
  .max(5, { error: 'В одной клетке не больше 5 отметок' });

/** The class journal: teaching loads, pages, marks, absences, lessons. */
export const journalApi = {
  'journal.myLoads': method({
    /** The pages of the current academic year, or of the year asked for. */
    input: z.object({ yearId: Id.optional() }).strict(),
    output: z.array(LoadSummary),
    roles: JOURNAL_READERS,
    write: false,
    audience: 'staff',
  }),
  'journal.page': method({
    /** One period (the current one by default), or the whole academic year with `wholeYear`. */
    input: z.object({ loadId: Id, periodId: Id.optional(), wholeYear: z.boolean().optional() }),
    output: JournalPage,
    roles: JOURNAL_READERS,
    scope: { kind: 'load', field: 'loadId' },
    write: false,
    audience: 'staff',
  }),
  /**
   * Sets the mark in one slot of a cell: replaces it (expectedVersion = its version) or puts a new one
   * there (expectedVersion null; a second mark is the next free slot). A new mark without workTypeId
   * gets the lesson's work type, or the school's default; a replaced one keeps its own.
   */
  'journal.setMark': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      /** 1 when left out: the cell's first mark (a client of one mark per cell). */
      slot: SlotSchema.optional(),
      value: MarkValueSchema,
      workTypeId: Id.optional(),
      /** Left out: a replaced mark keeps its comment, a new one has none. */
      comment: MarkComment.optional(),
      /**
       * Asked for as a retake (the cell menu's «Пересдача»): refused where the student did not miss
       * the lesson. Left out, a mark on a missed lesson is a retake all the same (retakes.ts).
       */
      retake: z.boolean().optional(),
      expectedVersion: ExpectedVersion,
    }),
    output: Mark,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  'journal.setAbsence': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      code: AbsenceCodeSchema,
      /** Minutes late, only with 'late'; null clears them; left out: a late arrival keeps its minutes. */
      minutesLate: MinutesLateSchema.nullable().optional(),
      expectedVersion: ExpectedVersion,
    }),
    output: Absence,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /** A mark's work type (its weight is copied from it) and comment, changed from the cell's menu. */
  'journal.updateMark': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      slot: SlotSchema,
      workTypeId: Id,
      comment: MarkComment,
      expectedVersion: z.number().int().positive(),
    }),
    output: Mark,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /** One mark of a cell removed; the others keep their slots. */
  'journal.deleteMark': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      slot: SlotSchema,
      expectedVersion: z.number().int().positive(),
    }),
    output: Empty,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /**
   * Everything in a cell removed (Delete). `marks` lists the marks the caller saw; without it (a
   * client of one mark per cell) `markVersion` is the first mark's, and a cell holding more is stale.
   */
  'journal.clearCell': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      markVersion: ExpectedVersion,
      marks: SeenMarks.optional(),
      absenceVersion: ExpectedVersion,
    }),
    output: Empty,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /**
   * An emptied cell filled again as it was (the undo of a Delete), in one write: refused when the
   * cell holds anything now.
   */
  'journal.restoreCell': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      marks: z
        .array(z.object({ slot: SlotSchema, value: MarkValueSchema, workTypeId: Id, comment: MarkComment }))
        .max(5, { error: 'В одной клетке не больше 5 отметок' }),
      absence: AbsenceCodeSchema.nullable(),
    }),
    output: z.object({ marks: z.array(Mark), absence: Absence.nullable() }),
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /** An owed work (долг) put on a cell, or its due date moved (expectedVersion = the one seen). */
  'journal.setOwed': method({
    input: z.object({ lessonId: Id, studentId: Id, dueOn: IsoDate, expectedVersion: ExpectedVersion }),
    output: OwedWork,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /** An owed work taken off a cell without a mark (the teacher no longer waits for it). */
  'journal.clearOwed': method({
    input: z.object({ lessonId: Id, studentId: Id, expectedVersion: z.number().int().positive() }),
    output: Empty,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /** «Посещаемость отмечена: все присутствуют»: the lesson's attendance taken with nobody absent. */
  'journal.markAttendanceTaken': method({
    input: z.object({ lessonId: Id }),
    output: z.object({ lessonId: Id, attendanceTakenAt: z.string() }),
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  'journal.updateLesson': method({
    input: z.object({
      lessonId: Id,
      topic: textField('Тема урока', 500),
      homework: textField('Домашнее задание', 2000, { multiline: true }),
      /** The work type of the lesson's new marks (null = the school's default); left out = unchanged. */
      workTypeId: Id.nullable().optional(),
      expectedVersion: z.number().int().positive(),
    }),
    output: Lesson,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  /** A cell's history from the audit log (who set what, when, what it replaced), for the side panel. */
  'journal.cellHistory': method({
    input: z.object({ lessonId: Id, studentId: Id }),
    output: CellHistory,
    roles: JOURNAL_READERS,
    scope: { kind: 'lesson', field: 'lessonId' },
    write: false,
    audience: 'staff',
  }),
  'journal.addLesson': method({
    input: z.object({
      loadId: Id,
      date: IsoDate,
      number: z
        .number()
        .int()
        .min(0, { error: 'Номер урока от 0 до 10' })
        .max(10, { error: 'Номер урока от 0 до 10' }),
    }),
    output: Lesson,
    roles: ['teacher'],
    scope: { kind: 'load', field: 'loadId' },
    write: true,
    audience: 'staff',
  }),
} as const;
