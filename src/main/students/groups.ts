import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import { fullName, shortName } from '../../shared/i18n/names';
import { topic } from '../../shared/sync/topics';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { inClassOn, notLeftBefore } from '../school-year/enrollment';
import { classAccess } from './access';
import { recordOf } from './records';
import { byName } from './roster';

/**
 * Подгруппы (001 §2.13): the groups a class is split into for a subject (английский: 1 группа, 2 группа).
 * Every student in the class is expected in exactly one group of each split subject; the class
 * teacher sees what is not so, and puts students where they belong.
 */

const groupsOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('class_group as g')
    .innerJoin('subject as s', 's.id', 'g.subject_id')
    .leftJoin('teaching_load as l', 'l.group_id', 'g.id')
    .leftJoin('user_account as t', 't.id', 'l.teacher_id')
    .select([
      'g.id',
      'g.name',
      'g.subject_id as subjectId',
      's.name as subjectName',
      's.sort_order as sortOrder',
      'l.id as loadId',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
    ])
    .where('g.class_id', '=', p.classId)
    .orderBy('s.sort_order')
    .orderBy('g.name'),
);

const currentStudents = prepared<{ classId: number; today: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('student as s', 's.id', 'e.student_id')
    .select(['s.id', 's.last_name as lastName', 's.first_name as firstName', 's.middle_name as middleName'])
    .distinct()
    .where('e.class_id', '=', p.classId)
    .where((eb) => inClassOn(eb, 'e', p.today)),
);

const membersOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('group_member as m')
    .innerJoin('class_group as g', 'g.id', 'm.group_id')
    .select(['m.group_id as groupId', 'm.student_id as studentId'])
    .where('g.class_id', '=', p.classId),
);

export function groupsView(
  db: Database,
  classId: number,
  today: string,
  canEdit: boolean,
): Output<'students.groups'> {
  const rows = db.all(groupsOfClass, { classId });
  const subjects: Output<'students.groups'>['subjects'] = [];
  for (const r of rows) {
    let s = subjects.find((x) => x.subjectId === r.subjectId);
    if (!s) {
      s = { subjectId: r.subjectId, subjectName: r.subjectName, groups: [] };
      subjects.push(s);
    }
    if (s.groups.some((g) => g.id === r.id)) continue;
    s.groups.push({
      id: r.id,
      name: r.name,
      teacherName:
        r.tLast === null
          ? null
          : fullName({ lastName: r.tLast, firstName: r.tFirst ?? '', middleName: r.tMiddle }),
    });
  }
  const members = db.all(membersOfClass, { classId });
  const students = db.all(currentStudents, { classId, today }).sort(byName);
  const warnings: string[] = [];
  const result = students.map((st) => {
    const groups: Record<string, number | null> = {};
    for (const s of subjects) {
      const mine = s.groups.filter((g) => members.some((m) => m.groupId === g.id && m.studentId === st.id));
      groups[String(s.subjectId)] = mine[0]?.id ?? null;
      if (mine.length > 1)
        warnings.push(
          `${s.subjectName}: ${shortName(st)} в нескольких группах (${mine.map((g) => g.name).join(', ')})`,
        );
    }
    return { ...st, groups };
  });
  for (const s of subjects) {
    const none = result.filter((st) => st.groups[String(s.subjectId)] === null);
    if (none.length > 0)
      warnings.push(`${s.subjectName}: не в группе — ${none.map((st) => shortName(st)).join(', ')}`);
  }
  return { subjects, students: result, warnings, canEdit };
}

export function groups(ctx: AuthedContext, input: ParsedInput<'students.groups'>): Output<'students.groups'> {
  const access = classAccess(ctx.db, ctx.actor, input.classId);
  return groupsView(ctx.db, input.classId, localIsoDate(ctx.now), access === 'edit');
}

const recordsInGroup = prepared<{ groupId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .select('s.id')
    .where('l.group_id', '=', p.groupId)
    .where((eb) => recordOf(eb, p.studentId))
    .limit(1),
);

const stillInClass = prepared<{ classId: number; studentId: number; today: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment')
    .select('id')
    .where('class_id', '=', p.classId)
    .where('student_id', '=', p.studentId)
    .where((eb) => notLeftBefore(eb, 'class_enrollment', p.today)),
);

export function setGroup(
  ctx: AuthedContext,
  input: ParsedInput<'students.setGroup'>,
): Output<'students.setGroup'> {
  const { db } = ctx;
  const today = localIsoDate(ctx.now);
  const view = groupsView(db, input.classId, today, true);
  const subject = view.subjects.find((s) => s.subjectId === input.subjectId);
  if (!subject) throw new ApiError('VALIDATION', 'Этот предмет в классе не делится на группы', 'subjectId');
  const target = input.groupId === null ? null : subject.groups.find((g) => g.id === input.groupId);
  if (target === undefined)
    throw new ApiError(
      'VALIDATION',
      `Такой группы по предмету «${subject.subjectName}» в классе нет`,
      'groupId',
    );
  if (!db.first(stillInClass, { classId: input.classId, studentId: input.studentId, today }))
    throw new ApiError('VALIDATION', 'Ученик не числится в этом классе', 'studentId');
  const members = db.all(membersOfClass, { classId: input.classId });
  const current = subject.groups.filter((g) =>
    members.some((m) => m.groupId === g.id && m.studentId === input.studentId),
  );
  for (const g of current) {
    if (g.id === target?.id) continue;
    // group_member has no dates: leaving a group would take its marks off that group's page.
    if (db.first(recordsInGroup, { groupId: g.id, studentId: input.studentId }))
      throw new ApiError(
        'VALIDATION',
        `В журнале группы «${g.name}» (${subject.subjectName}) у ученика уже есть отметки или пропуски: из этой группы его не вывести, иначе они пропадут со страницы`,
        'groupId',
      );
    db.run(
      db.builder
        .deleteFrom('group_member')
        .where('group_id', '=', g.id)
        .where('student_id', '=', input.studentId),
    );
  }
  if (target && !current.some((g) => g.id === target.id))
    db.run(
      db.builder.insertInto('group_member').values({ group_id: target.id, student_id: input.studentId }),
    );
  ctx.audit({
    entity: 'group_member',
    entityId: input.studentId,
    before: { subjectId: subject.subjectId, groups: current.map((g) => g.id) },
    after: { subjectId: subject.subjectId, groups: target ? [target.id] : [] },
  });
  const loads = db
    .all(groupsOfClass, { classId: input.classId })
    .flatMap((r) => (r.loadId === null ? [] : [r.loadId]));
  ctx.changed(topic.class(input.classId), topic.student(input.studentId), ...loads.map(topic.load));
  return groupsView(db, input.classId, today, true);
}
