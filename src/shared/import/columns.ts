import type { ImportKind } from './contract';

/**
 * The columns of the import files, as the template names them. Headers are matched loosely (case,
 * «ё», spaces and punctuation do not matter), so a list typed by hand with the same words is read too.
 */

export type StudentField =
  | 'lastName'
  | 'firstName'
  | 'middleName'
  | 'birthDate'
  | 'gender'
  | 'className'
  | `g${1 | 2}${'Name' | 'Relation' | 'Phone' | 'Email'}`;

export type StaffField = 'lastName' | 'firstName' | 'middleName' | 'roles' | 'email' | 'phone';

export const GUARDIAN_SLOTS = [1, 2] as const;

export const STUDENT_COLUMNS: readonly { field: StudentField; header: string; required?: boolean }[] = [
  { field: 'lastName', header: 'Фамилия', required: true },
  { field: 'firstName', header: 'Имя', required: true },
  { field: 'middleName', header: 'Отчество' },
  { field: 'birthDate', header: 'Дата рождения', required: true },
  { field: 'gender', header: 'Пол' },
  { field: 'className', header: 'Класс', required: true },
  ...GUARDIAN_SLOTS.flatMap((n) => [
    { field: `g${n}Name` as const, header: `Представитель ${n}: ФИО` },
    { field: `g${n}Relation` as const, header: `Представитель ${n}: кем приходится` },
    { field: `g${n}Phone` as const, header: `Представитель ${n}: телефон` },
    { field: `g${n}Email` as const, header: `Представитель ${n}: e-mail` },
  ]),
];

export const STAFF_COLUMNS: readonly { field: StaffField; header: string; required?: boolean }[] = [
  { field: 'lastName', header: 'Фамилия', required: true },
  { field: 'firstName', header: 'Имя', required: true },
  { field: 'middleName', header: 'Отчество' },
  { field: 'roles', header: 'Роли', required: true },
  { field: 'email', header: 'E-mail' },
  { field: 'phone', header: 'Телефон' },
];

export function columnsOf(
  kind: ImportKind,
): readonly { field: string; header: string; required?: boolean }[] {
  return kind === 'students' ? STUDENT_COLUMNS : STAFF_COLUMNS;
}

/** A header or a word as compared: lower case, ё → е, Latin "e-mail" and "email" alike, no punctuation. */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/e-?mail|эл\.?\s*почта|электронная почта|почта/g, 'email')
    .replace(/[^a-zа-я0-9]+/g, '');
}

/** The words of «кем приходится» and «Роли» the files may use. */
export const RELATIONS: Record<string, 'mother' | 'father' | 'guardian' | 'other'> = {
  мать: 'mother',
  мама: 'mother',
  отец: 'father',
  папа: 'father',
  опекун: 'guardian',
  попечитель: 'guardian',
  другое: 'other',
  другой: 'other',
  бабушка: 'other',
  дедушка: 'other',
};
export const RELATION_WORDS = {
  mother: 'мать',
  father: 'отец',
  guardian: 'опекун',
  other: 'другое',
} as const;

export const ROLE_WORDS = {
  учитель: 'teacher',
  завуч: 'deputy',
  заместительдиректора: 'deputy',
  директор: 'director',
  администратор: 'admin',
  инспектор: 'inspector',
  проверяющий: 'inspector',
} as const;
export type StaffRole = (typeof ROLE_WORDS)[keyof typeof ROLE_WORDS];
export const ROLE_NAMES: Record<StaffRole, string> = {
  teacher: 'учитель',
  deputy: 'завуч',
  director: 'директор',
  admin: 'администратор',
  inspector: 'инспектор',
};
