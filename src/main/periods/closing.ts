import { sql } from 'kysely';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { initials } from '../../shared/i18n/names';
import type { ClosingOverview } from '../../shared/periods/schemas';
import { topic } from '../../shared/sync/topics';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { classesOfYear } from '../school-year/class-row';
import { inClassDuring } from '../school-year/enrollment';
import { type PeriodRow, periodRow, periodsOfYear } from '../school-year/period-rows';
import { assertYearOpen, findYear } from '../school-year/school';

/**
 * Closing a period (002 §5.2, 004 §4.5): the deputy closes a period for a class, a parallel or the
 * school; the one check (school-year/school.ts assertPeriodOpen) then refuses every write of that
 * class in that period until the deputy reopens it with a reason. Both are audited, one row per class.
 */

/** Every closing of the year's periods, the current ones (reopened_at NULL) and the past ones. */
const closingsOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('period_closure as pc')
    .innerJoin('period as p', 'p.id', 'pc.period_id')
    .leftJoin('user_account as u', 'u.id', 'pc.closed_by')
    .select([
      'pc.id',
      'pc.period_id as periodId',
      'pc.class_id as classId',
      'pc.closed_at as closedAt',
      'pc.reopened_at as reopenedAt',
      'pc.reopen_reason as reopenReason',
      'u.last_name as lastName',
      'u.first_name as firstName',
      'u.middle_name as middleName',
    ])
    .where('p.academic_year_id', '=', p.yearId)
    .orderBy('pc.id'),
);

/**
 * Students × marked subjects of each class without a period mark, per period: a student counts on a
 * page where they were in the class (and its group) on some day of the period.
 */
const missingOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('period as p')
    .innerJoin('teaching_load as l', (j) =>
      j.onRef('l.academic_year_id', '=', 'p.academic_year_id').on('l.marking_mode', '<>', 'none'),
    )
    .innerJoin('class as c', (j) =>
      j
        .onRef('c.id', '=', 'l.class_id')
        .onRef('c.grade', '>=', 'p.grade_from')
        .onRef('c.grade', '<=', 'p.grade_to'),
    )
    .innerJoin('class_enrollment as e', 'e.class_id', 'l.class_id')
    .where((eb) => inClassDuring(eb, 'e', eb.ref('p.starts_on'), eb.ref('p.ends_on')))
    .where((eb) =>
      eb.or([
        eb('l.group_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('group_member as gm')
            .select('gm.student_id')
            .whereRef('gm.group_id', '=', 'l.group_id')
            .whereRef('gm.student_id', '=', 'e.student_id'),
        ),
      ]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('final_mark as f')
            .select('f.id')
            .where('f.kind', '=', 'period')
            .whereRef('f.period_id', '=', 'p.id')
            .whereRef('f.student_id', '=', 'e.student_id')
            .whereRef('f.subject_id', '=', 'l.subject_id'),
        ),
      ),
    )
    .where('p.academic_year_id', '=', p.yearId)
    .select([
      'p.id as periodId',
      'l.class_id as classId',
      sql<number>`count(DISTINCT l.id || '/' || e.student_id)`.as('n'),
    ])
    .groupBy(['p.id', 'l.class_id']),
);

export function overview(
  ctx: AuthedContext,
  input: ParsedInput<'periods.overview'>,
): Output<'periods.overview'> {
  const { db } = ctx;
  const year = findYear(db, input.yearId);
  const periods = db.all(periodsOfYear, { yearId: year.id });
  const classes = db.all(classesOfYear, { yearId: year.id });
  const closings = db.all(closingsOfYear, { yearId: year.id });
  const missing = new Map(
    db.all(missingOfYear, { yearId: year.id }).map((m) => [`${m.periodId}/${m.classId}`, m.n]),
  );
  const cells: ClosingOverview['cells'] = [];
  for (const p of periods) {
    for (const c of classes) {
      if (c.grade < p.gradeFrom || c.grade > p.gradeTo) continue;
      const mine = closings.filter((x) => x.periodId === p.id && x.classId === c.id);
      const current = mine.find((x) => x.reopenedAt === null);
      const reopened = mine.filter((x) => x.reopenedAt !== null).at(-1);
      cells.push({
        periodId: p.id,
        classId: c.id,
        closed: current !== undefined,
        closedAt: current?.closedAt ?? null,
        closedBy: current?.lastName
          ? initials(current as { lastName: string; firstName: string; middleName: string | null })
          : null,
        reopenedAt: reopened?.reopenedAt ?? null,
        reopenReason: reopened?.reopenReason ?? null,
        missing: missing.get(`${p.id}/${c.id}`) ?? 0,
      });
    }
  }
  return {
    year: { id: year.id, name: year.name, archived: year.archived_at !== null },
    periods,
    classes,
    cells,
  };
}

const currentClosing = prepared<{ periodId: number; classId: number }>()((db, p) =>
  db
    .selectFrom('period_closure')
    .select(['id', 'closed_at as closedAt', 'closed_by as closedBy'])
    .where('period_id', '=', p.periodId)
    .where('class_id', '=', p.classId)
    .where('reopened_at', 'is', null),
);

