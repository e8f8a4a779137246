import type { ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import { type AbsenceCode, isMissedLesson } from '../../shared/journal/attendance';
import { MINUTES_WITHOUT_LATE, RETAKE_WITHOUT_ABSENCE } from '../../shared/journal/cell-states';
import { prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import type { LessonContext } from './lesson';

/**
 * Retakes (пересдача, 001 §2.9) and the minutes of a late arrival: the rules setMark and setAbsence
 * apply to a cell before they write it.
 */

const absenceCode = prepared<{ lessonId: number; studentId: number }>()((db, p) =>
  db
    .selectFrom('absence')
    .select('code')
    .where('lesson_id', '=', p.lessonId)
    .where('student_id', '=', p.studentId),
);

/**
 * The retake date a mark written now carries, or null for an ordinary mark.
 *
 * A mark put on a lesson the student missed (Н, Б, УП; not ОП: a late student was there) IS a
 * retake, whether the teacher typed the digit into the cell or chose «Пересдача» in its menu. That
 * is what a teacher expects: on paper and in every e-journal they simply write the retake's mark into
 * the missed lesson's cell beside the «н», and a retake forgotten to be flagged would leave a mark
 * beside an absence with no date — the very confusion 001 §2.9 forbids. The menu's explicit
 * «Пересдача» (`asked`) only adds the check that there is a missed lesson to retake.
 *
 * The date is today's (the server's clock), kept when a retake is corrected later: it says when the
 * missed work was made up, not when its mark was last touched.
 */
export function retakeDate(
  ctx: AuthedContext,
  lesson: LessonContext,
  studentId: number,
  asked: boolean | undefined,
  current: { retakenOn: string | null } | undefined,
): string | null {
  const absence = ctx.db.first(absenceCode, { lessonId: lesson.id, studentId });
  if (!absence || !isMissedLesson(absence.code)) {
    if (asked) throw new ApiError('VALIDATION', RETAKE_WITHOUT_ABSENCE, 'retake');
    return null;
  }
  return current?.retakenOn ?? localIsoDate(ctx.now);
}

/**
 * The minutes late an absence is written with: given with ОП, kept when an ОП is written again
 * without them (a client that does not know of minutes), dropped when the code is no longer ОП.
 */
export function lateMinutes(
  input: Pick<ParsedInput<'journal.setAbsence'>, 'code' | 'minutesLate'>,
  current: { code: AbsenceCode; minutesLate: number | null } | undefined,
): number | null {
  if (input.code !== 'late') {
    if (input.minutesLate != null) throw new ApiError('VALIDATION', MINUTES_WITHOUT_LATE, 'minutesLate');
    return null;
  }
  if (input.minutesLate !== undefined) return input.minutesLate;
  return current?.code === 'late' ? current.minutesLate : null;
}
