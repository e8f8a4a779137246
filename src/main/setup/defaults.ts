import { searchKey } from '../../shared/i18n/names';
import { DEFAULT_WORK_TYPES } from '../../shared/journal/work-types';
import { FEDERAL_CURRICULUM } from '../../shared/school-year/curriculum-defaults';
import { type Database, prepared } from '../db/database';
import { yearRows } from '../school-year/rows';

/**
 * What every school's journal starts with, whatever the school (domain-defaults.md): the work types
 * with their weights and the federal list of subjects. A new journal (setup.create) and the demo
 * school (demo/generate.ts) both start from here; a year, its curriculum and calendar are the
 * deputy's own step.
 */
export const defaultsInserts = {
  workType: prepared<{ name: string; weight: number; order: number }>()((db, p) =>
    db
      .insertInto('work_type')
      .values({ name: p.name, weight: p.weight, sort_order: p.order, archived_at: null }),
  ),
  // The subject row as the deputy's new year writes a missing one (school-year/rows.ts).
  subject: yearRows.subject,
};

export interface SchoolDefaults {
  /** Work types by name, with their weight (the demo's marks copy it). */
  workTypes: Map<string, { id: number; weight: number }>;
  /** Subjects by name. */
  subjects: Map<string, number>;
}

/** Writes the work types and subjects into a journal that has none (the caller's transaction). */
export function insertSchoolDefaults(db: Database): SchoolDefaults {
  const workTypes = new Map<string, { id: number; weight: number }>();
  DEFAULT_WORK_TYPES.forEach((w, i) => {
    const id = db.run(defaultsInserts.workType, { name: w.name, weight: w.weight, order: i }).lastId;
    workTypes.set(w.name, { id, weight: w.weight });
  });
  const subjects = new Map<string, number>();
  FEDERAL_CURRICULUM.forEach((s, i) => {
    const row = { name: s.name, shortName: s.shortName, search: searchKey(s.name), order: i };
    subjects.set(s.name, db.run(defaultsInserts.subject, row).lastId);
  });
  return { workTypes, subjects };
}
