import type { Output, ParsedInput } from '../../shared/api/contract';
import { initials } from '../../shared/i18n/names';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';

/** Учёт пропущенных и замененных уроков (002 §5.4): the month's cancelled and substituted lessons. */

const changedLessons = prepared<{ from: string; to: string }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .innerJoin('user_account as rt', 'rt.id', 'l.teacher_id')
    .innerJoin('user_account as t', 't.id', 's.teacher_id')
    .select([
      's.id as lessonId',
      's.date',
      's.number',
      'c.name as className',
      'sub.name as subjectName',
      'g.name as groupName',
      's.cancelled_at as cancelledAt',
      's.cancel_reason as reason',
      'l.teacher_id as regularId',
      'rt.last_name as rLast',
      'rt.first_name as rFirst',
      'rt.middle_name as rMiddle',
      's.teacher_id as actualId',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
    ])
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to)
    .where((eb) =>
      eb.or([eb('s.cancelled_at', 'is not', null), eb('s.teacher_id', '<>', eb.ref('l.teacher_id'))]),
    )
    .orderBy('s.date')
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.number'),
);

const collator = new Intl.Collator('ru-RU');

export function register(
  ctx: AuthedContext,
  input: ParsedInput<'timetable.register'>,
): Output<'timetable.register'> {
  const rows = ctx.db.all(changedLessons, { from: `${input.month}-01`, to: `${input.month}-31` });
  const teachers = new Map<
    number,
    { teacherId: number; name: string; gave: number; replaced: number; cancelled: number }
  >();
  const teacher = (id: number, name: string) => {
    const t = teachers.get(id) ?? { teacherId: id, name, gave: 0, replaced: 0, cancelled: 0 };
    teachers.set(id, t);
    return t;
  };
  const out = rows.map((r) => {
    const regular = initials({ lastName: r.rLast, firstName: r.rFirst, middleName: r.rMiddle });
    const actual = initials({ lastName: r.tLast, firstName: r.tFirst, middleName: r.tMiddle });
    const cancelled = r.cancelledAt !== null;
    if (cancelled) teacher(r.regularId, regular).cancelled++;
    else {
      teacher(r.regularId, regular).replaced++;
      teacher(r.actualId, actual).gave++;
    }
    return {
      lessonId: r.lessonId,
      date: r.date,
      number: r.number,
      className: r.className,
      subjectName: r.subjectName,
      groupName: r.groupName,
      kind: cancelled ? ('cancelled' as const) : ('substituted' as const),
      regularTeacherName: regular,
      substituteName: cancelled ? null : actual,
      reason: r.reason,
    };
  });
  return {
    month: input.month,
    rows: out,
    teachers: [...teachers.values()].sort((a, b) => collator.compare(a.name, b.name)),
  };
}
