import { z } from 'zod';
import { formatDayMonth, type IsoDate } from '../i18n/dates';
import { countOf } from '../i18n/plural';

/**
 * What a cell holds besides its marks and its absence, as the server checks it and the grid, the
 * menu and the diary say it: a retake (пересдача, 001 §2.9), an owed work (долг, «точка»,
 * domain-defaults §4.2) and the minutes of a late arrival (ОП, domain-defaults §6).
 *
 * Four states are never confused: missing (an absence), excused (an absence with a reason), owed (an
 * owed_work row) and marked (marks). Only marks are averaged (grading.ts reads marks alone); a retake
 * is a mark like any other and counts with its weight.
 */

export const MINUTES_LATE_MIN = 1;
/** A lesson lasts at most 45 minutes (domain-defaults, bells): later than that is no lateness but a missed lesson. */
export const MINUTES_LATE_MAX = 45;
const MINUTES_LATE_REFUSED = `Опоздание указывается в минутах: от ${MINUTES_LATE_MIN} до ${MINUTES_LATE_MAX}`;

export const MinutesLateSchema = z
  .number({ error: MINUTES_LATE_REFUSED })
  .int({ error: MINUTES_LATE_REFUSED })
  .min(MINUTES_LATE_MIN, { error: MINUTES_LATE_REFUSED })
  .max(MINUTES_LATE_MAX, { error: MINUTES_LATE_REFUSED });

export const RETAKE_WITHOUT_ABSENCE =
  'Пересдача ставится только на урок, который ученик пропустил (Н, Б или УП): на этом уроке пропуска нет';
export const MINUTES_WITHOUT_LATE = 'Минуты опоздания ставятся только вместе с отметкой «ОП»';

/** «опоздал на 10 минут», or «опоздал» when the minutes were not given. */
export function lateText(minutes: number | null): string {
  return minutes === null ? 'опоздал' : `опоздал на ${countOf(minutes, 'минуту', 'минуты', 'минут')}`;
}

/** «Пересдано 25.11». */
export function retakeText(retakenOn: IsoDate): string {
  return `Пересдано ${formatDayMonth(retakenOn)}`;
}

/** An owed work whose due date has passed (the day itself still counts as in time). */
export function isOverdue(dueOn: IsoDate, today: IsoDate): boolean {
  return dueOn < today;
}

/** «Долг до 05.12», «Долг до 05.12 — срок прошёл». */
export function owedText(dueOn: IsoDate, today: IsoDate): string {
  return `Долг до ${formatDayMonth(dueOn)}${isOverdue(dueOn, today) ? ' — срок прошёл' : ''}`;
}

/** The cell's sign of an owed work (МЭШ's «точка»). */
export const OWED_SIGN = '•';
