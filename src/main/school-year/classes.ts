import type { ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { plural } from '../../shared/i18n/plural';
import type { ClassesOverview } from '../../shared/school-year/contract';
import { topic } from '../../shared/sync/topics';
import type { Database } from '../db/database';
import type { AuthedContext } from '../router/context';
import { classPlan } from './curriculum';
import { assertYearOpen, findYear } from './school';

/** Classes, their class teachers, groups (подгруппы) and the teaching load (нагрузка) of a year. */

const hoursText = (h: number) => `${String(h).replace('.', ',')} ${plural(h, 'час', 'часа', 'часов')}`;

/**
 * Where the load's hours differ from the class's curriculum, per subject: a whole-class page must
 * give the plan's hours, and so must each group of a split subject (each group has every lesson).
 * Warnings, not refusals: a school may share a subject between two teachers for a while.
 */
export function loadWarnings(db: Database, classId: number): string[] {
  const plan = classPlan(db, classId);
  const loads = db.all(
    db.builder
      .selectFrom('teaching_load as l')
      .innerJoin('subject as s', 's.id', 'l.subject_id')
      .leftJoin('class_group as g', 'g.id', 'l.group_id')
      .select(['l.subject_id', 's.name as subject', 'g.name as groupName', 'l.hours_per_week'])
      .where('l.class_id', '=', classId),
  );
  const warnings: string[] = [];
  for (const p of plan) {
    const of = loads.filter((l) => l.subject_id === p.subjectId);
    if (of.length === 0) {
      warnings.push(`${p.subjectName}: по учебному плану ${hoursText(p.hours)}, нагрузка не назначена`);
      continue;
    }
    for (const l of of) {
      if (l.hours_per_week !== p.hours)
        warnings.push(
          `${p.subjectName}${l.groupName ? ` (${l.groupName})` : ''}: в нагрузке ${hoursText(l.hours_per_week)}, по учебному плану ${hoursText(p.hours)}`,
        );
    }
  }
  return warnings;
}

function personName(u: { last_name: string; first_name: string; middle_name: string | null }): string {
  return [u.last_name, u.first_name, u.middle_name].filter(Boolean).join(' ');
}

export function classes(ctx: AuthedContext, input: ParsedInput<'year.classes'>): ClassesOverview {
  const { db } = ctx;
  findYear(db, input.yearId);
  const rows = db.all(
    db.builder
      .selectFrom('class as c')
      .leftJoin('user_account as t', 't.id', 'c.class_teacher_id')
      .select([
        'c.id',
        'c.grade',
        'c.letter',
        'c.name',
        'c.class_teacher_id',
        't.last_name',
        't.first_name',
        't.middle_name',
      ])
      .select((eb) =>
        eb
          .selectFrom('class_enrollment as e')
          .whereRef('e.class_id', '=', 'c.id')
          .where('e.left_on', 'is', null)
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('students'),
      )
      .where('c.academic_year_id', '=', input.yearId)
      .orderBy('c.grade')
      .orderBy('c.letter'),
  );
  const groups = db.all(
    db.builder
      .selectFrom('class_group as g')
      .innerJoin('class as c', 'c.id', 'g.class_id')
      .innerJoin('subject as s', 's.id', 'g.subject_id')
      .select(['g.id', 'g.class_id', 'g.subject_id', 's.name as subject', 'g.name'])
      .where('c.academic_year_id', '=', input.yearId)
      .orderBy('s.sort_order')
      .orderBy('g.name'),
  );
  const loads = db.all(
    db.builder
      .selectFrom('teaching_load as l')
      .innerJoin('subject as s', 's.id', 'l.subject_id')
      .innerJoin('user_account as u', 'u.id', 'l.teacher_id')
      .leftJoin('class_group as g', 'g.id', 'l.group_id')
      .select([
        'l.id',
        'l.class_id',
        'l.subject_id',
        's.name as subject',
        'l.group_id',
        'g.name as groupName',
        'l.teacher_id',
        'u.last_name',
        'u.first_name',
        'u.middle_name',
        'l.hours_per_week',
        'l.marking_mode',
      ])
      .where('l.academic_year_id', '=', input.yearId)
      .orderBy('s.sort_order')
      .orderBy('g.name'),
  );
  const teachers = db
    .all(
      db.builder
        .selectFrom('user_account as u')
        .innerJoin('user_role as r', 'r.user_id', 'u.id')
        .select(['u.id', 'u.last_name', 'u.first_name', 'u.middle_name'])
        .where('r.role', '=', 'teacher')
        .where('u.disabled_at', 'is', null)
        .orderBy('u.search_name'),
    )
    .map((t) => ({ id: t.id, name: personName(t) }));
  const subjects = db
    .all(db.builder.selectFrom('subject').select(['id', 'name', 'short_name']).orderBy('sort_order'))
    .map((s) => ({ id: s.id, name: s.name, shortName: s.short_name }));
  return {
    classes: rows.map((c) => ({
      id: c.id,
      grade: c.grade,
      letter: c.letter,
      name: c.name,
      classTeacherId: c.class_teacher_id,
      classTeacherName: c.last_name
        ? personName({ ...c, last_name: c.last_name, first_name: c.first_name ?? '' })
        : null,
      students: Number(c.students ?? 0),
      groups: groups
        .filter((g) => g.class_id === c.id)
        .map((g) => ({ id: g.id, subjectId: g.subject_id, subjectName: g.subject, name: g.name })),
      loads: loads
        .filter((l) => l.class_id === c.id)
        .map((l) => ({
          id: l.id,
          subjectId: l.subject_id,
          subjectName: l.subject,
          groupId: l.group_id,
          groupName: l.groupName,
          teacherId: l.teacher_id,
          teacherName: personName(l),
          hoursPerWeek: l.hours_per_week,
          marking: l.marking_mode,
        })),
      warnings: loadWarnings(db, c.id),
    })),
    teachers,
    subjects,
  };
}

function assertTeacher(db: Database, userId: number, field: string): void {
  const ok = db.first(
    db.builder
      .selectFrom('user_account as u')
      .innerJoin('user_role as r', 'r.user_id', 'u.id')
      .select('u.id')
      .where('u.id', '=', userId)
      .where('r.role', '=', 'teacher')
      .where('u.disabled_at', 'is', null),
  );
  if (!ok) throw new ApiError('VALIDATION', 'Такого учителя нет (или его учётная запись отключена)', field);
}

function classOf(db: Database, classId: number, field = 'classId') {
  const cls = db.first(
    db.builder
      .selectFrom('class')
      .select(['id', 'academic_year_id', 'grade', 'name'])
      .where('id', '=', classId),
  );
  if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден', field);
  assertYearOpen(db, cls.academic_year_id);
  return cls;
}

export function saveClass(ctx: AuthedContext, input: ParsedInput<'year.saveClass'>): { id: number } {
  const { db } = ctx;
  const year = findYear(db, input.yearId);
  assertYearOpen(db, year.id);
  const letter = input.letter.toUpperCase();
  const name = `${input.grade}${letter}`;
  const same = db.first(
    db.builder
      .selectFrom('class')
      .select('id')
      .where('academic_year_id', '=', year.id)
      .where('name', '=', name),
  );
  if (same && same.id !== input.classId)
    throw new ApiError('VALIDATION', `Класс ${name} уже есть в учебном году ${year.name}`, 'letter');
  if (input.classTeacherId !== null) assertTeacher(db, input.classTeacherId, 'classTeacherId');
  const values = { grade: input.grade, letter, name, class_teacher_id: input.classTeacherId };
  if (input.classId === null) {
    const id = db.run(db.builder.insertInto('class').values({ ...values, academic_year_id: year.id })).lastId;
    ctx.audit({ entity: 'class', entityId: id, before: null, after: values });
    ctx.changed(topic.class(id));
    return { id };
  }
  const before = db.first(
    db.builder
      .selectFrom('class')
      .selectAll()
      .where('id', '=', input.classId)
      .where('academic_year_id', '=', year.id),
  );
  if (!before) throw new ApiError('NOT_FOUND', 'Класс не найден в этом учебном году', 'classId');
  if (before.grade !== input.grade) {
    // The grade decides the curriculum and the loads' pages: changing it under them would mislead.
    const used = db.first(
      db.builder.selectFrom('teaching_load').select('id').where('class_id', '=', before.id).limit(1),
    );
    if (used)
      throw new ApiError(
        'VALIDATION',
        `У класса ${before.name} уже есть нагрузка: параллель менять нельзя`,
        'grade',
      );
  }
  db.run(db.builder.updateTable('class').set(values).where('id', '=', before.id));
  ctx.audit({ entity: 'class', entityId: before.id, before, after: values });
  ctx.changed(topic.class(before.id));
  return { id: before.id };
}

export function saveGroup(ctx: AuthedContext, input: ParsedInput<'year.saveGroup'>): { id: number } {
  const { db } = ctx;
  const cls = classOf(db, input.classId);
  if (!classPlan(db, cls.id).some((p) => p.subjectId === input.subjectId))
    throw new ApiError('VALIDATION', `Этого предмета нет в учебном плане класса ${cls.name}`, 'subjectId');
  const same = db.first(
    db.builder
      .selectFrom('class_group')
      .select('id')
      .where('class_id', '=', cls.id)
      .where('subject_id', '=', input.subjectId)
      .where('name', '=', input.name),
  );
  if (same)
    throw new ApiError(
      'VALIDATION',
      `Группа «${input.name}» по этому предмету в ${cls.name} уже есть`,
      'name',
    );
  const id = db.run(
    db.builder
      .insertInto('class_group')
      .values({ class_id: cls.id, subject_id: input.subjectId, name: input.name }),
  ).lastId;
  ctx.audit({ entity: 'class_group', entityId: id, before: null, after: input });
  ctx.changed(topic.class(cls.id));
  return { id };
}

export function deleteGroup(ctx: AuthedContext, input: ParsedInput<'year.deleteGroup'>): { id: number } {
  const { db } = ctx;
  const group = db.first(db.builder.selectFrom('class_group').selectAll().where('id', '=', input.groupId));
  if (!group) throw new ApiError('NOT_FOUND', 'Группа не найдена', 'groupId');
  classOf(db, group.class_id);
  const used = db.first(
    db.builder.selectFrom('teaching_load').select('id').where('group_id', '=', group.id).limit(1),
  );
  if (used)
    throw new ApiError('CONFLICT', `У группы «${group.name}» есть нагрузка: сначала удалите её`, 'groupId');
  db.run(db.builder.deleteFrom('group_member').where('group_id', '=', group.id));
  db.run(db.builder.deleteFrom('class_group').where('id', '=', group.id));
  ctx.audit({ entity: 'class_group', entityId: group.id, before: group, after: null });
  ctx.changed(topic.class(group.class_id));
  return { id: group.id };
}

/**
 * Teacher × subject × class or group, with hours. The subject must be in the class's curriculum
 * (refused otherwise); the marking mode comes from it. Hours that differ from the plan are answered
 * as warnings.
 */
export function saveLoad(
  ctx: AuthedContext,
  input: ParsedInput<'year.saveLoad'>,
): { id: number; warnings: string[] } {
  const { db } = ctx;
  const cls = classOf(db, input.classId);
  const plan = classPlan(db, cls.id).find((p) => p.subjectId === input.subjectId);
  if (!plan) {
    const subject = db.first(
      db.builder.selectFrom('subject').select('name').where('id', '=', input.subjectId),
    );
    throw new ApiError(
      'VALIDATION',
      subject
        ? `Предмета «${subject.name}» нет в учебном плане класса ${cls.name}: сначала добавьте его в учебный план`
        : 'Предмет не найден',
      'subjectId',
    );
  }
  assertTeacher(db, input.teacherId, 'teacherId');
  if (input.groupId !== null) {
    const group = db.first(
      db.builder
        .selectFrom('class_group')
        .select(['subject_id', 'name'])
        .where('id', '=', input.groupId)
        .where('class_id', '=', cls.id),
    );
    if (!group) throw new ApiError('NOT_FOUND', `Группа не найдена в классе ${cls.name}`, 'groupId');
    if (group.subject_id !== input.subjectId)
      throw new ApiError('VALIDATION', `Группа «${group.name}» создана для другого предмета`, 'groupId');
  }
  // A subject is taught either to the whole class or in groups, each page once.
  const clash = db.first(
    db.builder
      .selectFrom('teaching_load')
      .select(['id', 'group_id'])
      .where('class_id', '=', cls.id)
      .where('subject_id', '=', input.subjectId)
      .where('id', '!=', input.loadId ?? 0)
      .where((eb) =>
        input.groupId === null
          ? eb.or([eb('group_id', 'is', null), eb('group_id', 'is not', null)])
          : eb.or([eb('group_id', 'is', null), eb('group_id', '=', input.groupId)]),
      ),
  );
  if (clash)
    throw new ApiError(
      'VALIDATION',
      clash.group_id === null || input.groupId !== null
        ? `${plan.subjectName} в ${cls.name}${input.groupId !== null && clash.group_id !== null ? ' у этой группы' : ''} уже есть в нагрузке`
        : `${plan.subjectName} в ${cls.name} уже ведётся по группам: нагрузку назначают каждой группе`,
      input.groupId === null ? 'subjectId' : 'groupId',
    );
  const values = {
    class_id: cls.id,
    group_id: input.groupId,
    subject_id: input.subjectId,
    teacher_id: input.teacherId,
    hours_per_week: input.hoursPerWeek,
    marking_mode: plan.marking,
  };
  let id: number;
  if (input.loadId === null) {
    id = db.run(
      db.builder.insertInto('teaching_load').values({ ...values, academic_year_id: cls.academic_year_id }),
    ).lastId;
    ctx.audit({ entity: 'teaching_load', entityId: id, before: null, after: values });
  } else {
    const before = db.first(
      db.builder
        .selectFrom('teaching_load')
        .selectAll()
        .where('id', '=', input.loadId)
        .where('class_id', '=', cls.id),
    );
    if (!before) throw new ApiError('NOT_FOUND', 'Нагрузка не найдена', 'loadId');
    id = before.id;
    db.run(db.builder.updateTable('teaching_load').set(values).where('id', '=', id));
    ctx.audit({ entity: 'teaching_load', entityId: id, before, after: values });
  }
  ctx.changed(topic.load(id), topic.class(cls.id));
  return { id, warnings: loadWarnings(db, cls.id) };
}

export function deleteLoad(ctx: AuthedContext, input: ParsedInput<'year.deleteLoad'>): { id: number } {
  const { db } = ctx;
  const load = db.first(db.builder.selectFrom('teaching_load').selectAll().where('id', '=', input.loadId));
  if (!load) throw new ApiError('NOT_FOUND', 'Нагрузка не найдена', 'loadId');
  classOf(db, load.class_id);
  const used = db.first(db.builder.selectFrom('lesson').select('id').where('load_id', '=', load.id).limit(1));
  if (used)
    throw new ApiError(
      'CONFLICT',
      'По этой нагрузке уже есть уроки в журнале: её можно передать другому учителю, но не удалить',
      'loadId',
    );
  db.run(db.builder.deleteFrom('teaching_load').where('id', '=', load.id));
  ctx.audit({ entity: 'teaching_load', entityId: load.id, before: load, after: null });
  ctx.changed(topic.load(load.id), topic.class(load.class_id));
  return { id: load.id };
}
