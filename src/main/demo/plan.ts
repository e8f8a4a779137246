import { fakerRU as faker } from '@faker-js/faker';
import type { IsoDate } from '../../shared/i18n/dates';
import type { StaffRole } from '../../shared/import/columns';
import { FEDERAL_CURRICULUM, type SubjectDefault } from '../../shared/school-year/curriculum-defaults';
import { BOYS_NAMES, FEMALE_NAMES, feminineSurname, GIRLS_NAMES, MALE_NAMES, patronymic } from './names';

/**
 * The demo school as its administrator and deputy have it on paper before they type it in: the
 * staff list, the classes with their students and families, the teaching load and the groups. Only
 * people and decisions live here; `generate.ts` enters them through the application's own services.
 */

export interface Person {
  lastName: string;
  firstName: string;
  middleName: string;
}

export interface StaffMember {
  person: Person;
  roles: StaffRole[];
  /** The subjects a teacher covers («math», «russian», …; «primary» for a начальная школа teacher). */
  family: string | null;
  hours: number;
  phone: string;
  email: string;
  /** Set once the staff list is imported. */
  id?: number;
}

export interface Guardian {
  person: Person;
  relation: 'mother' | 'father';
  phone: string;
  email: string;
}

export interface Family {
  surname: string;
  guardians: Guardian[];
  fatherName: string;
  children: number;
}

export interface Student {
  person: Person;
  female: boolean;
  birthDate: IsoDate;
  family: Family;
  /** The mark the student usually earns (2.7–4.9): decides the marks the teachers give. */
  ability: number;
  id?: number;
}

export interface Group {
  name: string;
  subject: string;
  members: Student[];
  id?: number;
}

export interface Load {
  subject: SubjectDefault;
  hours: number;
  teacher: StaffMember;
  group: Group | null;
  id?: number;
}

export interface SchoolClass {
  grade: number;
  letter: string;
  name: string;
  students: Student[];
  groups: Group[];
  loads: Load[];
  classTeacher: StaffMember;
  id?: number;
}

export interface SchoolPlan {
  director: StaffMember;
  deputy: StaffMember;
  admin: StaffMember;
  inspector: StaffMember;
  teachers: StaffMember[];
  classes: SchoolClass[];
  /** Every staff member's full name: they are unique, the imported list is matched back by name. */
  names: Set<string>;
}

