import { addDays, type IsoDate, weekday } from '../i18n/dates';

/**
 * The federal calendar (ФОП п. 172; domain-defaults.md §2) as the default for a new academic year:
 * quarters for grades 1–9, half-years for 10–11, holidays, grade 1's extra February week.
 * 2025/26 uses the published Минпросвещения dates; other years follow the same pattern and are
 * placeholders the deputy must confirm (the school sets its own calendar, ФОП 172.1).
 */
export interface CalendarDefaults {
  name: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  periods: {
    kind: 'quarter' | 'half_year';
    number: number;
    name: string;
    gradeFrom: number;
    gradeTo: number;
    startsOn: IsoDate;
    endsOn: IsoDate;
  }[];
  holidays: { name: string; gradeFrom: number; gradeTo: number; startsOn: IsoDate; endsOn: IsoDate }[];
  /** True when the dates are the published ones, false when extrapolated. */
  published: boolean;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The first working day on or after a date (the year starts 1 September or the next working day). */
function onOrAfterWeekday(date: IsoDate): IsoDate {
  let d = date;
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, 1);
  return d;
}

function onOrBeforeWeekday(date: IsoDate): IsoDate {
  let d = date;
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, -1);
  return d;
}

/** Friday on or before the date. */
function fridayOnOrBefore(date: IsoDate): IsoDate {
  let d = date;
  while (weekday(d) !== 5) d = addDays(d, -1);
  return d;
}

function mondayOnOrAfter(date: IsoDate): IsoDate {
  let d = date;
  while (weekday(d) !== 1) d = addDays(d, 1);
  return d;
}

export function federalCalendar(startYear: number): CalendarDefaults {
  const y = startYear;
  const n = y + 1;
  const published = y === 2025;
  const startsOn = onOrAfterWeekday(`${y}-09-01`);
  const endsOn = onOrBeforeWeekday(`${n}-05-26`);
  // Quarter boundaries: the 2025/26 recommendation, or the same pattern moved to this year's weekdays.
  const q1End = published ? '2025-10-24' : fridayOnOrBefore(`${y}-10-24`);
  const q2Start = published ? '2025-11-05' : `${y}-11-05`;
  const q2End = published ? '2025-12-30' : onOrBeforeWeekday(`${y}-12-30`);
  const q3Start = published ? '2026-01-12' : mondayOnOrAfter(`${n}-01-09`);
  const q3End = published ? '2026-03-27' : fridayOnOrBefore(`${n}-03-27`);
  const q4Start = published ? '2026-04-06' : mondayOnOrAfter(addDays(q3End, 7));
  const febStart = published ? '2026-02-16' : mondayOnOrAfter(`${n}-02-14`);
  const quarters = [
    [startsOn, q1End],
    [q2Start, q2End],
    [q3Start, q3End],
    [q4Start, endsOn],
  ] as const;
  return {
    name: `${y}/${n}`,
    startsOn,
    endsOn,
    published,
    periods: [
      ...quarters.map(([s, e], i) => ({
        kind: 'quarter' as const,
        number: i + 1,
        name: `${ROMAN[i]} четверть`,
        gradeFrom: 1,
        gradeTo: 9,
        startsOn: s,
        endsOn: e,
      })),
      {
        kind: 'half_year',
        number: 1,
        name: 'I полугодие',
        gradeFrom: 10,
        gradeTo: 11,
        startsOn,
        endsOn: q2End,
      },
      {
        kind: 'half_year',
        number: 2,
        name: 'II полугодие',
        gradeFrom: 10,
        gradeTo: 11,
        startsOn: q3Start,
        endsOn,
      },
    ],
    holidays: [
      {
        name: 'Осенние каникулы',
        gradeFrom: 1,
        gradeTo: 11,
        startsOn: addDays(q1End, 1),
        endsOn: addDays(q2Start, -1),
      },
      {
        name: 'Зимние каникулы',
        gradeFrom: 1,
        gradeTo: 11,
        startsOn: addDays(q2End, 1),
        endsOn: addDays(q3Start, -1),
      },
      {
        name: 'Дополнительные каникулы',
        gradeFrom: 1,
        gradeTo: 1,
        startsOn: febStart,
        endsOn: addDays(febStart, 6),
      },
      {
        name: 'Весенние каникулы',
        gradeFrom: 1,
        gradeTo: 11,
        startsOn: addDays(q3End, 1),
        endsOn: addDays(q4Start, -1),
      },
      // Public days off that fall inside a quarter (Трудовой кодекс ст. 112).
      ...[`${n}-02-23`, `${n}-03-08`, `${n}-05-01`, `${n}-05-09`].map((d) => ({
        name: 'Праздничный день',
        gradeFrom: 1,
        gradeTo: 11,
        startsOn: d,
        endsOn: d,
      })),
    ],
  };
}
