import type { Role } from '../../shared/auth/roles';
import type { MarkingMode } from '../../shared/journal/marks';
import { DEFAULT_BELLS } from '../../shared/school-year/bells-defaults';
import type { CalendarDefaults } from '../../shared/school-year/calendar-defaults';
import { type Database, prepared } from '../db/database';
import { defaultsInserts } from '../setup/defaults';

/** The statements the demo generator writes reference data with (lessons, marks and absences use the service's own). */
export const inserts = {
  bellSchedule: prepared<{
    yearId: number;
    name: string;
    gradeFrom: number;
    gradeTo: number;
    validFrom: string;
    validTo: string;
  }>()((db, p) =>
    db.insertInto('bell_schedule').values({
      academic_year_id: p.yearId,
      name: p.name,
      grade_from: p.gradeFrom,
      grade_to: p.gradeTo,
      valid_from: p.validFrom,
      valid_to: p.validTo,
    }),
  ),
  bell: prepared<{ scheduleId: number; number: number; startsAt: string; endsAt: string }>()((db, p) =>
    db
      .insertInto('bell')
      .values({ schedule_id: p.scheduleId, number: p.number, starts_at: p.startsAt, ends_at: p.endsAt }),
  ),
  school: prepared<{ name: string; shortName: string; at: string }>()((db, p) =>
    db.insertInto('school').values({ name: p.name, short_name: p.shortName, is_demo: 1, created_at: p.at }),
  ),
  setting: prepared<{ key: string; value: string }>()((db, p) =>
    db.insertInto('setting').values({ key: p.key, value: p.value }),
  ),
  year: prepared<{ name: string; startsOn: string; endsOn: string }>()((db, p) =>
    db.insertInto('academic_year').values({ name: p.name, starts_on: p.startsOn, ends_on: p.endsOn }),
  ),
  period: prepared<{
    yearId: number;
    kind: 'quarter' | 'half_year';
    number: number;
    name: string;
    gradeFrom: number;
    gradeTo: number;
    startsOn: string;
    endsOn: string;
  }>()((db, p) =>
    db.insertInto('period').values({
      academic_year_id: p.yearId,
      kind: p.kind,
      number: p.number,
      name: p.name,
      grade_from: p.gradeFrom,
      grade_to: p.gradeTo,
      starts_on: p.startsOn,
      ends_on: p.endsOn,
      closed_at: null,
      closed_by: null,
    }),
  ),
  holiday: prepared<{
    yearId: number;
    name: string;
    gradeFrom: number;
    gradeTo: number;
    startsOn: string;
    endsOn: string;
  }>()((db, p) =>
    db.insertInto('holiday').values({
      academic_year_id: p.yearId,
      name: p.name,
      grade_from: p.gradeFrom,
      grade_to: p.gradeTo,
      starts_on: p.startsOn,
      ends_on: p.endsOn,
    }),
  ),
  // Shared with a new journal's defaults (setup/defaults.ts); here too for the test school's fixtures.
  workType: defaultsInserts.workType,
  subject: defaultsInserts.subject,
  curriculum: prepared<{
    yearId: number;
    grade: number;
    subjectId: number;
    hours: number;
    marking: MarkingMode;
  }>()((db, p) =>
    db.insertInto('curriculum_item').values({
      academic_year_id: p.yearId,
      grade: p.grade,
      subject_id: p.subjectId,
      hours_per_week: p.hours,
      marking_mode: p.marking,
    }),
  ),
  user: prepared<{
    login: string;
    hash: string;
    last: string;
    first: string;
    middle: string | null;
    search: string;
    guardianId: number | null;
    studentId: number | null;
    at: string;
  }>()((db, p) =>
    db.insertInto('user_account').values({
      login: p.login,
      password_hash: p.hash,
      // Demo accounts are ready to use; a real school's accounts start with a temporary password.
      must_change_password: 0,
      locked_until: null,
      disabled_at: null,
      last_name: p.last,
      first_name: p.first,
      middle_name: p.middle,
      search_name: p.search,
      guardian_id: p.guardianId,
      student_id: p.studentId,
      created_at: p.at,
      password_changed_at: null,
    }),
  ),
  role: prepared<{ userId: number; role: Role }>()((db, p) =>
    db.insertInto('user_role').values({ user_id: p.userId, role: p.role }),
  ),
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
  student: prepared<{
    last: string;
    first: string;
    middle: string;
    birth: string;
    gender: 'm' | 'f';
    search: string;
    at: string;
  }>()((db, p) =>
    db.insertInto('student').values({
      last_name: p.last,
      first_name: p.first,
      middle_name: p.middle,
      birth_date: p.birth,
      gender: p.gender,
      search_name: p.search,
      created_at: p.at,
    }),
  ),
  enroll: prepared<{ classId: number; studentId: number; on: string }>()((db, p) =>
    db
      .insertInto('class_enrollment')
      .values({ class_id: p.classId, student_id: p.studentId, enrolled_on: p.on, left_on: null }),
  ),
  guardian: prepared<{
    last: string;
    first: string;
    middle: string;
    phone: string;
    email: string | null;
    search: string;
  }>()((db, p) =>
    db.insertInto('guardian').values({
      last_name: p.last,
      first_name: p.first,
      middle_name: p.middle,
      phone: p.phone,
      email: p.email,
      search_name: p.search,
    }),
  ),
  studentGuardian: prepared<{ studentId: number; guardianId: number; relation: 'mother' | 'father' }>()(
    (db, p) =>
      db
        .insertInto('student_guardian')
        .values({ student_id: p.studentId, guardian_id: p.guardianId, relation: p.relation }),
  ),
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

/**
 * An academic year as the federal defaults give it: its periods, holidays and the default bell
 * schedules (the demo school and the tests' hand-made school both start from it). Returns its id.
 */
export function insertYear(db: Database, calendar: CalendarDefaults): number {
  const yearId = db.run(inserts.year, {
    name: calendar.name,
    startsOn: calendar.startsOn,
    endsOn: calendar.endsOn,
  }).lastId;
  for (const p of calendar.periods) db.run(inserts.period, { yearId, ...p });
  for (const h of calendar.holidays) db.run(inserts.holiday, { yearId, ...h });
  const startYear = Number(calendar.startsOn.slice(0, 4));
  const onDay = (monthDay: string) => `${monthDay >= '09-01' ? startYear : startYear + 1}-${monthDay}`;
  for (const b of DEFAULT_BELLS) {
    const scheduleId = db.run(inserts.bellSchedule, {
      yearId,
      name: b.name,
      gradeFrom: b.gradeFrom,
      gradeTo: b.gradeTo,
      validFrom: onDay(b.from),
      validTo: onDay(b.to),
    }).lastId;
    for (const [number, startsAt, endsAt] of b.bells)
      db.run(inserts.bell, { scheduleId, number, startsAt, endsAt });
  }
  return yearId;
}
