import { sql } from 'kysely';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { GradingSettings } from '../../shared/grading/contract';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { getSetting, gradingRules, MARK_RULES_KEY, MARK_SCALE_KEY } from '../school-year/school';

/**
 * The school's grading settings: work types with their weights (work_type), the mark scale, the
 * rounding preset and the minimum of marks (setting). Every feature reads the rules through
 * school-year/school.ts gradingRules(); this module is the deputy's writing side. A weight is
 * copied on each mark when it is given, so a changed weight never rewrites a mark or an average
 * already there.
 */

/** One version for the whole settings, moved by every write: a stale write is refused. */
const VERSION_KEY = 'grading.version';

const workTypes = prepared()((db) =>
  db
    .selectFrom('work_type as w')
    .select(['w.id', 'w.name', 'w.weight', 'w.sort_order as sortOrder', 'w.archived_at as archivedAt'])
    .orderBy('w.archived_at')
    .orderBy('w.sort_order')
    .orderBy('w.id'),
);

const workTypeById = prepared<{ id: number }>()((db, p) =>
  db.selectFrom('work_type').select(['id', 'name', 'weight', 'archived_at']).where('id', '=', p.id),
);

const workTypeNames = prepared()((db) => db.selectFrom('work_type').select(['id', 'name']));

/** SQLite's lower() knows only ASCII: «Контрольная работа» and «контрольная работа» are told equal here. */
const sameName = (a: string, b: string) => a.toLocaleLowerCase('ru') === b.toLocaleLowerCase('ru');

const nextOrder = prepared()((db) =>
  db.selectFrom('work_type').select(sql<number>`coalesce(max(sort_order), -1) + 1`.as('n')),
);

// mark has no index on work_type_id (yet): one scan for all types, never one per type.
const useOfAll = prepared()((db) =>
  db
    .selectFrom('mark')
    .select(['work_type_id as workTypeId', (e) => e.fn.countAll<number>().as('marks')])
    .groupBy('work_type_id'),
);

const anyMarkOf = prepared<{ id: number }>()((db, p) =>
  db.selectFrom('mark').select('id').where('work_type_id', '=', p.id).limit(1),
);

export function settingsVersion(db: Database): number {
  return getSetting(db, VERSION_KEY, { version: 0 }).version;
}

export function readSettings(db: Database): GradingSettings {
  return {
    version: settingsVersion(db),
    workTypes: db.all(workTypes).map((w) => ({
      id: w.id,
      name: w.name,
      weight: w.weight,
      sortOrder: w.sortOrder,
      archived: w.archivedAt !== null,
    })),
    rules: gradingRules(db),
  };
}

function putSetting(db: Database, key: string, value: unknown): void {
  const text = JSON.stringify(value);
  db.run(
    db.builder
      .insertInto('setting')
      .values({ key, value: text })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: text })),
  );
}

/** Refuses a write made over settings that changed since the writer read them. */
function assertFresh(db: Database, expected: number, now: string): void {
  if (settingsVersion(db) !== expected)
    throw new ApiError(
      'CONFLICT',
      `Настройки оценивания уже изменил другой пользователь (сейчас: ${now}). Экран обновлён — проверьте и повторите.`,
      'expectedVersion',
    );
}

function bump(db: Database): void {
  putSetting(db, VERSION_KEY, { version: settingsVersion(db) + 1 });
}

const weightText = (w: number) => String(w).replace('.', ',');

export function settings(ctx: AuthedContext): Output<'grading.settings'> {
  return readSettings(ctx.db);
}

export function workTypeUse(ctx: AuthedContext): Output<'grading.workTypeUse'> {
  return ctx.db.all(useOfAll).map((u) => ({ workTypeId: u.workTypeId, marks: Number(u.marks) }));
}

