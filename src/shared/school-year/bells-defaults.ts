/**
 * Default bells (расписание звонков), domain-defaults.md §3: 45-minute lessons for grades 2–11 with
 * breaks of 10/10/20/20/10/10 minutes, and grade 1's stepped regime (35 minutes and 3 lessons in
 * September–October, 4–5 lessons in November–December, 40 minutes from January, a dynamic pause of
 * 40 minutes in the middle of the day). A school changes them in its settings.
 */
export interface BellScheduleDefault {
  name: string;
  gradeFrom: number;
  gradeTo: number;
  /** Month and day the schedule starts and ends within the academic year ("09-01"). */
  from: string;
  to: string;
  bells: readonly (readonly [number, string, string])[];
}

export const DEFAULT_BELLS: readonly BellScheduleDefault[] = [
  {
    name: '2–11 классы',
    gradeFrom: 2,
    gradeTo: 11,
    from: '09-01',
    to: '05-31',
    bells: [
      [1, '08:30', '09:15'],
      [2, '09:25', '10:10'],
      [3, '10:20', '11:05'],
      [4, '11:25', '12:10'],
      [5, '12:30', '13:15'],
      [6, '13:25', '14:10'],
      [7, '14:20', '15:05'],
    ],
  },
  {
    name: '1 класс, сентябрь — октябрь',
    gradeFrom: 1,
    gradeTo: 1,
    from: '09-01',
    to: '10-31',
    bells: [
      [1, '08:30', '09:05'],
      [2, '09:25', '10:00'],
      [3, '11:10', '11:45'],
    ],
  },
  {
    name: '1 класс, ноябрь — декабрь',
    gradeFrom: 1,
    gradeTo: 1,
    from: '11-01',
    to: '12-31',
    bells: [
      [1, '08:30', '09:05'],
      [2, '09:25', '10:00'],
      [3, '11:10', '11:45'],
      [4, '11:55', '12:30'],
      [5, '12:40', '13:15'],
    ],
  },
  {
    name: '1 класс, январь — май',
    gradeFrom: 1,
    gradeTo: 1,
    from: '01-01',
    to: '05-31',
    bells: [
      [1, '08:30', '09:10'],
      [2, '09:20', '10:00'],
      [3, '10:10', '10:50'],
      [4, '12:10', '12:50'],
      [5, '13:00', '13:40'],
    ],
  },
];

/** How many lessons grade 1 has a day in its stepped regime, by month (1–12). */
export function gradeOneLessonsPerDay(month: number): number {
  if (month === 9 || month === 10) return 3;
  if (month === 11 || month === 12) return 4;
  return 5;
}
