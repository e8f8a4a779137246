import { fakerRU as faker } from '@faker-js/faker';
import type { AbsenceCode } from '../../shared/domain/attendance';
import { DEFAULT_BELLS, gradeOneLessonsPerDay } from '../../shared/domain/bells-defaults';
import { federalCalendar } from '../../shared/domain/calendar-defaults';
import {
  FEDERAL_CURRICULUM,
  markingModeFor,
  type SubjectDefault,
} from '../../shared/domain/curriculum-defaults';
import type { MarkingMode, MarkValue } from '../../shared/domain/marks';
import type { Role } from '../../shared/domain/roles';
import { DEFAULT_WORK_TYPES } from '../../shared/domain/work-types';
import { addDays, type IsoDate, weekday } from '../../shared/i18n/dates';
import { searchKey } from '../../shared/i18n/names';
import { type Database, prepared } from '../db/database';
import { hashPassword } from '../services/auth/passwords';
import { insertAbsence, insertLesson, insertMark } from '../services/journal-rows';
import { FEMALE_NAMES, feminineSurname, loginFor, MALE_NAMES, patronymic } from './names';
import { GENERIC_TOPICS, HOMEWORK, TOPICS } from './topics';

/**
 * The demo school: realistic Russian names, classes 1–11, the federal curriculum and calendar,
 * teachers with a believable load, guardians, and lessons with marks and absences up to `today`.
 * The same generator with a larger `students` builds the benchmark school.
 */
export interface DemoOptions {
  students: number;
  seed: number;
  /** Lessons before this day get topics, marks and absences; the year is the one this day falls in. */
  today: IsoDate;
  /** Create lessons up to the end of the current period (demo) or of the whole year (benchmark). */
  lessonsUntil: 'period' | 'year';
}

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

