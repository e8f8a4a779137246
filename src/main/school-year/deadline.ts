import { DEFAULT_DEADLINE, type DeadlineRule } from '../../shared/timeliness/rules';
import type { Database } from '../db/database';
import { getSetting } from './school';

/**
 * The school's deadline for filling in a lesson's page (a school setting, like the mark scale):
 * the journal flags late entries by it, the timeliness report counts by it.
 */
export const DEADLINE_KEY = 'journal.deadline';

export function deadlineRule(db: Database): DeadlineRule {
  return getSetting(db, DEADLINE_KEY, DEFAULT_DEADLINE);
}
