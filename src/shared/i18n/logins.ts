/**
 * Logins made from people's names (004 §3.3: the school issues each person a login). One standard
 * rule: the transliteration of Russian passports, ICAO Doc 9303 as adopted by the МВД order of
 * 2017 (щ → shch, ю → iu, я → ia, ъ → ie, ь dropped), so a login reads like the name in the
 * person's own passport. Format "<surname>.<first initial><patronymic initial>": "ivanova.as".
 */
const ICAO: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};

/** Latin lower case a–z only: anything else (hyphens, spaces, stray signs) is dropped. */
export function transliterate(text: string): string {
  return [...text.toLocaleLowerCase('ru-RU')]
    .map((c) => ICAO[c] ?? c)
    .join('')
    .replace(/[^a-z]/g, '');
}

/** The login a name gives before uniqueness: "Щукина Юлия Андреевна" → "shchukina.ia". */
export function loginFor(lastName: string, firstName: string, middleName: string | null): string {
  return `${transliterate(lastName)}.${transliterate(firstName).slice(0, 1)}${transliterate(middleName ?? '').slice(0, 1)}`;
}

/**
 * The first free login for a name: the plain one, then with 2, 3, … appended ("ivanova.as2").
 * `taken` answers for logins already in the journal (and already handed out in the same batch).
 */
export function uniqueLogin(base: string, taken: (login: string) => boolean): string {
  let login = base;
  for (let i = 2; taken(login); i++) login = `${base}${i}`;
  return login;
}