export function demoAcademicStart(today: IsoDate): number {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= 9 ? year : year - 1;
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
  const yearId = db.run(q.year, {
    name: calendar.name,
    startsOn: calendar.startsOn,
    endsOn: calendar.endsOn,
  }).lastId;
  for (const p of calendar.periods) db.run(q.period, { yearId, ...p });
  for (const h of calendar.holidays) db.run(q.holiday, { yearId, ...h });
  const startYear = Number(calendar.startsOn.slice(0, 4));
  const onDay = (monthDay: string) => `${monthDay >= '09-01' ? startYear : startYear + 1}-${monthDay}`;
  for (const b of DEFAULT_BELLS) {
    const scheduleId = db.run(q.bellSchedule, {
      yearId,
      name: b.name,
      gradeFrom: b.gradeFrom,
      gradeTo: b.gradeTo,
      validFrom: onDay(b.from),
      validTo: onDay(b.to),
    }).lastId;
    for (const [number, startsAt, endsAt] of b.bells)
      db.run(q.bell, { scheduleId, number, startsAt, endsAt });
  }
  if (!calendar.published) {
    db.run(q.setting, {
      key: 'calendar.note',
      value: JSON.stringify({
        text: 'Даты каникул рассчитаны по образцу 2025/2026 и должны быть подтверждены школой',
      }),
    });
  }
  const workTypeIds = new Map<string, { id: number; weight: number }>();
  DEFAULT_WORK_TYPES.forEach((w, i) => {
    workTypeIds.set(w.name, {
      id: db.run(q.workType, { name: w.name, weight: w.weight, order: i }).lastId,
      weight: w.weight,
    });
  });
  const subjectIds = new Map<string, number>();
  FEDERAL_CURRICULUM.forEach((s, i) => {
    subjectIds.set(
      s.name,
      db.run(q.subject, { name: s.name, shortName: s.shortName, search: searchKey(s.name), order: i }).lastId,
    );
  });
  for (const s of FEDERAL_CURRICULUM) {
    s.hours.forEach((h, gi) => {
      if (h > 0) {
        db.run(q.curriculum, {
          yearId,
          grade: gi + 1,
          subjectId: subjectIds.get(s.name)!,
          hours: h,
          marking: markingModeFor(s, gi + 1),
        });
      }
    });
  }

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
  const uniqueLogin = (p: Person) => {
    const base = loginFor(p.lastName, p.firstName, p.middleName);
    let login = base;
    for (let i = 2; usedLogins.has(login); i++) login = `${base}${i}`;
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
    const t = { id: addUser(person, ['teacher'], uniqueLogin(person)), person, family, hours: 0 };
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
    loads: {
      id: number;
      subject: SubjectDefault;
      marking: MarkingMode;
      teacherId: number;
      studentIds: number[];
      groupKey: string | null;
    }[];
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
          firstName: firstName(female),
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

type Calendar = ReturnType<typeof federalCalendar>;

interface LoadPlan {
  id: number;
  subject: SubjectDefault;
  marking: MarkingMode;
  teacherId: number;
  studentIds: number[];
  groupKey: string | null;
}

/** A weekly timetable for one class: weekday (1–5) → loads in lesson order (parallel groups share a slot). */
function weeklyTimetable(grade: number, loads: LoadPlan[]): Map<number, LoadPlan[][]> {
  const cap = grade === 1 ? 5 : grade <= 4 ? 5 : grade <= 6 ? 6 : 7;
  const slots: LoadPlan[][] = [];
  const grouped = new Map<string, LoadPlan[]>();
  for (const l of loads) {
    if (l.groupKey) grouped.set(l.groupKey, [...(grouped.get(l.groupKey) ?? []), l]);
    else slots.push([l]);
  }
  slots.push(...grouped.values());
  const days = new Map<number, LoadPlan[][]>([1, 2, 3, 4, 5].map((d) => [d, []]));
  const occurrences = slots.flatMap((slot) =>
    Array.from({ length: Math.max(1, Math.round(slot[0]!.subject.hours[grade - 1] ?? 1)) }, () => slot),
  );
  occurrences.sort((a, b) => (b[0]!.subject.hours[grade - 1] ?? 0) - (a[0]!.subject.hours[grade - 1] ?? 0));
  for (const slot of occurrences) {
    const order = [...days.entries()].sort((a, b) => {
      const aHas = a[1].some((s) => s[0]!.subject === slot[0]!.subject) ? 1 : 0;
      const bHas = b[1].some((s) => s[0]!.subject === slot[0]!.subject) ? 1 : 0;
      return aHas - bHas || a[1].length - b[1].length;
    });
    const target = order.find(([, list]) => list.length < cap) ?? order[0]!;
    target[1].push(slot);
  }
  for (const list of days.values()) faker.helpers.shuffle(list, { inplace: true });
  return days;
}

function isHoliday(calendar: Calendar, grade: number, date: IsoDate): boolean {
  return calendar.holidays.some(
    (h) => grade >= h.gradeFrom && grade <= h.gradeTo && date >= h.startsOn && date <= h.endsOn,
  );
}

function homework(): string {
  const n = faker.number.int({ min: 5, max: 60 });
  return faker.helpers
    .arrayElement(HOMEWORK)
    .replace('{n2}', String(n + 4))
    .replace('{n}', String(n))
    .replace('{m2}', String(n * 10 + 3))
    .replace('{m}', String(n * 10));
}

function generateLessons(
  db: Database,
  options: DemoOptions,
  calendar: Calendar,
  classes: { id: number; grade: number; students: { id: number; ability: number }[]; loads: LoadPlan[] }[],
  workTypes: Map<string, { id: number; weight: number }>,
  at: string,
) {
  const currentPeriod = calendar.periods.find(
    (p) => p.gradeFrom === 1 && p.startsOn <= options.today && p.endsOn >= options.today,
  );
  const until = options.lessonsUntil === 'year' ? calendar.endsOn : (currentPeriod?.endsOn ?? options.today);
  const ability = new Map(classes.flatMap((c) => c.students.map((s) => [s.id, s.ability] as const)));
  const wt = (name: string) => workTypes.get(name)!;
  const everyday = [
    wt('Работа на уроке'),
    wt('Ответ на уроке'),
    wt('Домашняя работа'),
    wt('Самостоятельная работа'),
  ];
  const test = wt('Контрольная работа');
  let lessons = 0;
  let marks = 0;
  let absences = 0;
  const ill = new Map<number, number>(); // student → days of illness left

  for (const cls of classes) {
    const timetable = weeklyTimetable(cls.grade, cls.loads);
    const lessonIndex = new Map<number, number>();
    for (let date = calendar.startsOn; date <= until; date = addDays(date, 1)) {
      const wd = weekday(date);
      if (wd === 0 || wd === 6 || isHoliday(calendar, cls.grade, date)) continue;
      const past = date < options.today;
      // Who is away today: illness lasts a few days; a truant misses the whole day.
      const awayToday = new Map<number, AbsenceCode>();
      if (past) {
        for (const s of cls.students) {
          const left = ill.get(s.id) ?? 0;
          if (left > 0) {
            awayToday.set(s.id, 'ill');
            ill.set(s.id, left - 1);
          } else if (faker.datatype.boolean(0.008)) {
            ill.set(s.id, faker.number.int({ min: 2, max: 6 }));
            awayToday.set(s.id, 'ill');
          } else if (faker.datatype.boolean(0.003)) {
            awayToday.set(s.id, faker.helpers.arrayElement(['absent', 'excused'] as const));
          }
        }
      }
      // Grade 1's stepped regime: 3 lessons a day in September–October, 4 in November–December.
      const fullDay = timetable.get(wd) ?? [];
      const day =
        cls.grade === 1 ? fullDay.slice(0, gradeOneLessonsPerDay(Number(date.slice(5, 7)))) : fullDay;
      day.forEach((slot, i) => {
        for (const load of slot) {
          const index = (lessonIndex.get(load.id) ?? 0) + 1;
          lessonIndex.set(load.id, index);
          const topics = TOPICS[load.subject.name] ?? GENERIC_TOPICS;
          const lessonId = db.run(insertLesson, {
            loadId: load.id,
            date,
            number: i + 1,
            topic: past ? topics[(index - 1) % topics.length]! : '',
            homework: past && cls.grade > 1 ? homework() : '',
            teacherId: load.teacherId,
            at,
          }).lastId;
          lessons++;
          if (!past) continue;
          const isTest = load.marking === 'points' && index % 9 === 0;
          for (const studentId of load.studentIds) {
            let code = awayToday.get(studentId);
            if (!code && faker.datatype.boolean(0.004))
              code = faker.helpers.arrayElement(['absent', 'late'] as const);
            if (code) {
              db.run(insertAbsence, { lessonId, studentId, code, by: load.teacherId, at });
              absences++;
              if (code !== 'late') continue;
            }
            if (load.marking === 'none') continue;
            if (!isTest && !faker.datatype.boolean(load.marking === 'pass_fail' ? 0.1 : 0.22)) continue;
            const type = isTest
              ? test
              : faker.helpers.weightedArrayElement([
                  { weight: 4, value: everyday[0]! },
                  { weight: 4, value: everyday[1]! },
                  { weight: 2, value: everyday[2]! },
                  { weight: 1, value: everyday[3]! },
                ]);
            const value =
              load.marking === 'pass_fail'
                ? faker.datatype.boolean(0.95)
                  ? 'зач'
                  : 'незач'
                : String(
                    Math.min(
                      5,
                      Math.max(
                        2,
                        Math.round(
                          (ability.get(studentId) ?? 4) +
                            faker.number.float({ min: -1, max: 1 }) * (isTest ? 1.1 : 0.8),
                        ),
                      ),
                    ),
                  );
            db.run(insertMark, {
              lessonId,
              studentId,
              value: value as MarkValue,
              workTypeId: type.id,
              weight: type.weight,
              by: load.teacherId,
              at,
            });
            marks++;
          }
        }
      });
    }
  }
  return { lessons, marks, absences };
}

const inserts = {
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
  workType: prepared<{ name: string; weight: number; order: number }>()((db, p) =>
    db
      .insertInto('work_type')
      .values({ name: p.name, weight: p.weight, sort_order: p.order, archived_at: null }),
  ),
  subject: prepared<{ name: string; shortName: string; search: string; order: number }>()((db, p) =>
    db
      .insertInto('subject')
      .values({ name: p.name, short_name: p.shortName, search_name: p.search, sort_order: p.order }),
  ),
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
