import { z } from 'zod';
import { method } from '../api/define';
import { Empty, Id, textField } from '../api/schemas';
import { MIN_MARKS_LIMIT, ROUNDING_RULES } from '../journal/grading';

/**
 * The school's grading settings (issue 9; domain-defaults §4.1, §4.3–4.5): the work types with their
 * weights, the mark scale, the rounding preset of suggested marks and the minimum of current marks.
 * The deputy edits them on «Оценивание»; every staff member reads them (the journal's suggestions).
 * One version for the whole settings: a write names the one it saw, a stale write is refused.
 */

export const WorkTypeRow = z.object({
  id: Id,
  name: z.string(),
  weight: z.number(),
  sortOrder: z.number().int(),
  archived: z.boolean(),
});
export type WorkTypeRow = z.infer<typeof WorkTypeRow>;

export const RoundingRuleSchema = z.enum(ROUNDING_RULES, {
  error: 'Правило округления: выберите один из вариантов «x.5», «x.6», «x.65»',
});

export const GradingRulesSchema = z
  .object({
    allowOne: z.boolean({ error: 'Отметка «1»: ожидается да или нет' }),
    rounding: RoundingRuleSchema,
    minMarks: z
      .number({ error: 'Минимум отметок: ожидается число' })
      .int({ error: 'Минимум отметок: целое число' })
      .min(1, { error: 'Минимум отметок: не меньше 1' })
      .max(MIN_MARKS_LIMIT, { error: `Минимум отметок: не больше ${MIN_MARKS_LIMIT}` }),
  })
  .strict();

export const GradingSettings = z.object({
  /** Moves with every change of the settings; a write names the one it saw. */
  version: z.number().int().nonnegative(),
  workTypes: z.array(WorkTypeRow),
  rules: GradingRulesSchema,
});
export type GradingSettings = z.infer<typeof GradingSettings>;

const SettingsVersion = z
  .number({ error: 'Версия настроек: ожидается число' })
  .int()
  .nonnegative()
  .describe('версия настроек, которую видел пользователь');

export const MAX_WEIGHT = 10;

/** A weight of zero or less would divide by nothing: refused, as is more than two decimals. */
export const WeightSchema = z
  .number({ error: 'Вес: ожидается число' })
  .gt(0, { error: 'Вес: должен быть больше нуля' })
  .max(MAX_WEIGHT, { error: `Вес: не больше ${MAX_WEIGHT}` })
  .refine((w) => Math.abs(w * 100 - Math.round(w * 100)) < 1e-9, {
    error: 'Вес: не больше двух знаков после запятой',
  });

export const SaveWorkTypeInput = z
  .object({
    expectedVersion: SettingsVersion,
    /** null: a new work type. */
    id: Id.nullable(),
    name: textField('Название вида работы', 100, { min: 1 }),
    weight: WeightSchema,
    /** An archived type is no longer offered for new marks; its marks keep it. */
    archived: z.boolean({ error: 'Архив: ожидается да или нет' }),
  })
  .strict();

/**
 * How many current marks were given with each work type (a used one is archived, never deleted):
 * a scan of all marks, so apart from the settings, which every journal page reads.
 */
export const WorkTypeUse = z.array(z.object({ workTypeId: Id, marks: z.number().int().positive() }));

export const RemoveWorkTypeResult = z.object({
  settings: GradingSettings,
  /** An unused type is deleted; one that marks were given with is archived instead. */
  outcome: z.enum(['deleted', 'archived']),
});

const STAFF_READERS = ['admin', 'director', 'deputy', 'inspector', 'teacher'] as const;

export const gradingApi = {
  'grading.settings': method({
    input: Empty,
    output: GradingSettings,
    roles: STAFF_READERS,
    write: false,
    audience: 'staff',
  }),
  'grading.workTypeUse': method({
    input: Empty,
    output: WorkTypeUse,
    roles: ['director', 'deputy', 'inspector'],
    write: false,
    audience: 'staff',
  }),
  'grading.saveWorkType': method({
    input: SaveWorkTypeInput,
    output: GradingSettings,
    roles: ['deputy'],
    write: true,
    audience: 'staff',
  }),
  'grading.removeWorkType': method({
    input: z.object({ expectedVersion: SettingsVersion, id: Id }).strict(),
    output: RemoveWorkTypeResult,
    roles: ['deputy'],
    write: true,
    audience: 'staff',
  }),
  'grading.saveRules': method({
    input: GradingRulesSchema.extend({ expectedVersion: SettingsVersion }).strict(),
    output: GradingSettings,
    roles: ['deputy'],
    write: true,
    audience: 'staff',
  }),
} as const;
