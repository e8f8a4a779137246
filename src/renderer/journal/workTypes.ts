import type { JournalPage } from '../../shared/journal/schemas';

export type WorkType = JournalPage['workTypes'][number];

/** From this weight on a work type counts as heavy (контрольная, диктант…): underlined, and its deletion asks first. */
export const HEAVY_WEIGHT = 3;

/** «Контрольная работа» → «контрольная работа», as it reads inside a sentence. */
export function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('ru-RU') + s.slice(1);
}
