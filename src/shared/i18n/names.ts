/** People's names as the journal shows them: "Иванова Анна", "Иванова А. С.". */
export interface PersonName {
  lastName: string;
  firstName: string;
  middleName: string | null;
}

export function fullName(p: PersonName): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

export function shortName(p: PersonName): string {
  return `${p.lastName} ${p.firstName}`;
}

export function initials(p: PersonName): string {
  const mid = p.middleName ? ` ${p.middleName[0]}.` : '';
  return `${p.lastName} ${p.firstName[0]}.${mid}`;
}

/**
 * The normalized form kept in *_search columns: SQLite's lower() and LIKE do not fold Cyrillic,
 * so the application writes lowercase with ё → е (DESIGN.md, "Facts about the stack").
 */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter(Boolean)
    .join(' ')
    .toLocaleLowerCase('ru-RU')
    .replaceAll('ё', 'е')
    .replace(/\s+/g, ' ')
    .trim();
}
