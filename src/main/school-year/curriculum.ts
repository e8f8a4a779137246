import type { ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { searchKey } from '../../shared/i18n/names';
import type { MarkingMode } from '../../shared/journal/marks';
import type { Curriculum } from '../../shared/school-year/contract';
import type { Database } from '../db/database';
import type { AuthedContext } from '../router/context';
import { assertYearOpen, findYear } from './school';

/**
 * The curriculum (учебный план): hours per week and marking per subject, for each grade of a year,
 * and for a profile class that has a plan of its own (migration 0006). A class with rows of its own
 * follows only them; every other class follows its grade's rows.
 */

export interface PlanRow {
  subjectId: number;
  subjectName: string;
  hours: number;
  marking: MarkingMode;
}

/** The plan a class follows: its own rows if it has any, else its grade's. */
export function classPlan(db: Database, classId: number): PlanRow[] {
  const cls = db.first(
    db.builder.selectFrom('class').select(['academic_year_id', 'grade']).where('id', '=', classId),
  );
  if (!cls) return [];
  const rows = (own: boolean) =>
    db.all(
      db.builder
        .selectFrom('curriculum_item as i')
        .innerJoin('subject as s', 's.id', 'i.subject_id')
        .select(['i.subject_id', 's.name', 'i.hours_per_week', 'i.marking_mode'])
        .where('i.academic_year_id', '=', cls.academic_year_id)
        .where('i.grade', '=', cls.grade)
        .where((eb) => (own ? eb('i.class_id', '=', classId) : eb('i.class_id', 'is', null)))
        .orderBy('s.sort_order'),
    );
  const own = rows(true);
  return (own.length > 0 ? own : rows(false)).map((r) => ({
    subjectId: r.subject_id,
    subjectName: r.name,
    hours: r.hours_per_week,
    marking: r.marking_mode,
  }));
}

export function readCurriculum(db: Database, yearId: number): Curriculum {
  findYear(db, yearId);
  const subjects = db
    .all(
      db.builder
        .selectFrom('subject')
        .select(['id', 'name', 'short_name'])
        .orderBy('sort_order')
        .orderBy('name'),
    )
    .map((s) => ({ id: s.id, name: s.name, shortName: s.short_name }));
  const items = db
    .all(
      db.builder
        .selectFrom('curriculum_item')
        .selectAll()
        .where('academic_year_id', '=', yearId)
        .orderBy('grade')
        .orderBy('id'),
    )
    .map((i) => ({
      id: i.id,
      grade: i.grade,
      classId: i.class_id,
      subjectId: i.subject_id,
      hoursPerWeek: i.hours_per_week,
      marking: i.marking_mode,
    }));
  const withOwn = new Set(items.map((i) => i.classId).filter((id) => id !== null));
  const classes = db
    .all(
      db.builder
        .selectFrom('class')
        .select(['id', 'name', 'grade', 'letter'])
        .where('academic_year_id', '=', yearId)
        .orderBy('grade')
        .orderBy('letter'),
    )
    .map((c) => ({ id: c.id, name: c.name, grade: c.grade, ownPlan: withOwn.has(c.id) }));
  return { subjects, items, classes };
}

export function curriculum(ctx: AuthedContext, input: ParsedInput<'year.curriculum'>): Curriculum {
  return readCurriculum(ctx.db, input.yearId);
}

export function setCurriculumItem(
  ctx: AuthedContext,
  input: ParsedInput<'year.setCurriculumItem'>,
): Curriculum {
  const { db } = ctx;
  findYear(db, input.yearId);
  assertYearOpen(db, input.yearId);
  const subject = db.first(
    db.builder.selectFrom('subject').select(['id', 'name']).where('id', '=', input.subjectId),
  );
  if (!subject) throw new ApiError('NOT_FOUND', 'Предмет не найден', 'subjectId');
  let grade = input.grade;
  if (input.classId !== null) {
    const cls = db.first(
      db.builder
        .selectFrom('class')
        .select(['grade', 'name'])
        .where('id', '=', input.classId)
        .where('academic_year_id', '=', input.yearId),
    );
    if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден в этом учебном году', 'classId');
    grade = cls.grade;
    const hasOwn = db.first(
      db.builder.selectFrom('curriculum_item').select('id').where('class_id', '=', input.classId).limit(1),
    );
    // A profile class's plan starts as a copy of its grade's, then differs where the deputy edits it.
    if (!hasOwn) {
      for (const r of classPlan(db, input.classId))
        db.run(
          db.builder.insertInto('curriculum_item').values({
            academic_year_id: input.yearId,
            grade,
            class_id: input.classId,
            subject_id: r.subjectId,
            hours_per_week: r.hours,
            marking_mode: r.marking,
          }),
        );
    }
  }
  const existing = db.first(
    db.builder
      .selectFrom('curriculum_item')
      .selectAll()
      .where('academic_year_id', '=', input.yearId)
      .where('grade', '=', grade)
      .where('subject_id', '=', input.subjectId)
      .where((eb) =>
        input.classId === null ? eb('class_id', 'is', null) : eb('class_id', '=', input.classId),
      ),
  );
  if (input.hoursPerWeek === 0) {
    if (existing) db.run(db.builder.deleteFrom('curriculum_item').where('id', '=', existing.id));
  } else if (existing) {
    db.run(
      db.builder
        .updateTable('curriculum_item')
        .set({ hours_per_week: input.hoursPerWeek, marking_mode: input.marking })
        .where('id', '=', existing.id),
    );
  } else {
    db.run(
      db.builder.insertInto('curriculum_item').values({
        academic_year_id: input.yearId,
        grade,
        class_id: input.classId,
        subject_id: input.subjectId,
        hours_per_week: input.hoursPerWeek,
        marking_mode: input.marking,
      }),
    );
  }
  ctx.audit({
    entity: 'curriculum_item',
    entityId: existing?.id ?? null,
    before: existing ?? null,
    after: { ...input, grade, subject: subject.name },
  });
  return readCurriculum(db, input.yearId);
}

export function addSubject(ctx: AuthedContext, input: ParsedInput<'year.addSubject'>): { id: number } {
  const { db } = ctx;
  const key = searchKey(input.name);
  const same = db.first(db.builder.selectFrom('subject').select('name').where('search_name', '=', key));
  if (same) throw new ApiError('VALIDATION', `Предмет «${same.name}» уже есть в списке`, 'name');
  const order =
    db.first(db.builder.selectFrom('subject').select((eb) => eb.fn.max('sort_order').as('n')))?.n ?? 0;
  const id = db.run(
    db.builder
      .insertInto('subject')
      .values({ name: input.name, short_name: input.shortName, search_name: key, sort_order: order + 1 }),
  ).lastId;
  ctx.audit({ entity: 'subject', entityId: id, before: null, after: input });
  return { id };
}
