import { fakerRU as faker } from '@faker-js/faker';
import type { Role } from '../../shared/auth/roles';
import type { IsoDate } from '../../shared/i18n/dates';
import { loginFor, uniqueLogin } from '../../shared/i18n/logins';
import { searchKey } from '../../shared/i18n/names';
import { federalCalendar } from '../../shared/school-year/calendar-defaults';
import { FEDERAL_CURRICULUM, markingModeFor } from '../../shared/school-year/curriculum-defaults';
import { hashPassword } from '../auth/passwords';
import type { Database } from '../db/database';
import { insertSchoolDefaults } from '../setup/defaults';
import { insertFederalCurriculum, inserts, insertYear } from './inserts';
import { generateLessons, type LoadPlan } from './lessons';
import { BOYS_NAMES, FEMALE_NAMES, feminineSurname, GIRLS_NAMES, MALE_NAMES, patronymic } from './names';
import type { DemoOptions } from './options';

/**
 * The demo school: realistic Russian names, classes 1–11, the federal curriculum and calendar,
 * teachers with a believable load, guardians, and lessons with marks and absences up to `today`.
 * The same generator with a larger `students` builds the benchmark school.
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

interface Person {
  lastName: string;
  firstName: string;
  middleName: string;
}

const LETTERS = ['А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'И', 'К'];
const MAX_TEACHER_HOURS = 27;

/** Subjects one teacher usually covers in a class (a mathematician teaches algebra and geometry). */
const FAMILY: Record<string, string> = {
  'Русский язык': 'russian',
  Литература: 'russian',
  Математика: 'math',
  Алгебра: 'math',
  'Алгебра и начала математического анализа': 'math',
  Геометрия: 'math',
  'Вероятность и статистика': 'math',
  'Иностранный язык (английский)': 'english',
  История: 'history',
  Обществознание: 'history',
  'Основы религиозных культур и светской этики': 'history',
  Физика: 'physics',
  Химия: 'biochem',
  Биология: 'biochem',
  География: 'geography',
  Информатика: 'informatics',
  'Индивидуальный проект': 'informatics',
  'Изобразительное искусство': 'arts',
  Музыка: 'music',
  'Труд (технология)': 'trud',
  'Физическая культура': 'pe',
  'Основы безопасности и защиты Родины': 'pe',
};
/** In grades 1–4 the class's own teacher covers everything except these. */
const PRIMARY_SPECIALISTS = new Set(['english', 'music', 'pe', 'history']);

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

export function generateDemoSchool(db: Database, options: DemoOptions): DemoSummary {
  faker.seed(options.seed);
  return db.bulk(() => build(db, options));
}

