import { auditSection } from '../audit/section';
import { backupsSection } from '../backups/section';
import type { StaffSection } from '../common/section';
import { journalSection } from '../journal/section';
import { timetableSection } from '../timetable/section';

/**
 * Every section of the staff application, in navigation order: the one place that combines the
 * features' screens (as src/shared/api/contract.ts combines their methods).
 */
export const STAFF_SECTIONS: readonly StaffSection[] = [
  journalSection,
  backupsSection,
  auditSection,
  timetableSection,
];
