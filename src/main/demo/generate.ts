import { renameSync, rmSync } from 'node:fs';
import { fakerRU as faker } from '@faker-js/faker';
import { sql } from 'kysely';
import type { Output } from '../../shared/api/contract';
import type { Role } from '../../shared/auth/roles';
import { addDays, type IsoDate } from '../../shared/i18n/dates';
import { searchKey } from '../../shared/i18n/names';
import { gradeOneLessonsPerDay } from '../../shared/school-year/bells-defaults';
import { federalCalendar } from '../../shared/school-year/calendar-defaults';
import { hashPassword } from '../auth/passwords';
import type { Database } from '../db/database';
import { openJournal } from '../db/migrate';
import { features } from '../features';
import { PAGE_VIEWS_SINCE_KEY } from '../reports/fill';
import { createRouter } from '../router/router';
import { findYear } from '../school-year/school';
import { staffFile, studentsFile } from './files';
import { type ClassYear, fillLessons, layOutYear, planItemsOf } from './lessons';
import type { DemoOptions } from './options';
import {
  fullName,
  hireTeacher,
  type Person,
  planSchool,
  type SchoolClass,
  type SchoolPlan,
  type StaffMember,
} from './plan';
import { planPreviousYear } from './previous-year';
import { type Cell, planWeeks } from './week';
import { closeFinishedPeriods, type DemoCall, type FinalCounts } from './year-end';

/**
 * The demo school, made the way a real school makes itself (issue 8): the first-run form, the staff
 * list imported, the year from the federal defaults, the classes, the students' list imported, the
 * groups, the teaching load and the timetable, each through the application's own router as the
 * administrator or the deputy; the timetable generates the year's lessons. Then the teachers' part
 * (topics, homework, marks, absences up to `today`) is written straight into those lessons, and the
 * accounts the login screen lists get their fixed logins and the demo password.
 *
 * It lives two years (issue 9): last year complete — its КТП, its periods closed as they ended with
 * their period, year, exam and final marks, then the year change (year.rollover) that archives it —
 * and this year up to `today`, its finished periods closed. The same generator with a larger
 * `students` (and `previousYear: false`) builds the benchmark school.
 */
export type { DemoOptions } from './options';

export const DEMO_PASSWORD = 'demo2026';

export interface DemoAccount {
  login: string;
  password: string;
  role: Role;
  title?: string;
  name: string;
}

export interface DemoSummary {
  classes: number;
  students: number;
  teachers: number;
  lessons: number;
  marks: number;
  absences: number;
  /** Period, year, exam and final marks set (both years). */
  finalMarks: number;
  /** Of those, «н/а». */
  notAssessed: number;
  /** Periods closed (periods.close for the school), both years. */
  closedPeriods: number;
  accounts: DemoAccount[];
}

/**
 * The academic year the demo school shows: the one in progress, or the one that has just ended
 * (in summer, and in the first week of September, when the new year has no lessons to show yet).
 */
export function demoAcademicStart(today: IsoDate): number {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const day = Number(today.slice(8, 10));
  return month > 9 || (month === 9 && day >= 8) ? year : year - 1;
}

/**
 * Builds the demo school into a file of its own beside `path` and then puts it in place of `path`
 * (the empty file the start created): a start interrupted half-way never leaves half a school.
 */
export async function writeDemoFile(path: string, options: DemoOptions): Promise<DemoSummary> {
  const partial = `${path}.demo-partial`;
  const remove = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
  };
  remove();
  try {
    const { db } = openJournal(partial, { storage: 'local' });
    let summary: DemoSummary;
    try {
      summary = await generateDemoSchool(db, options);
    } finally {
      db.close();
    }
    renameSync(partial, path);
    return summary;
  } finally {
    remove();
  }
}

export async function generateDemoSchool(db: Database, options: DemoOptions): Promise<DemoSummary> {
  // A school made from nothing: no write of it is worth a disk flush until it is whole (writeDemoFile
  // removes a cut-off one), and two years of a school are tens of thousands of the router's commits.
  const synchronous = db.sqlite.pragma('synchronous', { simple: true });
  db.sqlite.pragma('synchronous = OFF');
  try {
    return await generate(db, options);
  } finally {
    db.sqlite.pragma(`synchronous = ${Number(synchronous)}`);
  }
}

