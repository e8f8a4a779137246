import * as closing from './closing';
import * as finals from './final-marks';

/** The end of a period bound to its services (src/main/features.ts spreads them in). */
export const periodsHandlers = {
  'periods.overview': closing.overview,
  'periods.close': closing.close,
  'periods.reopen': closing.reopen,
  'periods.finalMarks': finals.finalMarks,
  'periods.setFinalMark': finals.setFinalMark,
} as const;
