import type { JournalPage } from '../../shared/journal/schemas';

export type WorkType = JournalPage['workTypes'][number];

/** From this weight on a work type counts as heavy (контрольная, диктант…): underlined, and its deletion asks first. */
export const HEAVY_WEIGHT = 3;
