import { z } from 'zod';
import { method } from '../api/define';
import { ExpectedVersion, Id, textField } from '../api/schemas';
import { JOURNAL_READERS, SCHOOL_WIDE_READERS } from '../auth/roles';
import {
  ClosingOverview,
  ClosingResult,
  ClosingTarget,
  FinalMark,
  FinalMarkKindSchema,
  FinalMarkValueSchema,
  LoadFinalMarks,
} from './schemas';

/**
 * The end of a period (issue 9): the deputy closes and reopens periods per class, parallel or school;
 * period, year, exam and final marks are set by the load's teacher or the deputy.
 */
export const periodsApi = {
  /** The deputy's «Закрытие периодов»: every period × class of a year, closed or not, what is missing. */
  'periods.overview': method({
    input: z.object({ yearId: Id }),
    output: ClosingOverview,
    roles: SCHOOL_WIDE_READERS,
    write: false,
    audience: 'staff',
  }),
  'periods.close': method({
    input: z.object({ periodId: Id, target: ClosingTarget }),
    output: ClosingResult,
    roles: ['deputy'],
    write: true,
    audience: 'staff',
  }),
  'periods.reopen': method({
    input: z.object({
      periodId: Id,
      target: ClosingTarget,
      reason: textField('Причина открытия периода', 500, { min: 3 }),
    }),
    output: ClosingResult,
    roles: ['deputy'],
    write: true,
    audience: 'staff',
  }),
  /** A load's period, year, exam and final marks, with the suggestion beside each. */
  'periods.finalMarks': method({
    input: z.object({ loadId: Id }),
    output: LoadFinalMarks,
    roles: JOURNAL_READERS,
    scope: { kind: 'load', field: 'loadId' },
    write: false,
    audience: 'staff',
  }),
  /** Sets (value) or clears (null) one final mark; expectedVersion null = the caller saw none. */
  'periods.setFinalMark': method({
    input: z.object({
      loadId: Id,
      studentId: Id,
      kind: FinalMarkKindSchema,
      periodId: Id.nullable(),
      value: FinalMarkValueSchema.nullable(),
      expectedVersion: ExpectedVersion,
    }),
    output: FinalMark.nullable(),
    roles: ['teacher', 'deputy'],
    scope: { kind: 'finalMarks', field: 'loadId' },
    write: true,
    audience: 'staff',
  }),
} as const;
