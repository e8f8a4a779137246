/**
 * A name as it stands inside a Russian sentence: «Контрольная работа» → «контрольная работа», but an
 * abbreviation keeps its capitals («ВПР», «ОГЭ»).
 */
export const inSentence = (name: string): string =>
  /^\p{Lu}\p{Lu}/u.test(name) ? name : name.charAt(0).toLocaleLowerCase('ru-RU') + name.slice(1);
