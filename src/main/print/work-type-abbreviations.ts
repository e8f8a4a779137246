import { inSentence } from '../../shared/i18n/sentence';
import { DEFAULT_WORK_TYPES } from '../../shared/journal/work-types';

/**
 * Short forms of work types (виды работ) for narrow printed cells, as teachers write them in a paper
 * diary: «4 к/р» rather than «4 (контрольная работа)». The default list (shared/journal/work-types.ts)
 * holds the forms schools use; a type a school added gets its initials («Устный опрос» → «у/о») or its
 * first letters. The page prints a legend of the forms it uses, so an unfamiliar one can be read.
 */
const KNOWN = new Map(DEFAULT_WORK_TYPES.map((w) => [w.name.toLocaleLowerCase('ru-RU'), w.short]));

export function workTypeAbbreviation(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const known = KNOWN.get(trimmed.toLocaleLowerCase('ru-RU'));
  if (known) return known;
  const words = trimmed.split(' ').filter((w) => /\p{L}/u.test(w));
  if (words.length > 1) return words.map((w) => inSentence(w).charAt(0)).join('/');
  const word = inSentence(trimmed);
  return word.length <= 6 ? word : `${word.slice(0, 4)}.`;
}