async function generate(db: Database, options: DemoOptions): Promise<DemoSummary> {
  faker.seed(options.seed);
  const startYear = demoAcademicStart(options.today);
  const plan = planSchool(options.students, startYear);
  const hire = (like: StaffMember) => hireTeacher(plan, like.family ?? 'other');
  const weeks = planWeeks(plan, hire);
  // Last year's school, a grade lower: planned now, so that its teachers are on the staff list too.
  const withLast = options.previousYear !== false;
  const last = withLast ? planPreviousYear(plan) : null;
  const lastWeeks = last ? planWeeks(last, hire) : null;

  // Last year was set up in its last week of August, one call a second; the clock then follows the
  // year: its periods closed as they ended, the year change in June, this year's set-up in August.
  let now = new Date(`${withLast ? startYear - 1 : startYear}-08-25T06:00:00Z`);
  const clockAt = (iso: string) => {
    now = new Date(iso);
  };
  const router = createRouter(db, features, { clock: () => now });
  const call: DemoCall = async (token, method, input) => {
    now = new Date(now.getTime() + 1000);
    const r = await router.call(method, input, { token, door: 'staff' });
    if (!r.ok) throw new Error(`Демо-школа: ${method}: ${r.error.message}`);
    return r.value as Output<typeof method>;
  };
  const signIn = async (login: string) =>
    (await call(null, 'auth.login', { login, password: DEMO_PASSWORD })).token;

  // The first-run screen (the administrator's own account).
  const admin = plan.admin.person;
  await call(null, 'setup.create', {
    path: db.path,
    confirmed: true,
    schoolName: 'СОШ № 1 (демо)',
    fullName:
      'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1» (демо)',
    address: 'г. Демидов, ул. Школьная, д. 1',
    directorName: fullName(plan.director.person),
    lastName: admin.lastName,
    firstName: admin.firstName,
    middleName: admin.middleName,
    login: 'admin',
    password: DEMO_PASSWORD,
  });
  db.run(db.builder.updateTable('school').set({ is_demo: 1 }));
  let adminToken = await signIn('admin');
  const importFile = async (kind: 'staff' | 'students', fileName: string, file: Buffer) => {
    const content = file.toString('base64');
    const preview = await call(adminToken, 'import.preview', { kind, fileName, content });
    if (preview.counts.error > 0)
      throw new Error(
        `Демо-школа: ${fileName}: ${preview.rows.find((r) => r.fate === 'error')?.details.join('; ')}`,
      );
    await call(adminToken, 'import.commit', {
      kind,
      fileName,
      content,
      previewHash: preview.hash,
      skipErrors: false,
    });
  };

  // The staff list; the administration's accounts, and the teachers the login screen lists, are then
  // ready to use (see readyToUse).
  await importFile('staff', 'сотрудники.xlsx', await staffFile(plan));
  const staff = [plan.director, plan.deputy, plan.inspector, ...plan.teachers];
  for (const member of staff) member.id = accountIdOf(db, member.person);
  const passwordHash = hashPassword(DEMO_PASSWORD);
  readyToUse(db, plan.director.id!, 'director', passwordHash);
  readyToUse(db, plan.deputy.id!, 'zavuch', passwordHash);
  readyToUse(db, plan.inspector.id!, 'inspector', passwordHash);
  const teachers = demoTeachers(db, plan, passwordHash);
  let deputyToken = await signIn('zavuch');

  const yearEnd = { db, call, clockAt, signIn };
  // Last academic year: its classes, students, groups, load and timetable, its lessons, its end;
  // then the year change. Without it, this year is the deputy's first (year.create).
  const lastAcademicYear = async (last: SchoolPlan, lastWeeks: Map<SchoolClass, Cell[]>) => {
    const previous = await call(deputyToken, 'year.create', { startYear: startYear - 1 });
    for (const cls of last.classes) cls.id = (await saveClass(call, deputyToken, previous.id, cls)).id;
    const previousName = `${startYear - 1}-${startYear}`;
    await importFile('students', `ученики ${previousName}.xlsx`, await studentsFile(last));
    matchStudents(db, last.classes);
    await setUpLoads(call, { deputy: deputyToken, admin: adminToken }, db, last, lastWeeks, startYear - 1);
    const previousEnd = findYear(db, previous.id).ends_on;
    const lastLessons = layOutYear(db, last);
    const lastCounts = db.bulk(() =>
      fillLessons(db, lastLessons, { ...options, today: addDays(previousEnd, 1) }),
    );
    // Each load's plan of topics, saved by the deputy in the same August (saved after the lessons were
    // written, it finds every topic already its own: lesson.plan_topic).
    await savePlans(call, deputyToken, lastLessons);
    await call(adminToken, 'auth.logout', {});
    const lastFinals = await closeFinishedPeriods({
      ...yearEnd,
      plan: last,
      yearId: previous.id,
      today: addDays(previousEnd, 1),
      given: lastCounts.given,
    });

    // The year change (year.rollover): last year archived, its classes a grade up in this year.
    clockAt(`${startYear}-06-22T07:00:00Z`);
    deputyToken = await signIn('zavuch');
    const rolled = await call(deputyToken, 'year.rollover', {
      fromYearId: previous.id,
      continuing: last.classes.filter((c) => c.grade === 9).map((c) => c.id!),
    });
    await call(deputyToken, 'auth.logout', {});
    return { year: rolled.year, counts: lastCounts, finals: lastFinals };
  };
  const history = last && lastWeeks ? await lastAcademicYear(last, lastWeeks) : null;
  const year = history?.year ?? (await call(deputyToken, 'year.create', { startYear }));
  if (!history) await call(deputyToken, 'auth.logout', {});

  // This year, set up in the last week of August: the new first classes, the class teachers of the
  // fifth (a primary teacher takes a new first class), the students' list with the first graders.
  clockAt(`${startYear}-08-25T06:00:00Z`);
  deputyToken = await signIn('zavuch');
  adminToken = await signIn('admin');
  const calendar = federalCalendar(startYear);
  if (!calendar.published) {
    db.run(
      db.builder.insertInto('setting').values({
        key: 'calendar.note',
        value: JSON.stringify({
          text: 'Даты каникул рассчитаны по образцу 2025/2026 и должны быть подтверждены школой',
        }),
      }),
    );
  }
  const carried = new Map(
    db
      .all(
        db.builder
          .selectFrom('class')
          .select(['id', 'name', 'class_teacher_id'])
          .where('academic_year_id', '=', year.id),
      )
      .map((c) => [c.name, c] as const),
  );
  const byCarried = [...plan.classes].sort(
    (a, b) => Number(carried.has(b.name)) - Number(carried.has(a.name)),
  );
  for (const cls of byCarried) {
    const was = carried.get(cls.name);
    if (was && was.class_teacher_id === cls.classTeacher.id) cls.id = was.id;
    else cls.id = (await saveClass(call, deputyToken, year.id, cls, was?.id ?? null)).id;
  }
  await importFile('students', 'ученики.xlsx', await studentsFile(plan));
  matchStudents(db, plan.classes);
  await setUpLoads(call, { deputy: deputyToken, admin: adminToken }, db, plan, weeks, startYear);

  // Family accounts: a few families asked for the paper diary instead (004 §4.7).
  const paper = new Set(
    plan.classes.flatMap((c) => c.students.map((s) => s.family)).filter(() => faker.datatype.boolean(0.03)),
  );
  for (const family of paper) {
    for (const g of family.guardians) {
      const id = guardianIdOf(db, g.person, g.phone);
      await call(adminToken, 'accounts.setPaperDiary', { guardianId: id, statementOn: `${startYear}-08-25` });
    }
  }
  for (const cls of plan.classes)
    await call(adminToken, 'accounts.createFamilyAccounts', { target: 'class', classId: cls.id! });
  await call(adminToken, 'auth.logout', {});

  const accounts = [...staffAccounts(plan, teachers), ...familyAccounts(db, plan, passwordHash, paper)];
  const lessons = layOutYear(db, plan);
  const counts = db.bulk(() => fillLessons(db, lessons, options));
  await savePlans(call, deputyToken, lessons);
  const finals = await closeFinishedPeriods({
    ...yearEnd,
    plan,
    yearId: year.id,
    today: options.today,
    given: counts.given,
  });

  db.run(db.builder.insertInto('setting').values({ key: 'demo.accounts', value: JSON.stringify(accounts) }));
  // The demo's page views (fillLessons) go back to its first year: the fill report judges «не
  // открывалась» from there, not from the day the file was made (what migration 0018 sets).
  db.run(
    db.builder
      .updateTable('setting')
      .set({ value: sql<string>`json_object('day', (select min(starts_on) from academic_year))` })
      .where('key', '=', PAGE_VIEWS_SINCE_KEY),
  );
  db.run(
    db.builder.insertInto('setting').values({
      key: 'demo.seed',
      value: JSON.stringify({ seed: options.seed, students: options.students, today: options.today }),
    }),
  );
  return {
    classes: plan.classes.length,
    students: plan.classes.reduce((n, c) => n + c.students.length, 0),
    teachers: plan.teachers.length,
    lessons: counts.lessons + (history?.counts.lessons ?? 0),
    marks: counts.marks + (history?.counts.marks ?? 0),
    absences: counts.absences + (history?.counts.absences ?? 0),
    finalMarks: sumFinals(finals) + (history ? sumFinals(history.finals) : 0),
    notAssessed: finals.notAssessed + (history?.finals.notAssessed ?? 0),
    closedPeriods: finals.closings + (history?.finals.closings ?? 0),
    accounts,
  };
}

