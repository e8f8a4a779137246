import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';

/** The periods (четверти, триместры) of a class's year that apply to its grade, in order. */
const periodsOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('class as c')
    .innerJoin('period as p', (j) =>
      j
        .onRef('p.academic_year_id', '=', 'c.academic_year_id')
        .onRef('p.grade_from', '<=', 'c.grade')
        .onRef('p.grade_to', '>=', 'c.grade'),
    )
    .select(['p.id', 'p.name', 'p.starts_on as startsOn', 'p.ends_on as endsOn'])
    .where('c.id', '=', p.classId)
    .orderBy('p.starts_on'),
);

/** For the report card's period choice in «Мой класс» (the router checked the class is the caller's). */
export function classPeriods(
  ctx: AuthedContext,
  input: ParsedInput<'diary.classPeriods'>,
): Output<'diary.classPeriods'> {
  const periods = ctx.db.all(periodsOfClass, input);
  if (periods.length === 0)
    throw new ApiError('NOT_FOUND', 'Для этого класса не заданы учебные периоды', 'classId');
  return periods;
}
