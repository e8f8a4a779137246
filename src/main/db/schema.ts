import type { Generated } from 'kysely';
import type { Role } from '../../shared/auth/roles';
import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkingMode, MarkValue } from '../../shared/journal/marks';

/** Kysely's view of migrations/*.sql. Keep in step with the migrations (test/migrations.test.ts compares the columns). */
export interface Schema {
  school: {
    id: Generated<number>;
    name: string;
    short_name: string;
    is_demo: number;
    created_at: string;
    full_name: Generated<string>;
    address: Generated<string>;
    director_name: Generated<string>;
  };
  setting: { key: string; value: string };
  academic_year: {
    id: Generated<number>;
    name: string;
    starts_on: string;
    ends_on: string;
    archived_at: Generated<string | null>;
  };
  calendar_change: {
    id: Generated<number>;
    academic_year_id: number;
    date: string;
    kind: 'day_off' | 'school_day';
    follows_weekday: number | null;
    reason: Generated<string>;
  };
  period: {
    id: Generated<number>;
    academic_year_id: number;
    kind: 'quarter' | 'trimester' | 'half_year';
    number: number;
    name: string;
    grade_from: number;
    grade_to: number;
    starts_on: string;
    ends_on: string;
    closed_at: string | null;
    closed_by: number | null;
  };
  /** One closing of a period for a class (migration 0015); the row with reopened_at NULL is the state. */
  period_closure: {
    id: Generated<number>;
    period_id: number;
    class_id: number;
    closed_at: string;
    closed_by: number | null;
    reopened_at: string | null;
    reopened_by: number | null;
    reopen_reason: string | null;
  };
  holiday: {
    id: Generated<number>;
    academic_year_id: number;
    name: string;
    grade_from: number;
    grade_to: number;
    starts_on: string;
    ends_on: string;
  };
  subject: {
    id: Generated<number>;
    name: string;
    short_name: string;
    search_name: string;
    sort_order: number;
  };
  work_type: {
    id: Generated<number>;
    name: string;
    weight: number;
    sort_order: number;
    archived_at: string | null;
  };
  user_account: {
    id: Generated<number>;
    login: string;
    password_hash: string;
    must_change_password: number;
    failed_logins: Generated<number>;
    locked_until: string | null;
    disabled_at: string | null;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    search_name: string;
    guardian_id: number | null;
    student_id: number | null;
    created_at: string;
    password_changed_at: string | null;
    credentials_issued_at: Generated<string | null>;
    /** Migration 0011: a staff member's contacts ("+7 900 123-45-67", lower-case e-mail); null = unknown. */
    email: string | null;
    phone: string | null;
  };
  user_role: { user_id: number; role: Role };
  session: {
    id: Generated<number>;
    token_hash: string;
    user_id: number;
    audience: 'staff' | 'family';
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    ended_at: string | null;
  };
  class: {
    id: Generated<number>;
    academic_year_id: number;
    grade: number;
    letter: string;
    name: string;
    class_teacher_id: number | null;
  };
  student: {
    id: Generated<number>;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    birth_date: string | null;
    gender: 'm' | 'f' | null;
    search_name: string;
    created_at: string;
    /** Migration 0008: the student's card (003 §2.1). */
    address: Generated<string>;
    phone: Generated<string>;
    home_phone: Generated<string>;
    email: Generated<string>;
    notes: Generated<string>;
    version: Generated<number>;
  };
  class_enrollment: {
    id: Generated<number>;
    class_id: number;
    student_id: number;
    enrolled_on: string;
    left_on: string | null;
    /** Migration 0008: движение учащихся and its orders (004 §4.2). */
    enrolled_kind: Generated<'listed' | 'arrived' | 'transferred'>;
    enrolled_order_no: Generated<string | null>;
    enrolled_order_date: Generated<string | null>;
    left_kind: Generated<'left' | 'transferred' | null>;
    left_order_no: Generated<string | null>;
    left_order_date: Generated<string | null>;
    left_to: Generated<string>;
  };
  guardian: {
    id: Generated<number>;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    phone: string | null;
    email: string | null;
    search_name: string;
  };
  student_guardian: {
    student_id: number;
    guardian_id: number;
    relation: 'mother' | 'father' | 'guardian' | 'other';
  };
  class_group: { id: Generated<number>; class_id: number; subject_id: number; name: string };
  group_member: { group_id: number; student_id: number };
  curriculum_item: {
    id: Generated<number>;
    academic_year_id: number;
    grade: number;
    /** Migration 0006: a profile class's own plan; null = the grade's plan. */
    class_id: number | null;
    subject_id: number;
    hours_per_week: number;
    marking_mode: MarkingMode;
  };
  teaching_load: {
    id: Generated<number>;
    academic_year_id: number;
    class_id: number;
    group_id: number | null;
    subject_id: number;
    teacher_id: number;
    hours_per_week: number;
    marking_mode: MarkingMode;
  };
  lesson: {
    id: Generated<number>;
    load_id: number;
    date: string;
    number: number;
    topic: Generated<string>;
    homework: Generated<string>;
    teacher_id: number;
    version: Generated<number>;
    created_at: string;
    updated_at: string;
    updated_by: number | null;
    /** Migration 0009: a cancelled lesson keeps its row and data; a moved one where it was planned. */
    cancelled_at: string | null;
    cancelled_by: number | null;
    cancel_reason: Generated<string>;
    moved_from_date: string | null;
    moved_from_number: number | null;
    /** Migration 0012: the topic the plan of topics (КТП) last wrote here; NULL: never. */
    plan_topic: string | null;
    /** Migration 0016: the work type new marks of this lesson get (NULL = the school's default). */
    work_type_id: number | null;
    /** Migration 0017: when and by whom attendance was first taken (NULL: not taken yet). */
    attendance_taken_at: string | null;
    attendance_taken_by: number | null;
  };
  mark: {
    id: Generated<number>;
    lesson_id: number;
    student_id: number;
    slot: Generated<number>;
    value: MarkValue;
    work_type_id: number;
    weight: number;
    comment: string | null;
    version: Generated<number>;
    created_at: string;
    created_by: number;
    updated_at: string;
    updated_by: number;
    /** Migration 0017: a retake on a missed lesson, the day it was written (NULL: an ordinary mark). */
    retaken_on: string | null;
  };
  absence: {
    id: Generated<number>;
    lesson_id: number;
    student_id: number;
    code: AbsenceCode;
    minutes_late: number | null;
    version: Generated<number>;
    created_at: string;
    created_by: number;
    updated_at: string;
    updated_by: number;
  };
  final_mark: {
    id: Generated<number>;
    academic_year_id: number;
    subject_id: number;
    student_id: number;
    kind: 'period' | 'year' | 'exam' | 'final';
    period_id: number | null;
    value: string;
    version: Generated<number>;
    updated_at: string;
    updated_by: number;
  };
  bell_schedule: {
    id: Generated<number>;
    academic_year_id: number;
    name: string;
    grade_from: number;
    grade_to: number;
    valid_from: string;
    valid_to: string;
  };
  bell: { schedule_id: number; number: number; starts_at: string; ends_at: string };
  audit_log: {
    id: Generated<number>;
    at: string;
    user_id: number | null;
    session_id: number | null;
    action: string;
    entity: string;
    entity_id: number | null;
    before: string | null;
    after: string | null;
    /** Hex SHA-256 chain (migration 0004, router/audit-chain.ts); null only on rows written before it. */
    prev_hash: string | null;
    row_hash: string | null;
  };
  data_change: { id: Generated<number>; topic: string; at: string };
  /** Migration 0007: consent to the processing of personal data (152-ФЗ), per student or guardian. */
  pd_consent: {
    id: Generated<number>;
    student_id: number | null;
    guardian_id: number | null;
    given_on: string;
    form: 'paper' | 'electronic';
    recorded_by: number;
    recorded_at: string;
  };
  /** Migration 0007: a guardian's refusal of the electronic diary (004 §4.7). */
  paper_diary: { guardian_id: number; statement_on: string; recorded_by: number; recorded_at: string };
  timetable_version: {
    id: Generated<number>;
    academic_year_id: number;
    class_id: number;
    valid_from: string;
    created_at: string;
    created_by: number;
  };
  timetable_slot: { version_id: number; weekday: number; number: number; load_id: number };
  /** Migration 0012: the first late entry of a lesson's topic, homework, attendance or marks. */
  /** Migration 0017: an owed work (долг, «точка») of one cell, with its due date. */
  owed_work: {
    id: Generated<number>;
    lesson_id: number;
    student_id: number;
    due_on: string;
    version: Generated<number>;
    created_at: string;
    created_by: number;
    updated_at: string;
    updated_by: number;
  };
  late_entry: {
    lesson_id: number;
    kind: 'topic' | 'homework' | 'attendance' | 'marks';
    entered_at: string;
    entered_by: number;
  };
  /** Migration 0014: the plan of topics (КТП) of a teaching load, and its ordered topics. */
  topic_plan: { load_id: number; version: Generated<number>; updated_at: string; updated_by: number | null };
  topic_plan_item: { id: Generated<number>; load_id: number; position: number; title: string; hours: number };
  /** Migration 0018: the first time each day a user opened a journal page (journal/page-views.ts). */
  page_view: { load_id: number; user_id: number; day: string; first_at: string };
  /** Migration 0018: changes of a journal page per user and local day, kept from audit_log by a trigger. */
  page_change: {
    user_id: number;
    day: string;
    load_id: number;
    changes: number;
    first_at: string;
    last_at: string;
  };
}
