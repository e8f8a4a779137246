import { accountsSection } from '../accounts/section';
import { auditSection } from '../audit/section';
import { backupsSection } from '../backups/section';
import type { StaffSection } from '../common/section';
import { connectionSection } from '../connection/section';
import { gradingSection } from '../grading/section';
import { importSection } from '../import/section';
import { journalSection } from '../journal/section';
import { periodsSections } from '../periods/section';
import { printSection } from '../print/section';
import { reportsSection } from '../reports/section';
import { schoolYearSections } from '../school-year/section';
import { classesSection, myClassSection } from '../students/section';
import { timelinessSection } from '../timeliness/section';
import { timetableSection } from '../timetable/section';
import { topicPlanSection } from '../topic-plan/section';

/**
 * Every section of the staff application, in navigation order: the one place that combines the
 * features' screens (as src/shared/api/contract.ts combines their methods).
 */
export const STAFF_SECTIONS: readonly StaffSection[] = [
  journalSection,
  backupsSection,
  auditSection,
  connectionSection,
  ...schoolYearSections,
  accountsSection,
  importSection,
  myClassSection,
  classesSection,
  timetableSection,
  timelinessSection,
  gradingSection,
  topicPlanSection,
  ...periodsSections,
  printSection,
  reportsSection,
];