const sumFinals = (c: FinalCounts) => c.period + c.year + c.exam + c.final;

function saveClass(
  call: DemoCall,
  token: string,
  yearId: number,
  cls: SchoolClass,
  classId: number | null = null,
) {
  return call(token, 'year.saveClass', {
    yearId,
    classId,
    grade: cls.grade,
    letter: cls.letter,
    classTeacherId: cls.classTeacher.id!,
  });
}

/** A year's groups (the administrator puts the students in them), its load and its timetable. */
async function setUpLoads(
  call: DemoCall,
  tokens: { deputy: string; admin: string },
  db: Database,
  plan: SchoolPlan,
  weeks: Map<SchoolClass, Cell[]>,
  startYear: number,
): Promise<void> {
  const subjects = new Map(
    db.all(db.builder.selectFrom('subject').select(['id', 'name'])).map((s) => [s.name, s.id] as const),
  );
  for (const cls of plan.classes) {
    for (const group of cls.groups) {
      const subjectId = subjects.get(group.subject)!;
      group.id = (
        await call(tokens.deputy, 'year.saveGroup', { classId: cls.id!, subjectId, name: group.name })
      ).id;
      for (const s of group.members)
        await call(tokens.admin, 'students.setGroup', {
          classId: cls.id!,
          subjectId,
          studentId: s.id!,
          groupId: group.id,
        });
    }
    for (const load of cls.loads) {
      load.id = (
        await call(tokens.deputy, 'year.saveLoad', {
          loadId: null,
          classId: cls.id!,
          groupId: load.group?.id ?? null,
          subjectId: subjects.get(load.subject.name)!,
          teacherId: load.teacher.id!,
          hoursPerWeek: load.hours,
        })
      ).id;
    }
  }
  for (const cls of plan.classes) {
    for (const version of timetableVersions(cls, weeks.get(cls)!, startYear))
      await call(tokens.deputy, 'timetable.save', { classId: cls.id!, ...version });
  }
}

