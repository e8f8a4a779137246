import { accountRows } from '../src/main/auth/account-rows';
import { prepared } from '../src/main/db/database';
import { yearRows } from '../src/main/school-year/rows';
import { studentRows } from '../src/main/school-year/student-rows';
import { defaultsInserts } from '../src/main/setup/defaults';
import type { MarkingMode } from '../src/shared/journal/marks';

export { insertFederalCurriculum, insertYear } from '../src/main/school-year/rows';

/**
 * The statements the tests' hand-made school (fixtures.ts) and the benchmarks build their schools
 * with, straight into the file (the demo goes through the services instead): the application's own
 * statements where it has them (the year, its calendar and curriculum: src/main/school-year/rows.ts;
 * students, enrollments and guardians: src/main/school-year/student-rows.ts; accounts).
 */
export const inserts = {
  ...yearRows,
  school: prepared<{ name: string; shortName: string; at: string }>()((db, p) =>
    db.insertInto('school').values({ name: p.name, short_name: p.shortName, is_demo: 1, created_at: p.at }),
  ),
  setting: prepared<{ key: string; value: string }>()((db, p) =>
    db.insertInto('setting').values({ key: p.key, value: p.value }),
  ),
  // Shared with a new journal's defaults (setup/defaults.ts).
  workType: defaultsInserts.workType,
  // Accounts as every feature writes them (auth/account-rows.ts).
  user: accountRows.account,
  role: accountRows.role,
  class: prepared<{ yearId: number; grade: number; letter: string; name: string }>()((db, p) =>
    db.insertInto('class').values({
      academic_year_id: p.yearId,
      grade: p.grade,
      letter: p.letter,
      name: p.name,
      class_teacher_id: null,
    }),
  ),
  classTeacher: prepared<{ classId: number; teacherId: number }>()((db, p) =>
    db.updateTable('class').set({ class_teacher_id: p.teacherId }).where('id', '=', p.classId),
  ),
  // The students' statements of the application (school-year/student-rows.ts).
  student: studentRows.student,
  enroll: studentRows.listed,
  guardian: studentRows.guardian,
  studentGuardian: studentRows.guardianLink,
  group: prepared<{ classId: number; subjectId: number; name: string }>()((db, p) =>
    db.insertInto('class_group').values({ class_id: p.classId, subject_id: p.subjectId, name: p.name }),
  ),
  groupMember: prepared<{ groupId: number; studentId: number }>()((db, p) =>
    db.insertInto('group_member').values({ group_id: p.groupId, student_id: p.studentId }),
  ),
  load: prepared<{
    yearId: number;
    classId: number;
    groupId: number | null;
    subjectId: number;
    teacherId: number;
    hours: number;
    marking: MarkingMode;
  }>()((db, p) =>
    db.insertInto('teaching_load').values({
      academic_year_id: p.yearId,
      class_id: p.classId,
      group_id: p.groupId,
      subject_id: p.subjectId,
      teacher_id: p.teacherId,
      hours_per_week: p.hours,
      marking_mode: p.marking,
    }),
  ),
};