export function saveWorkType(
  ctx: AuthedContext,
  input: ParsedInput<'grading.saveWorkType'>,
): Output<'grading.saveWorkType'> {
  const { db } = ctx;
  const before = input.id === null ? undefined : db.first(workTypeById, { id: input.id });
  if (input.id !== null && !before) {
    assertFresh(db, input.expectedVersion, 'этого вида работы больше нет');
    throw new ApiError('NOT_FOUND', 'Вид работы не найден', 'id');
  }
  assertFresh(
    db,
    input.expectedVersion,
    before
      ? `«${before.name}», вес ${weightText(before.weight)}${before.archived_at ? ', в архиве' : ''}`
      : 'список видов работ другой',
  );
  const same = db.all(workTypeNames).find((w) => sameName(w.name, input.name));
  if (same && same.id !== input.id)
    throw new ApiError('VALIDATION', `Вид работы «${same.name}» уже есть`, 'name');
  const archivedAt = input.archived ? (before?.archived_at ?? ctx.now.toISOString()) : null;
  let id = input.id;
  if (before) {
    db.run(
      db.builder
        .updateTable('work_type')
        .set({ name: input.name, weight: input.weight, archived_at: archivedAt })
        .where('id', '=', before.id),
    );
  } else {
    const order = db.first(nextOrder)?.n ?? 0;
    id = db.run(
      db.builder
        .insertInto('work_type')
        .values({ name: input.name, weight: input.weight, sort_order: order, archived_at: archivedAt }),
    ).lastId;
  }
  bump(db);
  ctx.audit({
    entity: 'work_type',
    entityId: id,
    before: before ?? null,
    after: { name: input.name, weight: input.weight, archived_at: archivedAt },
  });
  return readSettings(db);
}

export function removeWorkType(
  ctx: AuthedContext,
  input: ParsedInput<'grading.removeWorkType'>,
): Output<'grading.removeWorkType'> {
  const { db } = ctx;
  const before = db.first(workTypeById, { id: input.id });
  assertFresh(
    db,
    input.expectedVersion,
    before ? `«${before.name}», вес ${weightText(before.weight)}` : 'этого вида работы больше нет',
  );
  if (!before) throw new ApiError('NOT_FOUND', 'Вид работы не найден', 'id');
  let outcome: 'deleted' | 'archived' = 'archived';
  if (!db.first(anyMarkOf, { id: input.id })) {
    try {
      db.run(db.builder.deleteFrom('work_type').where('id', '=', input.id));
      outcome = 'deleted';
    } catch (e) {
      // Referenced elsewhere (a lesson's default work type…): kept, archived like a used one.
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw e;
    }
  }
  const archivedAt = before.archived_at ?? ctx.now.toISOString();
  if (outcome === 'archived')
    db.run(db.builder.updateTable('work_type').set({ archived_at: archivedAt }).where('id', '=', input.id));
  bump(db);
  ctx.audit({
    entity: 'work_type',
    entityId: input.id,
    before,
    after: outcome === 'deleted' ? null : { ...before, archived_at: archivedAt },
  });
  return { settings: readSettings(db), outcome };
}

export function saveRules(
  ctx: AuthedContext,
  input: ParsedInput<'grading.saveRules'>,
): Output<'grading.saveRules'> {
  const { db } = ctx;
  const before = gradingRules(db);
  assertFresh(
    db,
    input.expectedVersion,
    `округление «${before.rounding}», минимум отметок ${before.minMarks}, ` +
      `«1» ${before.allowOne ? 'используется' : 'не используется'}`,
  );
  putSetting(db, MARK_SCALE_KEY, { allowOne: input.allowOne });
  putSetting(db, MARK_RULES_KEY, { rounding: input.rounding, minMarks: input.minMarks });
  bump(db);
  ctx.audit({
    entity: 'setting',
    entityId: null,
    before: {
      [MARK_SCALE_KEY]: { allowOne: before.allowOne },
      [MARK_RULES_KEY]: { rounding: before.rounding, minMarks: before.minMarks },
    },
    after: {
      [MARK_SCALE_KEY]: { allowOne: input.allowOne },
      [MARK_RULES_KEY]: { rounding: input.rounding, minMarks: input.minMarks },
    },
  });
  return readSettings(db);
}

export const gradingHandlers = {
  'grading.settings': settings,
  'grading.workTypeUse': workTypeUse,
  'grading.saveWorkType': saveWorkType,
  'grading.removeWorkType': removeWorkType,
  'grading.saveRules': saveRules,
};
