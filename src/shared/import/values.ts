import { cleanText } from '../api/schemas';
import { formatDate, type IsoDate, isValidIsoDate, toIsoDate } from '../i18n/dates';

/**
 * Reading one cell of an import file: names, dates, phones, e-mails, class names as people type
 * them. Each reader answers the value or a Russian reason naming what was found.
 */

export type CellValue = string | number | Date | null;
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (reason: string): Read<never> => ({ ok: false, reason });

/** A cell as text: trimmed, NFC, invisible characters removed, inner runs of spaces made one. */
export function text(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) return formatDate(toIsoDate(cell));
  return cleanText(String(cell)).replace(/\s+/g, ' ');
}

const NAME = /^\p{L}[\p{L}\p{M}' -]*$/u;

/** A part of a person's name: letters, hyphens, apostrophes and spaces («Мамин-Сибиряк», «Д'Артаньян»). */
export function namePart(cell: CellValue, what: string, required: boolean): Read<string | null> {
  const v = text(cell);
  if (v === '') return required ? bad(`не указано: ${what}`) : ok(null);
  if (v.length > 60) return bad(`${what} длиннее 60 символов`);
  if (!NAME.test(v)) return bad(`${what} «${v}»: допустимы только буквы, дефис и апостроф`);
  return ok(v);
}

/** «Иванова Мария Петровна» as last, first and middle names (the middle may be missing or two words). */
export function fullNameParts(
  cell: CellValue,
  what: string,
): Read<{
  lastName: string;
  firstName: string;
  middleName: string | null;
}> {
  const v = text(cell);
  const words = v.split(' ').filter(Boolean);
  if (words.length < 2) return bad(`${what}: нужны фамилия и имя («${v}»)`);
  for (const w of words)
    if (!NAME.test(w)) return bad(`${what} «${v}»: допустимы только буквы, дефис и апостроф`);
  const [lastName, firstName, ...rest] = words as [string, string, ...string[]];
  return ok({ lastName, firstName, middleName: rest.length > 0 ? rest.join(' ') : null });
}

/** Days from Excel's day 0 (30 December 1899, counting its false 29 February 1900) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * A date as Excel gives it (a date cell, or its serial number) or as typed: ДД.ММ.ГГГГ (also with
 * «/» or «-», one-digit day or month) or ГГГГ-ММ-ДД. An impossible date (31.02.2015) is refused.
 */
export function dateValue(cell: CellValue): Read<IsoDate | null> {
  if (cell === null) return ok(null);
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad('дата не читается');
    // exceljs gives a date cell as midnight UTC of that day.
    return ok(toIsoDate(cell));
  }
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 1 || cell > 80000) return bad(`«${cell}» не дата`);
    return ok(toIsoDate(new Date((cell - EXCEL_EPOCH_DAYS) * 86_400_000)));
  }
  const v = text(cell);
  if (v === '') return ok(null);
  let iso: string | null = null;
  const ru = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s*г\.?)?$/.exec(v);
  if (ru) iso = `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) iso = v;
  if (!iso) return bad(`дата «${v}» не в формате ДД.ММ.ГГГГ`);
  if (!isValidIsoDate(iso)) return bad(`даты «${v}» не существует`);
  return ok(iso);
}

/** A birth date of a schoolchild: not in the future, and not earlier than 1990. */
export function birthDate(cell: CellValue, today: IsoDate): Read<IsoDate> {
  const d = dateValue(cell);
  if (!d.ok) return bad(`дата рождения: ${d.reason}`);
  if (d.value === null) return bad('не указана дата рождения');
  if (d.value > today) return bad(`дата рождения ${formatDate(d.value)} ещё не наступила`);
  if (d.value < '1990-01-01') return bad(`дата рождения ${formatDate(d.value)} невозможна для ученика`);
  return ok(d.value);
}

export function gender(cell: CellValue): Read<'m' | 'f' | null> {
  const v = text(cell).toLowerCase().replace(/\.$/, '');
  if (v === '') return ok(null);
  if (['м', 'муж', 'мужской', 'm', 'мальчик'].includes(v)) return ok('m');
  if (['ж', 'жен', 'женский', 'f', 'девочка'].includes(v)) return ok('f');
  return bad(`пол «${text(cell)}»: укажите «м» или «ж»`);
}

/**
 * A Russian phone number as the journal writes it, "+7 900 123-45-67", from what people type
 * (8 900 …, +7(900)…, 9001234567, a number cell). Null when empty.
 */
export function phone(cell: CellValue, what: string): Read<string | null> {
  const v = text(cell);
  if (v === '') return ok(null);
  let d = v.replace(/\D/g, '');
  if (d.length === 11 && (d.startsWith('7') || d.startsWith('8'))) d = d.slice(1);
  if (d.length !== 10 || /[^\d\s()+-]/.test(v))
    return bad(`${what} «${v}» не похож на номер: нужно 10 цифр после +7 (например, +7 900 123-45-67)`);
  return ok(`+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`);
}

/** The digits that identify a phone number (the same number however it was written). */
export function phoneDigits(phone: string | null): string {
  const d = (phone ?? '').replace(/\D/g, '');
  return d.length === 11 && (d.startsWith('7') || d.startsWith('8')) ? d.slice(1) : d;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function email(cell: CellValue, what: string): Read<string | null> {
  const v = text(cell);
  if (v === '') return ok(null);
  const lower = v.toLowerCase().replace(/^mailto:/, '');
  if (lower.length > 120 || !EMAIL.test(lower))
    return bad(`${what} «${v}» не похож на адрес электронной почты`);
  return ok(lower);
}

/** Latin letters that look like Cyrillic ones in class letters («5A» typed on a Latin keyboard). */
const LOOKALIKES: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};

/** A class name as compared: «5 а», «5а», «5-А» and «5A» (Latin) are all «5А». */
export function classKey(name: string): string {
  return name
    .toLocaleUpperCase('ru-RU')
    .replace(/[\s\-–—"«»]/g, '')
    .replaceAll('Ё', 'Е')
    .replace(/[A-Z]/g, (c) => LOOKALIKES[c] ?? c);
}