function build(db: Database, options: DemoOptions): DemoSummary {
  const at = new Date().toISOString();
  const calendar = federalCalendar(demoAcademicStart(options.today));
  const q = inserts;
  const passwordHash = hashPassword(DEMO_PASSWORD);

  db.run(q.school, {
    name: 'МБОУ «Средняя общеобразовательная школа № 1» (демо)',
    shortName: 'СОШ № 1 (демо)',
    at,
  });
  const yearId = insertYear(db, calendar);
  if (!calendar.published) {
    db.run(q.setting, {
      key: 'calendar.note',
      value: JSON.stringify({
        text: 'Даты каникул рассчитаны по образцу 2025/2026 и должны быть подтверждены школой',
      }),
    });
  }
  const { workTypes: workTypeIds } = insertSchoolDefaults(db);
  // The grades' plans as the deputy's «Новый учебный год» makes them (the subjects exist already).
  const subjectIds = insertFederalCurriculum(db, yearId);

  // People who log in.
  const accounts: DemoAccount[] = [];
  const addUser = (
    p: Person,
    roles: Role[],
    login: string,
    links: { guardianId?: number; studentId?: number } = {},
  ) => {
    const id = db.run(q.user, {
      login,
      hash: passwordHash,
      // Demo accounts are ready to use; a real school's accounts start with a temporary password.
      mustChange: 0,
      passwordChangedAt: null,
      last: p.lastName,
      first: p.firstName,
      middle: p.middleName,
      search: searchKey(p.lastName, p.firstName, p.middleName),
      guardianId: links.guardianId ?? null,
      studentId: links.studentId ?? null,
      at,
    }).lastId;
    for (const role of roles) db.run(q.role, { userId: id, role });
    return id;
  };
  const usedLogins = new Set<string>();
  const loginOf = (p: Person) => {
    const login = uniqueLogin(loginFor(p.lastName, p.firstName, p.middleName), (l) => usedLogins.has(l));
    usedLogins.add(login);
    return login;
  };
  const adult = (female: boolean): Person => {
    const male = faker.person.lastName('male');
    return {
      lastName: female ? feminineSurname(male) : male,
      firstName: firstName(female),
      middleName: patronymic(firstName(false), female),
    };
  };
  const staff = (role: Role, login: string, title?: string) => {
    const p = adult(faker.datatype.boolean(0.7));
    usedLogins.add(login);
    addUser(p, [role], login);
    accounts.push({
      login,
      password: DEMO_PASSWORD,
      role,
      name: `${p.lastName} ${p.firstName} ${p.middleName}`,
      ...(title ? { title } : {}),
    });
  };
  staff('director', 'director');
  staff('deputy', 'zavuch');
  staff('admin', 'admin');
  staff('inspector', 'inspector');

  // Teachers are created on demand as the load needs them.
  interface Teacher {
    id: number;
    person: Person;
    family: string;
    hours: number;
  }
  const teachers: Teacher[] = [];
  const newTeacher = (family: string): Teacher => {
    const person = adult(faker.datatype.boolean(0.8));
    const t = { id: addUser(person, ['teacher'], loginOf(person)), person, family, hours: 0 };
    teachers.push(t);
    return t;
  };
  const teacherFor = (family: string, hours: number, avoid?: number): Teacher => {
    const fit = teachers
      .filter((t) => t.family === family && t.id !== avoid && t.hours + hours <= MAX_TEACHER_HOURS)
      .sort((a, b) => b.hours - a.hours)[0];
    const t = fit ?? newTeacher(family);
    t.hours += hours;
    return t;
  };

  // Classes, students, guardians.
  const perGrade = Math.max(1, Math.round(options.students / 11 / 26));
  const perClass = options.students / (11 * perGrade);
  interface ClassInfo {
    id: number;
    grade: number;
    name: string;
    students: { id: number; ability: number }[];
    loads: LoadPlan[];
  }
  const classes: ClassInfo[] = [];
  const classTeacherOf = new Map<number, number>();
  let studentCount = 0;
  for (let grade = 1; grade <= 11; grade++) {
    for (let c = 0; c < perGrade; c++) {
      const name = `${grade}${LETTERS[c % LETTERS.length]}${c >= LETTERS.length ? Math.floor(c / LETTERS.length) + 1 : ''}`;
      const classId = db.run(q.class, { yearId, grade, letter: LETTERS[c % LETTERS.length]!, name }).lastId;
      const size = Math.max(1, Math.round(perClass + faker.number.int({ min: -2, max: 2 })));
      const info: ClassInfo = { id: classId, grade, name, students: [], loads: [] };
      for (let i = 0; i < size && studentCount < options.students; i++, studentCount++) {
        const female = faker.datatype.boolean();
        const familyName = faker.person.lastName('male');
        const father = firstName(false);
        const child = {
          lastName: female ? feminineSurname(familyName) : familyName,
          firstName: faker.helpers.arrayElement(female ? GIRLS_NAMES : BOYS_NAMES),
          middleName: patronymic(father, female),
        };
        const birthYear = Number(calendar.startsOn.slice(0, 4)) - 6 - grade;
        const birth = `${birthYear}-${String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0')}-${String(faker.number.int({ min: 1, max: 28 })).padStart(2, '0')}`;
        const studentId = db.run(q.student, {
          last: child.lastName,
          first: child.firstName,
          middle: child.middleName,
          birth,
          gender: female ? 'f' : 'm',
          search: searchKey(child.lastName, child.firstName, child.middleName),
          at,
        }).lastId;
        db.run(q.enroll, { classId, studentId, on: calendar.startsOn });
        const mother = {
          lastName: feminineSurname(familyName),
          firstName: firstName(true),
          middleName: patronymic(firstName(false), true),
        };
        const addGuardian = (g: Person, relation: 'mother' | 'father') => {
          const guardianId = db.run(q.guardian, {
            last: g.lastName,
            first: g.firstName,
            middle: g.middleName,
            phone: faker.helpers.replaceSymbols('+7 9## ###-##-##'),
            email: null,
            search: searchKey(g.lastName, g.firstName, g.middleName),
          }).lastId;
          db.run(q.studentGuardian, { studentId, guardianId, relation });
          return guardianId;
        };
        addGuardian(mother, 'mother');
        if (faker.datatype.boolean(0.6))
          addGuardian(
            { lastName: familyName, firstName: father, middleName: patronymic(firstName(false), false) },
            'father',
          );
        // Ability decides the usual marks: most students are solid «4», some strong, some weak.
        const ability = Math.min(
          4.9,
          Math.max(
            2.7,
            faker.number.float({ min: 2.8, max: 4.9 }) * 0.5 + 2.1 + faker.number.float({ min: 0, max: 0.6 }),
          ),
        );
        info.students.push({ id: studentId, ability });
      }
      classes.push(info);
    }
  }

  // Teaching load: one primary teacher per class in grades 1–4, subject teachers above.
  for (const cls of classes) {
    const primary = cls.grade <= 4 ? newTeacher('primary') : null;
    const classFamilies = new Map<string, Teacher>();
    for (const subject of FEDERAL_CURRICULUM) {
      const hours = subject.hours[cls.grade - 1] ?? 0;
      if (hours === 0) continue;
      const family = FAMILY[subject.name] ?? 'other';
      const marking = markingModeFor(subject, cls.grade);
      const subjectId = subjectIds.get(subject.name)!;
      const addLoad = (
        teacher: Teacher,
        groupId: number | null,
        studentIds: number[],
        groupKey: string | null,
      ) => {
        const id = db.run(q.load, {
          yearId,
          classId: cls.id,
          groupId,
          subjectId,
          teacherId: teacher.id,
          hours,
          marking,
        }).lastId;
        cls.loads.push({ id, subject, marking, teacherId: teacher.id, studentIds, groupKey });
      };
      if (primary && !PRIMARY_SPECIALISTS.has(family)) {
        primary.hours += hours;
        addLoad(
          primary,
          null,
          cls.students.map((s) => s.id),
          null,
        );
      } else if (subject.split && cls.students.length > 20) {
        const half = Math.ceil(cls.students.length / 2);
        const groups = [cls.students.slice(0, half), cls.students.slice(half)];
        let first: Teacher | undefined;
        groups.forEach((members, gi) => {
          const groupId = db.run(q.group, { classId: cls.id, subjectId, name: `${gi + 1} группа` }).lastId;
          for (const m of members) db.run(q.groupMember, { groupId, studentId: m.id });
          const teacher = teacherFor(family, hours, first?.id);
          first ??= teacher;
          addLoad(
            teacher,
            groupId,
            members.map((m) => m.id),
            subject.name,
          );
        });
      } else {
        let teacher = classFamilies.get(family);
        if (teacher && teacher.hours + hours <= MAX_TEACHER_HOURS + 4) teacher.hours += hours;
        else {
          teacher = teacherFor(family, hours);
          classFamilies.set(family, teacher);
        }
        addLoad(
          teacher,
          null,
          cls.students.map((s) => s.id),
          null,
        );
      }
    }
    // Class teacher: the primary teacher, or a subject teacher of the class who has no class yet.
    const candidates = primary ? [primary.id] : [...new Set(cls.loads.map((l) => l.teacherId))];
    const classTeacher =
      candidates.find((id) => !classes.some((c) => c.id !== cls.id && classTeacherOf.get(c.id) === id)) ??
      candidates[0]!;
    classTeacherOf.set(cls.id, classTeacher);
    db.run(q.classTeacher, { classId: cls.id, teacherId: classTeacher });
  }

  // Demo accounts for a subject teacher and a class teacher, named as the login screen lists them.
  const fifth = classes.find((c) => c.grade === 5) ?? classes[0]!;
  const russian = fifth.loads.find((l) => l.subject.name === 'Русский язык')!;
  const demoTeacher = teachers.find((t) => t.id === russian.teacherId)!;
  rename(db, demoTeacher.id, 'teacher');
  accounts.push({
    login: 'teacher',
    password: DEMO_PASSWORD,
    role: 'teacher',
    title: 'Учитель (русский язык и литература)',
    name: fullNameOf(demoTeacher.person),
  });
  const ctClass = classes.find((c) => c.grade === 7) ?? classes[classes.length - 1]!;
  const ctId = classTeacherOf.get(ctClass.id)!;
  const ct = teachers.find((t) => t.id === ctId)!;
  if (ct.id !== demoTeacher.id) {
    rename(db, ct.id, 'klassruk');
    accounts.push({
      login: 'klassruk',
      password: DEMO_PASSWORD,
      role: 'teacher',
      title: `Классный руководитель ${ctClass.name}`,
      name: fullNameOf(ct.person),
    });
  }

  // A parent with two children (one in the demo teacher's 5th class) and a student account.
  const child = fifth.students[0]!;
  const second = (classes.find((c) => c.grade === 2) ?? classes[0]!).students[1]!;
  const guardianId = db.first(
    db.builder
      .selectFrom('student_guardian')
      .select('guardian_id')
      .where('student_id', '=', child.id)
      .limit(1),
  )!.guardian_id;
  db.run(q.studentGuardian, { studentId: second.id, guardianId, relation: 'mother' });
  const g = db.first(db.builder.selectFrom('guardian').selectAll().where('id', '=', guardianId))!;
  const gp = { lastName: g.last_name, firstName: g.first_name, middleName: g.middle_name ?? '' };
  addUser(gp, ['parent'], 'roditel', { guardianId });
  accounts.push({ login: 'roditel', password: DEMO_PASSWORD, role: 'parent', name: fullNameOf(gp) });
  const s = db.first(db.builder.selectFrom('student').selectAll().where('id', '=', child.id))!;
  const sp = { lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name ?? '' };
  addUser(sp, ['student'], 'uchenik', { studentId: child.id });
  accounts.push({ login: 'uchenik', password: DEMO_PASSWORD, role: 'student', name: fullNameOf(sp) });

  db.run(q.setting, { key: 'demo.accounts', value: JSON.stringify(accounts) });
  db.run(q.setting, {
    key: 'demo.seed',
    value: JSON.stringify({ seed: options.seed, students: options.students, today: options.today }),
  });

  const counts = generateLessons(db, options, calendar, classes, workTypeIds, at);
  return { classes: classes.length, students: studentCount, teachers: teachers.length, ...counts, accounts };
}

function firstName(female: boolean): string {
  return faker.helpers.arrayElement(female ? FEMALE_NAMES : MALE_NAMES);
}

function fullNameOf(p: Person): string {
  return `${p.lastName} ${p.firstName} ${p.middleName}`;
}

function rename(db: Database, userId: number, login: string): void {
  db.run(db.builder.updateTable('user_account').set({ login }).where('id', '=', userId));
}