const LETTERS = ['А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'И', 'К'];
/** A full ставка is 18 hours; most teachers carry more, few over 27 (a teacher may be hired instead). */
const MAX_TEACHER_HOURS = 26;
/** The share of students who have a brother or sister in a lower grade (the same parents). */
const SIBLING_SHARE = 0.12;

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
export const PRIMARY_SPECIALISTS = new Set(['english', 'music', 'pe', 'history']);

export function familyOf(subject: string): string {
  return FAMILY[subject] ?? 'other';
}

export function planSchool(students: number, startYear: number): SchoolPlan {
  const names = new Set<string>();
  const staffMember = (roles: StaffRole[], family: string | null, female: boolean) =>
    newStaffMember(names, roles, family, female);
  const plan: SchoolPlan = {
    names,
    director: staffMember(['director'], null, faker.datatype.boolean(0.7)),
    deputy: staffMember(['deputy'], null, faker.datatype.boolean(0.7)),
    admin: staffMember(['admin'], null, faker.datatype.boolean(0.7)),
    inspector: staffMember(['inspector'], null, faker.datatype.boolean(0.7)),
    teachers: [],
    classes: [],
  };
  const newTeacher = (family: string) => hireTeacher(plan, family);
  const teacherFor = (family: string, hours: number, avoid?: StaffMember): StaffMember => {
    const fit = plan.teachers
      .filter((t) => t.family === family && t !== avoid && t.hours + hours <= MAX_TEACHER_HOURS)
      .sort((a, b) => b.hours - a.hours)[0];
    const t = fit ?? newTeacher(family);
    t.hours += hours;
    return t;
  };

  const perGrade = Math.max(1, Math.round(students / 11 / 26));
  const perClass = students / (11 * perGrade);
  const families: Family[] = [];
  let count = 0;
  for (let grade = 1; grade <= 11; grade++) {
    // A younger sibling's brother or sister is in a lower grade (listed earlier), never in the same one.
    const earlier = families.filter((f) => f.children < 3);
    for (let c = 0; c < perGrade; c++) {
      const letter = LETTERS[c % LETTERS.length]!;
      const name = `${grade}${letter}${c >= LETTERS.length ? Math.floor(c / LETTERS.length) + 1 : ''}`;
      const size = Math.max(1, Math.round(perClass + faker.number.int({ min: -2, max: 2 })));
      const cls: SchoolClass = {
        grade,
        letter,
        name,
        students: [],
        groups: [],
        loads: [],
        classTeacher: undefined as unknown as StaffMember,
      };
      for (let i = 0; i < size && count < students; i++, count++) {
        const older = earlier.length > 0 && faker.datatype.boolean(SIBLING_SHARE);
        const family = older ? faker.helpers.arrayElement(earlier) : newFamily();
        if (!older) families.push(family);
        family.children++;
        cls.students.push(child(family, grade, startYear));
      }
      plan.classes.push(cls);
    }
  }

  for (const cls of plan.classes) {
    const primary = cls.grade <= 4 ? newTeacher('primary') : null;
    const classFamilies = new Map<string, StaffMember>();
    for (const subject of FEDERAL_CURRICULUM) {
      const hours = subject.hours[cls.grade - 1] ?? 0;
      if (hours === 0) continue;
      const family = familyOf(subject.name);
      if (primary && !PRIMARY_SPECIALISTS.has(family)) {
        primary.hours += hours;
        cls.loads.push({ subject, hours, teacher: primary, group: null });
      } else if (subject.split && cls.students.length > 20) {
        // Two groups (подгруппы) by the list's order, each with its own teacher.
        const sorted = [...cls.students].sort((a, b) =>
          a.person.lastName.localeCompare(b.person.lastName, 'ru'),
        );
        const half = Math.ceil(sorted.length / 2);
        let first: StaffMember | undefined;
        [sorted.slice(0, half), sorted.slice(half)].forEach((members, gi) => {
          const group: Group = { name: `${gi + 1} группа`, subject: subject.name, members };
          cls.groups.push(group);
          const teacher = teacherFor(family, hours, first);
          first ??= teacher;
          cls.loads.push({ subject, hours, teacher, group });
        });
      } else {
        let teacher = classFamilies.get(family);
        if (teacher && teacher.hours + hours <= MAX_TEACHER_HOURS + 4) teacher.hours += hours;
        else {
          teacher = teacherFor(family, hours);
          classFamilies.set(family, teacher);
        }
        cls.loads.push({ subject, hours, teacher, group: null });
      }
    }
    // Class teacher: the primary teacher, or a subject teacher of the class who has no class yet.
    const candidates = primary ? [primary] : [...new Set(cls.loads.map((l) => l.teacher))];
    cls.classTeacher =
      candidates.find((t) => !plan.classes.some((other) => other !== cls && other.classTeacher === t)) ??
      candidates[0]!;
  }
  return plan;
}

/** A new teacher of a family of subjects (most teachers are women). */
export function hireTeacher(plan: SchoolPlan, family: string): StaffMember {
  const t = newStaffMember(plan.names, ['teacher'], family, faker.datatype.boolean(0.8));
  plan.teachers.push(t);
  return t;
}

function newStaffMember(
  names: Set<string>,
  roles: StaffRole[],
  family: string | null,
  female: boolean,
): StaffMember {
  for (;;) {
    const person = adult(female);
    const key = fullName(person);
    if (names.has(key)) continue;
    names.add(key);
    const phone = faker.helpers.replaceSymbols('+7 9## ###-##-##');
    const email = faker.datatype.boolean(0.5)
      ? faker.internet.email({ provider: 'yandex.ru' }).toLowerCase()
      : '';
    return { person, roles, family, hours: 0, phone, email };
  }
}

/** A family: the mother always, the father in most; their phones; an e-mail for some. */
function newFamily(): Family {
  const surname = faker.person.lastName('male');
  const fatherName = firstName(false);
  const phone = () => faker.helpers.replaceSymbols('+7 9## ###-##-##');
  const mother: Guardian = {
    person: {
      lastName: feminineSurname(surname),
      firstName: firstName(true),
      middleName: patronymic(firstName(false), true),
    },
    relation: 'mother',
    phone: phone(),
    email: faker.datatype.boolean(0.4) ? faker.internet.email({ provider: 'mail.ru' }).toLowerCase() : '',
  };
  const guardians = [mother];
  if (faker.datatype.boolean(0.6))
    guardians.push({
      person: { lastName: surname, firstName: fatherName, middleName: patronymic(firstName(false), false) },
      relation: 'father',
      phone: phone(),
      email: '',
    });
  return { surname, guardians, fatherName, children: 0 };
}

function child(family: Family, grade: number, startYear: number): Student {
  const female = faker.datatype.boolean();
  const birthYear = startYear - 6 - grade;
  const month = faker.number.int({ min: 1, max: 12 });
  const day = faker.number.int({ min: 1, max: 28 });
  // Most students earn «4» and «5», some «3», a few fail now and then: a class average near 4.
  const ability = Math.min(4.9, Math.max(2.7, faker.number.float({ min: 3.3, max: 4.9 })));
  return {
    person: {
      lastName: female ? feminineSurname(family.surname) : family.surname,
      firstName: faker.helpers.arrayElement(female ? GIRLS_NAMES : BOYS_NAMES),
      middleName: patronymic(family.fatherName, female),
    },
    female,
    birthDate: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    family,
    ability,
  };
}

function adult(female: boolean): Person {
  const male = faker.person.lastName('male');
  return {
    lastName: female ? feminineSurname(male) : male,
    firstName: firstName(female),
    middleName: patronymic(firstName(false), female),
  };
}

function firstName(female: boolean): string {
  return faker.helpers.arrayElement(female ? FEMALE_NAMES : MALE_NAMES);
}

export function fullName(p: Person): string {
  return `${p.lastName} ${p.firstName} ${p.middleName}`;
}