/** Each load's КТП (topicPlan.save), from the topics its lessons were given; then the session ends. */
async function savePlans(call: DemoCall, token: string, years: ClassYear[]): Promise<void> {
  for (const { byLoad } of years)
    for (const [load, lessons] of byLoad)
      await call(token, 'topicPlan.save', {
        loadId: load.id!,
        items: planItemsOf(lessons),
        expectedVersion: 0,
      });
  await call(token, 'auth.logout', {});
}

/**
 * A class's timetable versions: one from the first day; grade 1 in steps (3 lessons a day in
 * September–October, 4 in November–December, the full week from January: domain-defaults §9).
 */
function timetableVersions(cls: SchoolClass, cells: Cell[], startYear: number) {
  const slots = (max: number) =>
    cells
      .filter((c) => c.number <= max)
      .flatMap((c) => c.loads.map((l) => ({ weekday: c.weekday, number: c.number, loadId: l.id! })));
  const first = `${startYear}-09-01`;
  if (cls.grade !== 1) return [{ validFrom: first, slots: slots(99) }];
  return [
    { validFrom: first, slots: slots(gradeOneLessonsPerDay(9)) },
    { validFrom: `${startYear}-11-01`, slots: slots(gradeOneLessonsPerDay(11)) },
    { validFrom: `${startYear + 1}-01-01`, slots: slots(99) },
  ];
}

function accountIdOf(db: Database, p: Person): number {
  const row = db.first(
    db.builder
      .selectFrom('user_account')
      .select('id')
      .where('search_name', '=', searchKey(p.lastName, p.firstName, p.middleName))
      .where('guardian_id', 'is', null)
      .where('student_id', 'is', null),
  );
  if (!row) throw new Error(`Демо-школа: нет учётной записи ${fullName(p)}`);
  return row.id;
}

function guardianIdOf(db: Database, p: Person, phone: string): number {
  return db.first(
    db.builder
      .selectFrom('guardian')
      .select('id')
      .where('search_name', '=', searchKey(p.lastName, p.firstName, p.middleName))
      .where('phone', '=', phone),
  )!.id;
}

