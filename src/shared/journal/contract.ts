import { z } from 'zod';
import { method } from '../api/define';
import { Empty, ExpectedVersion, Id, IsoDate, textField } from '../api/schemas';
import { JOURNAL_READERS } from '../auth/roles';
import {
  Absence,
  AbsenceCodeSchema,
  JournalPage,
  Lesson,
  LoadSummary,
  Mark,
  MarkValueSchema,
} from './schemas';

/** The class journal: teaching loads, pages, marks, absences, lessons. */
export const journalApi = {
  'journal.myLoads': method({
    input: Empty,
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
  'journal.setMark': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      value: MarkValueSchema,
      workTypeId: Id.optional(),
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
      expectedVersion: ExpectedVersion,
    }),
    output: Absence,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  'journal.clearCell': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      markVersion: ExpectedVersion,
      absenceVersion: ExpectedVersion,
    }),
    output: Empty,
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
      expectedVersion: z.number().int().positive(),
    }),
    output: Lesson,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
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
