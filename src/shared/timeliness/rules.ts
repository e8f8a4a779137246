import { addDays, type IsoDate } from '../i18n/dates';

/**
 * When a lesson's page must be filled in (своевременность, 004 §4.5: "в день проведения урока до
 * 17:00"; 000 §4.3: "не позднее трех дней"): the school picks one of the two rules. Times are the
 * school's local wall-clock time, compared as "YYYY-MM-DDTHH:MM" strings.
 */
export type DeadlineRule = { kind: 'same_day'; time: string } | { kind: 'days'; days: number };

export const DEFAULT_DEADLINE: DeadlineRule = { kind: 'same_day', time: '17:00' };

/** The last local moment (inclusive, to the minute) a lesson of `date` may be filled in on time. */
export function deadlineOf(date: IsoDate, rule: DeadlineRule): string {
  return rule.kind === 'same_day' ? `${date}T${rule.time}` : `${addDays(date, rule.days)}T23:59`;
}

/** The local wall-clock minute of a moment, as deadlines are written. */
export function localMinute(moment: Date): string {
  const local = new Date(moment.getTime() - moment.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** Whether an entry made at `moment` for a lesson of `date` is late under the rule. */
export function isLate(date: IsoDate, moment: Date, rule: DeadlineRule): boolean {
  return localMinute(moment) > deadlineOf(date, rule);
}

/** The rule as the screens say it. */
export function deadlineText(rule: DeadlineRule): string {
  if (rule.kind === 'same_day') return `в день урока до ${rule.time}`;
  const n = rule.days;
  const word = n % 10 === 1 && n % 100 !== 11 ? 'дня' : 'дней';
  return `не позднее ${n} ${word} после урока`;
}