/** The imported students' ids, by name and birth date within their class. */
function matchStudents(db: Database, classes: SchoolClass[]): void {
  for (const cls of classes) {
    const rows = db.all(
      db.builder
        .selectFrom('student as s')
        .innerJoin('class_enrollment as e', 'e.student_id', 's.id')
        .select(['s.id', 's.search_name', 's.birth_date'])
        .where('e.class_id', '=', cls.id!),
    );
    const byKey = new Map(rows.map((r) => [`${r.search_name}|${r.birth_date}`, r.id]));
    for (const s of cls.students) {
      const p = s.person;
      s.id = byKey.get(`${searchKey(p.lastName, p.firstName, p.middleName)}|${s.birthDate}`);
      if (s.id === undefined) throw new Error(`Демо-школа: ученик ${fullName(p)} не найден в ${cls.name}`);
    }
  }
}

/**
 * The accounts the login screen lists: a fixed login and the demo password, as if each person had
 * already replaced the temporary password from the slip. Everybody else's account waits for its slip.
 */
function readyToUse(db: Database, userId: number, login: string, hash: string): void {
  db.run(
    db.builder
      .updateTable('user_account')
      .set({
        login,
        password_hash: hash,
        must_change_password: 0,
        password_changed_at: new Date().toISOString(),
      })
      .where('id', '=', userId),
  );
}

interface DemoTeacher {
  member: StaffMember;
  account: DemoAccount;
}

function entry(login: string, role: Role, p: Person, title?: string): DemoAccount {
  return { login, password: DEMO_PASSWORD, role, name: fullName(p), ...(title ? { title } : {}) };
}

/** A subject teacher of a 5th class, and the class teacher of a 7th: ready to use from the start. */
function demoTeachers(db: Database, plan: SchoolPlan, hash: string): DemoTeacher[] {
  const fifth = plan.classes.find((c) => c.grade === 5) ?? plan.classes[0]!;
  const russian = fifth.loads.find((l) => l.subject.name === 'Русский язык')!.teacher;
  readyToUse(db, russian.id!, 'teacher', hash);
  const out = [
    {
      member: russian,
      account: entry('teacher', 'teacher', russian.person, 'Учитель (русский язык и литература)'),
    },
  ];
  const seventh = plan.classes.find((c) => c.grade === 7) ?? plan.classes.at(-1)!;
  if (seventh.classTeacher !== russian) {
    readyToUse(db, seventh.classTeacher.id!, 'klassruk', hash);
    out.push({
      member: seventh.classTeacher,
      account: entry(
        'klassruk',
        'teacher',
        seventh.classTeacher.person,
        `Классный руководитель ${seventh.name}`,
      ),
    });
  }
  return out;
}

function staffAccounts(plan: SchoolPlan, teachers: DemoTeacher[]): DemoAccount[] {
  return [
    entry('director', 'director', plan.director.person),
    entry('zavuch', 'deputy', plan.deputy.person),
    entry('admin', 'admin', plan.admin.person),
    entry('inspector', 'inspector', plan.inspector.person),
    ...teachers.map((t) => t.account),
  ];
}

/** A parent with two children, one of them in the teacher's 5th class; that child's own account. */
function familyAccounts(db: Database, plan: SchoolPlan, hash: string, paper: Set<unknown>): DemoAccount[] {
  const fifth = plan.classes.find((c) => c.grade === 5) ?? plan.classes[0]!;
  const child =
    fifth.students.find(
      (s) =>
        !paper.has(s.family) &&
        plan.classes.some((c) => c.grade < 5 && c.students.some((o) => o.family === s.family)),
    ) ?? fifth.students.find((s) => !paper.has(s.family))!;
  const parent = child.family.guardians[0]!;
  const parentAccount = db.first(
    db.builder
      .selectFrom('user_account as u')
      .innerJoin('student_guardian as sg', 'sg.guardian_id', 'u.guardian_id')
      .select('u.id')
      .where('sg.student_id', '=', child.id!)
      .where('sg.relation', '=', parent.relation),
  )!;
  readyToUse(db, parentAccount.id, 'roditel', hash);
  const studentAccount = db.first(
    db.builder.selectFrom('user_account').select('id').where('student_id', '=', child.id!),
  )!;
  readyToUse(db, studentAccount.id, 'uchenik', hash);
  return [entry('roditel', 'parent', parent.person), entry('uchenik', 'student', child.person)];
}
