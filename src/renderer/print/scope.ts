import type { BookTarget } from '../../shared/print/contract';

/** What the deputy prints at once: one class, one parallel (all classes of a grade), the whole school. */
export type Scope =
  | { kind: 'class'; classId: number }
  | { kind: 'parallel'; grade: number }
  | { kind: 'school' };

export function classesOf(targets: readonly BookTarget[], scope: Scope): BookTarget[] {
  if (scope.kind === 'class') return targets.filter((t) => t.id === scope.classId);
  if (scope.kind === 'parallel') return targets.filter((t) => t.grade === scope.grade);
  return [...targets];
}

/** A period as print.bookTargets lists it (in calendar order), with the grades it belongs to. */
interface Period {
  id: number;
  name: string;
  gradeFrom: number;
  gradeTo: number;
}

/**
 * The periods offered by name: a school may divide grades 1–9 into четверти and 10–11 into
 * полугодия, so «I четверть» of the whole school means each class's own period of that name.
 */
export function periodNames(periods: readonly Period[]): string[] {
  return [...new Set(periods.map((p) => p.name))];
}

/** The class's period of that name (its grade within the period's band), or null when it has none. */
export function periodOfClass(periods: readonly Period[], name: string, grade: number): Period | null {
  return periods.find((p) => p.name === name && p.gradeFrom <= grade && grade <= p.gradeTo) ?? null;
}
