import * as accounts from './accounts/handlers';
import * as audit from './audit/audit';
import * as auth from './auth/auth';
import { sessionCache } from './auth/sessions';
import * as backups from './backups/backups';
import { checkPaperClassScope, checkStudentScope } from './diary/access';
import { classPeriods } from './diary/class-periods';
import * as diary from './diary/diary';
import * as paper from './diary/paper';
import { gradingHandlers } from './grading/settings';
import * as imports from './import/import';
import { checkLessonScope, checkLoadScope } from './journal/access';
import * as attendanceTaken from './journal/attendance-taken';
import * as cells from './journal/cells';
import * as history from './journal/history';
import * as lessons from './journal/lessons';
import * as loads from './journal/loads';
import * as owed from './journal/owed';
import * as page from './journal/page';
import { checkFinalMarksScope } from './periods/access';
import { periodsHandlers } from './periods/handlers';
import { printHandlers } from './print/handlers';
import { checkReportClassScope } from './reports/common';
import * as controlReports from './reports/control';
import { reportsHandlers } from './reports/handlers';
import type { Features } from './router/handler';
import * as schoolYear from './school-year/handlers';
import * as setup from './setup/setup';
import { checkRosterClassScope, checkStudentCardScope } from './students/access';
import * as students from './students/index';
import * as sync from './sync/sync';
import * as timeliness from './timeliness/timeliness';
import { timetableHandlers } from './timetable/handlers';
import { checkTopicPlanEditorScope, checkTopicPlanScope } from './topic-plan/access';
import { topicPlanHandlers } from './topic-plan/handlers';

/**
 * The one module that binds the features to the router: every method of the contract to its
 * service function, every scope kind to its check. A missing one fails the type check.
 */
export const features: Features = {
  handlers: {
    'auth.login': auth.login,
    'auth.logout': auth.logout,
    'auth.me': auth.me,
    'auth.changePassword': auth.changePassword,
    'auth.demoAccounts': auth.demoAccounts,
    'journal.myLoads': loads.myLoads,
    'journal.page': page.page,
    'journal.setMark': cells.setMark,
    'journal.setAbsence': cells.setAbsence,
    'journal.clearCell': cells.clearCell,
    'journal.updateMark': cells.updateMarkDetails,
    'journal.deleteMark': cells.deleteMark,
    'journal.restoreCell': cells.restoreCell,
    'journal.updateLesson': lessons.updateLesson,
    'journal.addLesson': lessons.addLesson,
    'journal.cellHistory': history.cellHistory,
    'journal.setOwed': owed.setOwed,
    'journal.clearOwed': owed.clearOwed,
    'journal.markAttendanceTaken': attendanceTaken.markAttendanceTaken,
    'sync.changes': sync.changes,
    'diary.children': diary.children,
    'diary.week': diary.week,
    'diary.weekPdf': paper.weekPdf,
    'diary.classWeekPdf': paper.classWeekPdf,
    'diary.reportCards': paper.reportCards,
    'diary.classPeriods': classPeriods,
    'audit.verify': audit.verify,
    'audit.lastCheck': audit.lastCheck,
    ...backups.handlers,
    'setup.status': setup.status,
    'setup.create': setup.create,
    ...schoolYear.handlers,
    ...accounts.handlers,
    ...imports.handlers,
    ...students.handlers,
    ...timetableHandlers,
    ...timeliness.handlers,
    ...gradingHandlers,
    ...topicPlanHandlers,
    ...periodsHandlers,
    ...reportsHandlers,
    ...controlReports.handlers,
    ...printHandlers,
  },
  scopeChecks: {
    load: checkLoadScope,
    lesson: checkLessonScope,
    student: checkStudentScope,
    paperClass: checkPaperClassScope,
    rosterClass: checkRosterClassScope,
    studentCard: checkStudentCardScope,
    topicPlan: checkTopicPlanScope,
    topicPlanEditor: checkTopicPlanEditorScope,
    finalMarks: checkFinalMarksScope,
    reportClass: checkReportClassScope,
  },
  sessions: sessionCache,
};
