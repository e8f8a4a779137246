/**
 * Dates in the journal are calendar days without a time zone, kept as ISO strings "YYYY-MM-DD".
 * All arithmetic here is done in UTC so that it never shifts a day with the local clock.
 */
export type IsoDate = string;

const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
const WEEKDAYS = ['воскресенье', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'];
const WEEKDAYS_SHORT = ['Вс', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'];

export function parseIsoDate(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function toIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = parseIsoDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return parseIsoDate(date).getUTCDay();
}

/** The Monday of the week that holds the date. */
export function mondayOf(date: IsoDate): IsoDate {
  const wd = weekday(date);
  return addDays(date, wd === 0 ? -6 : 1 - wd);
}

/** "12.09" — the journal's column header. */
export function formatDayMonth(date: IsoDate): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}`;
}

/** "12.09.2026". */
export function formatDate(date: IsoDate): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** "12 сентября". */
export function formatDayMonthLong(date: IsoDate): string {
  const d = parseIsoDate(date);
  return `${d.getUTCDate()} ${MONTHS_GENITIVE[d.getUTCMonth()]}`;
}

/** "Понедельник, 12 сентября" — capitalized only at the start, as a heading. */
export function formatDayHeading(date: IsoDate): string {
  const text = formatWeekdayLong(date);
  return text.charAt(0).toLocaleUpperCase('ru-RU') + text.slice(1);
}

/** "понедельник, 12 сентября". */
export function formatWeekdayLong(date: IsoDate): string {
  return `${WEEKDAYS[weekday(date)]}, ${formatDayMonthLong(date)}`;
}

export function weekdayShort(date: IsoDate): string {
  return WEEKDAYS_SHORT[weekday(date)] ?? '';
}

export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = parseIsoDate(value);
  return !Number.isNaN(d.getTime()) && toIsoDate(d) === value;
}

/**
 * A date as people type it, «12.03.2015» (день.месяц.год) → «2015-03-12»; null when it is no such day.
 * Date fields use it: Mantine's own parser reads «01.09.2026» month first, as 9 January.
 */
export function parseRuDate(text: string): IsoDate | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

/** The calendar day of a moment on this computer's clock (schools work in local time). */
export function localIsoDate(moment: Date): IsoDate {
  return toIsoDate(new Date(moment.getTime() - moment.getTimezoneOffset() * 60_000));
}

/** A stored moment (ISO, UTC) on this computer's clock: «27.11.2026, 15:04». */
export function formatMoment(iso: string): string {
  return new Date(iso).toLocaleString('ru-RU', { dateStyle: 'short', timeStyle: 'short' });
}

/** The first and last day of a month 'YYYY-MM': «2026-11» → 2026-11-01 … 2026-11-30. */
export function monthRange(month: string): { from: IsoDate; to: IsoDate } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

const MONTH_NAMES = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];

/** A month as lists and reports name it: (2026, 11) → «ноябрь 2026», «Ноябрь 2026» at the start of a line. */
export function formatMonth(year: number, month: number, capital = false): string {
  const name = MONTH_NAMES[month - 1] ?? '';
  return `${capital ? name.charAt(0).toUpperCase() + name.slice(1) : name} ${year}`;
}
