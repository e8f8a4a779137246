import type { Output, ParsedInput } from '../../shared/api/contract';
import { initials } from '../../shared/i18n/names';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { cancelledOrSubstituted, dayLessonBase } from './lessons';

/** Учёт пропущенных и замененных уроков (002 §5.4): the month's cancelled and substituted lessons. */

// The day screen's lessons (lessons.ts): the register counts the same changes the day shows.
const changedLessons = prepared<{ from: string; to: string }>()((db, p) =>
  dayLessonBase(db)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to)
    .where(cancelledOrSubstituted)
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
    const regular = initials({ lastName: r.rtLast, firstName: r.rtFirst, middleName: r.rtMiddle });
    const actual = initials({ lastName: r.tLast, firstName: r.tFirst, middleName: r.tMiddle });
    const cancelled = r.cancelledAt !== null;
    if (cancelled) teacher(r.regularTeacherId, regular).cancelled++;
    else {
      teacher(r.regularTeacherId, regular).replaced++;
      teacher(r.teacherId, actual).gave++;
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
      reason: r.cancelReason,
    };
  });
  return {
    month: input.month,
    rows: out,
    teachers: [...teachers.values()].sort((a, b) => collator.compare(a.name, b.name)),
  };
}
