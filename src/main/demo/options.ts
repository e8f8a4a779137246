import type { IsoDate } from '../../shared/i18n/dates';

/** What the demo (and benchmark) school is built from. */
export interface DemoOptions {
  students: number;
  seed: number;
  /**
   * Lessons before this day get topics, marks and absences; the year is the one this day falls in
   * (the timetable generates the whole year's lessons, as it does for a school).
   */
  today: IsoDate;
  /**
   * Whether the school has last academic year too, complete and archived by the year change (the
   * demo: true). The benchmarks build one year and copy it into the past themselves (bench/past-years.ts).
   */
  previousYear?: boolean;
}
