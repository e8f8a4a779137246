import { fakerRU as faker } from '@faker-js/faker';
import type { Load, SchoolClass, SchoolPlan, StaffMember } from './plan';

/**
 * The demo school's weekly timetable, as a deputy draws it: every class's lessons numbered from the
 * first without gaps, a subject at most once a day where the week allows, and no teacher in two
 * places at once (the timetable service refuses that). Cells are filled one by one with the lesson
 * that has most hours left and whose teachers are free; a lesson no teacher of the load can take in
 * any free cell gets a new teacher of the same subject (schools hire, too).
 */

/** One cell of a class's week: the loads given at once (two groups of a split subject share one). */
export interface Cell {
  weekday: number;
  number: number;
  loads: Load[];
}

/**
 * The most lessons a day (СанПиН 1.2.3685-21, table 6.6): 5 in grades 1–4 (grade 1: once a week,
 * its other days have 4, which the even day lengths give), 6 in 5–6, 7 above.
 */
export function maxLessonsPerDay(grade: number): number {
  return grade <= 4 ? 5 : grade <= 6 ? 6 : 7;
}

const DAYS = [1, 2, 3, 4, 5];

export function planWeeks(
  plan: SchoolPlan,
  hire: (like: StaffMember) => StaffMember,
): Map<SchoolClass, Cell[]> {
  const busy = new Map<StaffMember, Set<string>>();
  const isFree = (t: StaffMember, d: number, n: number) => !busy.get(t)?.has(`${d}/${n}`);
  const take = (t: StaffMember, d: number, n: number) => {
    const set = busy.get(t) ?? new Set<string>();
    set.add(`${d}/${n}`);
    busy.set(t, set);
  };
  const weeks = new Map<SchoolClass, Cell[]>();
  // Upper grades first: their teachers are shared the most.
  for (const cls of [...plan.classes].sort((a, b) => b.grade - a.grade)) {
    const units = lessonUnits(cls);
    const left = new Map(units.map((u) => [u, u[0]!.hours]));
    const total = [...left.values()].reduce((a, b) => a + b, 0);
    const cap = maxLessonsPerDay(cls.grade);
    // Day lengths as even as the week allows (29 lessons: 6, 6, 6, 6, 5).
    const length = DAYS.map((_, i) => Math.floor(total / DAYS.length) + (i < total % DAYS.length ? 1 : 0));
    const cells: Cell[] = [];
    const onDay = (d: number, unit: Load[]) => cells.some((c) => c.weekday === d && c.loads === unit);
    const fits = (unit: Load[], d: number, n: number) => unit.every((l) => isFree(l.teacher, d, n));
    const place = (unit: Load[], d: number, n: number) => {
      for (const l of unit) take(l.teacher, d, n);
      cells.push({ weekday: d, number: n, loads: unit });
      left.set(unit, left.get(unit)! - 1);
    };
    const pick = (d: number, n: number, again: boolean) => {
      const open = units.filter((u) => left.get(u)! > 0 && fits(u, d, n) && (again || !onDay(d, u)));
      if (open.length === 0) return undefined;
      const most = Math.max(...open.map((u) => left.get(u)!));
      return faker.helpers.arrayElement(open.filter((u) => left.get(u) === most));
    };
    DAYS.forEach((d, i) => {
      for (let n = 1; n <= Math.min(cap, length[i]!); n++) {
        const unit = pick(d, n, false) ?? pick(d, n, true);
        if (!unit) break; // the day ends here; what is left goes where it fits
        place(unit, d, n);
      }
    });
    // What did not fit: at the end of the shortest days, by a new teacher if no cell is free for theirs.
    for (const unit of units) {
      while (left.get(unit)! > 0) {
        const days = DAYS.map((d) => ({ d, n: cells.filter((c) => c.weekday === d).length + 1 }))
          .filter(({ n }) => n <= cap)
          .sort((a, b) => a.n - b.n);
        const free =
          days.find(({ d, n }) => fits(unit, d, n) && !onDay(d, unit)) ??
          days.find(({ d, n }) => fits(unit, d, n));
        if (free) {
          place(unit, free.d, free.n);
          continue;
        }
        if (days.length === 0) throw new Error(`${cls.name}: в неделе не хватает уроков для всех часов`);
        // No teacher of this load is free at any day's end: the load passes to a new colleague.
        for (const load of unit) {
          if (days.some(({ d, n }) => !isFree(load.teacher, d, n))) {
            const taken = cells.filter((c) => c.loads === unit);
            const next = hire(load.teacher);
            for (const c of taken) {
              busy.get(load.teacher)?.delete(`${c.weekday}/${c.number}`);
              take(next, c.weekday, c.number);
            }
            if (
              cls.classTeacher === load.teacher &&
              !cls.loads.some((l) => l !== load && l.teacher === load.teacher)
            )
              cls.classTeacher = next;
            load.teacher.hours -= load.hours;
            next.hours += load.hours;
            load.teacher = next;
          }
        }
      }
    }
    weeks.set(
      cls,
      cells.sort((a, b) => a.weekday - b.weekday || a.number - b.number),
    );
  }
  return weeks;
}

/** The class's loads as they are timetabled: a load alone, or the groups of one split subject together. */
function lessonUnits(cls: SchoolClass): Load[][] {
  const units: Load[][] = [];
  const split = new Map<string, Load[]>();
  for (const load of cls.loads) {
    if (!load.group) {
      units.push([load]);
      continue;
    }
    const unit = split.get(load.subject.name);
    if (unit) unit.push(load);
    else {
      const fresh = [load];
      split.set(load.subject.name, fresh);
      units.push(fresh);
    }
  }
  return units;
}
