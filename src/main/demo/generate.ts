import { renameSync, rmSync } from 'node:fs';
import { fakerRU as faker } from '@faker-js/faker';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Role } from '../../shared/auth/roles';
import type { IsoDate } from '../../shared/i18n/dates';
import { searchKey } from '../../shared/i18n/names';
import { gradeOneLessonsPerDay } from '../../shared/school-year/bells-defaults';
import { federalCalendar } from '../../shared/school-year/calendar-defaults';
import { hashPassword } from '../auth/passwords';
import type { Database } from '../db/database';
import { openJournal } from '../db/migrate';
import { features } from '../features';
import { createRouter } from '../router/router';
import { staffFile, studentsFile } from './files';
import { fillLessons } from './lessons';
import type { DemoOptions } from './options';
import { fullName, hireTeacher, type Person, planSchool, type SchoolClass } from './plan';
import { type Cell, planWeeks } from './week';

/**
 * The demo school, made the way a real school makes itself (issue 8): the first-run form, the staff
 * list imported, the year from the federal defaults, the classes, the students' list imported, the
 * groups, the teaching load and the timetable, each through the application's own router as the
 * administrator or the deputy; the timetable generates the year's lessons. Then the teachers' part
 * (topics, homework, marks, absences up to `today`) is written straight into those lessons, and the
 * accounts the login screen lists get their fixed logins and the demo password. The same generator
 * with a larger `students` builds the benchmark school.
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
  faker.seed(options.seed);
  const startYear = demoAcademicStart(options.today);
  const plan = planSchool(options.students, startYear);
  const weeks = planWeeks(plan, (like) => hireTeacher(plan, like.family ?? 'other'));

  // The whole school is set up in the last week of August, one call a second.
  let now = new Date(`${startYear}-08-25T06:00:00Z`);
  const router = createRouter(db, features, { clock: () => now });
  const call = async <M extends MethodName>(token: string | null, method: M, input: Input<M>) => {
    now = new Date(now.getTime() + 1000);
    const r = await router.call(method, input, { token, door: 'staff' });
    if (!r.ok) throw new Error(`Демо-школа: ${method}: ${r.error.message}`);
    return r.value as Output<M>;
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
  const adminToken = await signIn('admin');
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

  // The staff list; the administration's accounts are then ready to use (see readyToUse).
  await importFile('staff', 'сотрудники.xlsx', await staffFile(plan));
  const staff = [plan.director, plan.deputy, plan.inspector, ...plan.teachers];
  for (const member of staff) member.id = accountIdOf(db, member.person);
  const passwordHash = hashPassword(DEMO_PASSWORD);
  readyToUse(db, plan.director.id!, 'director', passwordHash);
  readyToUse(db, plan.deputy.id!, 'zavuch', passwordHash);
  readyToUse(db, plan.inspector.id!, 'inspector', passwordHash);
  const deputyToken = await signIn('zavuch');

  // The deputy: the year from the federal defaults, the classes with their class teachers.
  const year = await call(deputyToken, 'year.create', { startYear });
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
  for (const cls of plan.classes) {
    cls.id = (
      await call(deputyToken, 'year.saveClass', {
        yearId: year.id,
        classId: null,
        grade: cls.grade,
        letter: cls.letter,
        classTeacherId: cls.classTeacher.id!,
      })
    ).id;
  }

  // The administrator: the students' list, enrolled from the year's first day.
  await importFile('students', 'ученики.xlsx', await studentsFile(plan));
  matchStudents(db, plan.classes);

  // Groups, the load, the timetable.
  const subjects = new Map(
    db.all(db.builder.selectFrom('subject').select(['id', 'name'])).map((s) => [s.name, s.id] as const),
  );
  for (const cls of plan.classes) {
    for (const group of cls.groups) {
      const subjectId = subjects.get(group.subject)!;
      group.id = (
        await call(deputyToken, 'year.saveGroup', { classId: cls.id!, subjectId, name: group.name })
      ).id;
      for (const s of group.members)
        await call(adminToken, 'students.setGroup', {
          classId: cls.id!,
          subjectId,
          studentId: s.id!,
          groupId: group.id,
        });
    }
    for (const load of cls.loads) {
      load.id = (
        await call(deputyToken, 'year.saveLoad', {
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
      await call(deputyToken, 'timetable.save', { classId: cls.id!, ...version });
  }

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
  await call(deputyToken, 'auth.logout', {});
  await call(adminToken, 'auth.logout', {});

  const accounts = demoAccounts(db, plan, passwordHash, paper);
  const counts = db.bulk(() => fillLessons(db, plan, options));
  db.run(db.builder.insertInto('setting').values({ key: 'demo.accounts', value: JSON.stringify(accounts) }));
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
    ...counts,
    accounts,
  };
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

function demoAccounts(
  db: Database,
  plan: ReturnType<typeof planSchool>,
  hash: string,
  paper: Set<unknown>,
): DemoAccount[] {
  const entry = (login: string, role: Role, p: Person, title?: string): DemoAccount => ({
    login,
    password: DEMO_PASSWORD,
    role,
    name: fullName(p),
    ...(title ? { title } : {}),
  });
  const accounts = [
    entry('director', 'director', plan.director.person),
    entry('zavuch', 'deputy', plan.deputy.person),
    entry('admin', 'admin', plan.admin.person),
    entry('inspector', 'inspector', plan.inspector.person),
  ];
  // A subject teacher of a 5th class, and the class teacher of a 7th.
  const fifth = plan.classes.find((c) => c.grade === 5) ?? plan.classes[0]!;
  const russian = fifth.loads.find((l) => l.subject.name === 'Русский язык')!.teacher;
  readyToUse(db, russian.id!, 'teacher', hash);
  accounts.push(entry('teacher', 'teacher', russian.person, 'Учитель (русский язык и литература)'));
  const seventh = plan.classes.find((c) => c.grade === 7) ?? plan.classes.at(-1)!;
  if (seventh.classTeacher !== russian) {
    readyToUse(db, seventh.classTeacher.id!, 'klassruk', hash);
    accounts.push(
      entry('klassruk', 'teacher', seventh.classTeacher.person, `Классный руководитель ${seventh.name}`),
    );
  }
  // A parent with two children, one of them in that 5th class; that child's own account.
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
  accounts.push(entry('roditel', 'parent', parent.person));
  const studentAccount = db.first(
    db.builder.selectFrom('user_account').select('id').where('student_id', '=', child.id!),
  )!;
  readyToUse(db, studentAccount.id, 'uchenik', hash);
  accounts.push(entry('uchenik', 'student', child.person));
  return accounts;
}