const loadsOfClass = prepared<{ classId: number }>()((db, p) =>
  db.selectFrom('teaching_load').select('id').where('class_id', '=', p.classId),
);

type Period = PeriodRow;
function findPeriod(db: Database, periodId: number) {
  const period = periodRow(db, periodId);
  if (!period) throw new ApiError('NOT_FOUND', 'Учебный период не найден', 'periodId');
  return period;
}

type Target = ParsedInput<'periods.close'>['target'];

/** The classes a target names, among those the period is for; refused when it names none. */
function classesOf(db: Database, period: Period, target: Target) {
  const inBand = db
    .all(classesOfYear, { yearId: period.yearId })
    .filter((c) => c.grade >= period.gradeFrom && c.grade <= period.gradeTo);
  if (target.scope === 'class') {
    const cls = inBand.find((c) => c.id === target.classId);
    if (!cls) {
      throw new ApiError(
        'VALIDATION',
        `Период «${period.name}» не относится к этому классу: он для ${period.gradeFrom}–${period.gradeTo} классов этого года`,
        'target.classId',
      );
    }
    return [cls];
  }
  if (target.scope === 'parallel') {
    const parallel = inBand.filter((c) => c.grade === target.grade);
    if (parallel.length === 0) {
      throw new ApiError(
        'VALIDATION',
        `В ${target.grade}-й параллели нет классов, для которых задан период «${period.name}»`,
        'target.grade',
      );
    }
    return parallel;
  }
  if (inBand.length === 0)
    throw new ApiError('VALIDATION', `Для периода «${period.name}» в школе нет классов`, 'target');
  return inBand;
}

function refreshClass(ctx: AuthedContext, classId: number): void {
  ctx.changed(topic.class(classId), ...ctx.db.all(loadsOfClass, { classId }).map((l) => topic.load(l.id)));
}

export function close(ctx: AuthedContext, input: ParsedInput<'periods.close'>): Output<'periods.close'> {
  const { db } = ctx;
  const period = findPeriod(db, input.periodId);
  assertYearOpen(db, period.yearId);
  const at = ctx.now.toISOString();
  const result: Output<'periods.close'> = { changed: [], unchanged: [] };
  for (const c of classesOf(db, period, input.target)) {
    const named = { classId: c.id, className: c.name };
    if (db.first(currentClosing, { periodId: period.id, classId: c.id })) {
      result.unchanged.push(named);
      continue;
    }
    const id = db.run(
      db.builder
        .insertInto('period_closure')
        .values({ period_id: period.id, class_id: c.id, closed_at: at, closed_by: ctx.actor.userId }),
    ).lastId;
    ctx.audit({
      entity: 'period_closure',
      entityId: id,
      before: { periodId: period.id, period: period.name, classId: c.id, className: c.name, closed: false },
      after: {
        periodId: period.id,
        period: period.name,
        classId: c.id,
        className: c.name,
        closed: true,
        closedAt: at,
      },
    });
    refreshClass(ctx, c.id);
    result.changed.push(named);
  }
  return result;
}

export function reopen(ctx: AuthedContext, input: ParsedInput<'periods.reopen'>): Output<'periods.reopen'> {
  const { db } = ctx;
  const period = findPeriod(db, input.periodId);
  assertYearOpen(db, period.yearId);
  const at = ctx.now.toISOString();
  const result: Output<'periods.reopen'> = { changed: [], unchanged: [] };
  for (const c of classesOf(db, period, input.target)) {
    const named = { classId: c.id, className: c.name };
    const current = db.first(currentClosing, { periodId: period.id, classId: c.id });
    if (!current) {
      result.unchanged.push(named);
      continue;
    }
    db.run(
      db.builder
        .updateTable('period_closure')
        .set({ reopened_at: at, reopened_by: ctx.actor.userId, reopen_reason: input.reason })
        .where('id', '=', current.id),
    );
    ctx.audit({
      entity: 'period_closure',
      entityId: current.id,
      before: {
        periodId: period.id,
        period: period.name,
        classId: c.id,
        className: c.name,
        closed: true,
        closedAt: current.closedAt,
      },
      after: {
        periodId: period.id,
        period: period.name,
        classId: c.id,
        className: c.name,
        closed: false,
        reason: input.reason,
      },
    });
    refreshClass(ctx, c.id);
    result.changed.push(named);
  }
  // Nothing was closed: somebody reopened it meanwhile, or the screen was stale. Say what is there now.
  if (result.changed.length === 0) {
    const what =
      input.target.scope === 'class'
        ? `${result.unchanged[0]!.className} класса`
        : input.target.scope === 'parallel'
          ? `классов ${input.target.grade}-й параллели`
          : 'классов школы';
    throw new ApiError('CONFLICT', `Период «${period.name}» уже открыт для ${what}: открывать нечего`);
  }
  return result;
}
