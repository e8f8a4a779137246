import { hashPassword } from '../src/main/auth/passwords';
import type { Database } from '../src/main/db/database';
import { insertAbsence, insertLesson, insertMark } from '../src/main/journal/rows';
import type { Role } from '../src/shared/auth/roles';
import { addDays, type IsoDate, weekday } from '../src/shared/i18n/dates';
import { searchKey } from '../src/shared/i18n/names';
import type { AbsenceCode } from '../src/shared/journal/attendance';
import type { MarkValue } from '../src/shared/journal/marks';
import { DEFAULT_WORK_TYPES } from '../src/shared/journal/work-types';
import { federalCalendar } from '../src/shared/school-year/calendar-defaults';
import { FEDERAL_CURRICULUM, markingModeFor } from '../src/shared/school-year/curriculum-defaults';
import { insertYear, inserts as q } from './inserts';

/**
 * The school every unit test runs on, written out by hand: small enough to read in one sitting and to
 * count on one's fingers, so a test can say exactly what a user would see. Three classes, twelve
 * students, the staff the access rules talk about, five weeks of lessons of 2026/2027 with a few marks
 * and absences. It is inserted with the same statements the application and the demo use.
 *
 * The named accounts are those of the demo (same logins, roles and password), so a test reads the
 * same whether it thinks of the demo or of this school.
 */

/** The password of every account here, the same as the demo's (src/main/demo/generate.ts). */
export const PASSWORD = 'demo2026';

/** The academic year: the federal calendar's quarters and holidays for 2026/2027. */
export const YEAR_START = 2026;

interface Person {
  /** "Фамилия Имя Отчество". */
  name: string;
}

interface StaffMember extends Person {
  login: string;
  roles: Role[];
  /** Shown on the login screen's list of accounts; only the named accounts are listed. */
  listed?: { title?: string };
}

/** People who work at the school. The first eight logins are the ones every test may use. */
export const STAFF: readonly StaffMember[] = [
  { login: 'director', roles: ['director'], name: 'Андреева Марина Викторовна', listed: {} },
  { login: 'zavuch', roles: ['deputy'], name: 'Белова Ольга Петровна', listed: {} },
  { login: 'admin', roles: ['admin'], name: 'Смирнов Алексей Игоревич', listed: {} },
  { login: 'inspector', roles: ['inspector'], name: 'Крылова Наталья Сергеевна', listed: {} },
  {
    login: 'teacher',
    roles: ['teacher'],
    name: 'Воронцова Елена Андреевна',
    listed: { title: 'Учитель (русский язык и литература)' },
  },
  {
    login: 'klassruk',
    roles: ['teacher'],
    name: 'Соколов Дмитрий Павлович',
    listed: { title: 'Классный руководитель 5А' },
  },
  // Other teachers, so that every page has somebody who is not the named teachers.
  { login: 'kim.as', roles: ['teacher'], name: 'Ким Анна Сергеевна' },
  { login: 'orlova.ti', roles: ['teacher'], name: 'Орлова Татьяна Ивановна' },
  { login: 'grigorev.po', roles: ['teacher'], name: 'Григорьев Павел Олегович' },
  { login: 'lebedeva.nv', roles: ['teacher'], name: 'Лебедева Надежда Викторовна' },
  { login: 'morozova.gi', roles: ['teacher'], name: 'Морозова Галина Ивановна' },
];

interface Student extends Person {
  born: IsoDate;
  gender: 'm' | 'f';
  /** The mark this student usually gets (pass/fail subjects: «зач»). */
  usual: '3' | '4' | '5';
  /** Mother or father, with a phone, as the class teacher writes them down. */
  guardian: Person & { relation: 'mother' | 'father'; phone: string };
  /** The language group (1 or 2) in a class whose English is taught in two groups. */
  group?: 1 | 2;
}

interface ClassPlan {
  grade: number;
  letter: string;
  /** Login of the класcный руководитель. */
  classTeacher: string;
  students: Student[];
  /** Subject → login of who teaches it; a pair of logins means two language groups. */
  loads: Record<string, string | [string, string]>;
  /** Monday (1) … Friday (5) → the subjects of lessons 1, 2, 3, … */
  timetable: Record<1 | 2 | 3 | 4 | 5, string[]>;
}

const RUSSIAN = 'Русский язык';
const MATH = 'Математика';
const ENGLISH = 'Иностранный язык (английский)';

export const CLASSES: readonly ClassPlan[] = [
  {
    grade: 1,
    letter: 'А',
    classTeacher: 'lebedeva.nv',
    students: [
      {
        name: 'Алексеев Артём Игоревич',
        born: '2019-04-12',
        gender: 'm',
        usual: '4',
        guardian: {
          name: 'Алексеева Юлия Викторовна',
          relation: 'mother',
          phone: '+7 900 100-01-01',
        },
      },
      {
        name: 'Борисова Вера Олеговна',
        born: '2019-07-03',
        gender: 'f',
        usual: '5',
        guardian: { name: 'Борисов Олег Петрович', relation: 'father', phone: '+7 900 100-01-02' },
      },
      {
        name: 'Васильев Глеб Андреевич',
        born: '2019-11-21',
        gender: 'm',
        usual: '4',
        guardian: {
          name: 'Васильева Анна Сергеевна',
          relation: 'mother',
          phone: '+7 900 100-01-03',
        },
      },
    ],
    // Grade 1 gets no marks (ФОП), but attendance is kept.
    loads: {
      [RUSSIAN]: 'lebedeva.nv',
      [MATH]: 'lebedeva.nv',
      'Литературное чтение': 'lebedeva.nv',
      'Окружающий мир': 'lebedeva.nv',
    },
    timetable: {
      1: [RUSSIAN, MATH, 'Литературное чтение', 'Окружающий мир'],
      2: [RUSSIAN, MATH, 'Литературное чтение'],
      3: [RUSSIAN, MATH, 'Литературное чтение', 'Окружающий мир'],
      4: [RUSSIAN, MATH, 'Литературное чтение'],
      5: [RUSSIAN],
    },
  },
  {
    grade: 4,
    letter: 'А',
    classTeacher: 'morozova.gi',
    students: [
      {
        name: 'Захарова Полина Андреевна',
        born: '2016-02-09',
        gender: 'f',
        usual: '5',
        guardian: {
          name: 'Захарова Ирина Николаевна',
          relation: 'mother',
          phone: '+7 900 100-04-01',
        },
      },
      {
        name: 'Зайцев Илья Романович',
        born: '2016-05-30',
        gender: 'm',
        usual: '3',
        guardian: { name: 'Зайцев Роман Ильич', relation: 'father', phone: '+7 900 100-04-02' },
      },
      {
        name: 'Ильина София Денисовна',
        born: '2016-09-14',
        gender: 'f',
        usual: '4',
        guardian: { name: 'Ильина Марина Олеговна', relation: 'mother', phone: '+7 900 100-04-03' },
      },
    ],
    // ОРКСЭ is marked «зачёт»/«незачёт» in grade 4.
    loads: {
      [RUSSIAN]: 'morozova.gi',
      [MATH]: 'morozova.gi',
      'Основы религиозных культур и светской этики': 'morozova.gi',
    },
    timetable: {
      1: [MATH, RUSSIAN, 'Основы религиозных культур и светской этики'],
      2: [RUSSIAN, MATH],
      3: [RUSSIAN, MATH],
      4: [RUSSIAN, MATH],
      5: [RUSSIAN],
    },
  },
  {
    grade: 5,
    letter: 'А',
    classTeacher: 'klassruk',
    students: [
      {
        name: 'Абрамов Кирилл Денисович',
        born: '2015-01-17',
        gender: 'm',
        usual: '4',
        group: 1,
        guardian: {
          name: 'Абрамова Светлана Юрьевна',
          relation: 'mother',
          phone: '+7 900 100-05-01',
        },
      },
      {
        name: 'Гусева Алиса Романовна',
        born: '2015-03-08',
        gender: 'f',
        usual: '5',
        group: 1,
        guardian: {
          name: 'Гусева Екатерина Владимировна',
          relation: 'mother',
          phone: '+7 900 100-05-02',
        },
      },
      {
        name: 'Захаров Максим Андреевич',
        born: '2014-12-02',
        gender: 'm',
        usual: '4',
        group: 1,
        // Захарова Ирина Николаевна, the mother of Полина in 4А too: see FAMILIES.
        guardian: {
          name: 'Захарова Ирина Николаевна',
          relation: 'mother',
          phone: '+7 900 100-04-01',
        },
      },
      {
        name: 'Куликова Ева Сергеевна',
        born: '2015-06-25',
        gender: 'f',
        usual: '3',
        group: 2,
        guardian: { name: 'Куликов Сергей Иванович', relation: 'father', phone: '+7 900 100-05-04' },
      },
      {
        name: 'Новиков Тимофей Ильич',
        born: '2015-08-11',
        gender: 'm',
        usual: '4',
        group: 2,
        guardian: { name: 'Новикова Ольга Павловна', relation: 'mother', phone: '+7 900 100-05-05' },
      },
      {
        name: 'Павлова Мария Алексеевна',
        born: '2015-10-30',
        gender: 'f',
        usual: '5',
        group: 2,
        guardian: {
          name: 'Павлова Татьяна Андреевна',
          relation: 'mother',
          phone: '+7 900 100-05-06',
        },
      },
    ],
    // The class of the named teachers: `teacher` gives Russian and literature, the class teacher
    // `klassruk` gives mathematics, English is taught in two groups, history by a colleague.
    loads: {
      [RUSSIAN]: 'teacher',
      Литература: 'teacher',
      [MATH]: 'klassruk',
      [ENGLISH]: ['kim.as', 'orlova.ti'],
      История: 'grigorev.po',
    },
    timetable: {
      1: [RUSSIAN, MATH, ENGLISH, 'История'],
      2: [MATH, RUSSIAN, 'Литература', 'История'],
      3: [RUSSIAN, MATH, ENGLISH],
      4: [MATH, RUSSIAN, 'Литература', 'История'],
      5: [RUSSIAN, MATH, ENGLISH, 'Литература'],
    },
  },
];

/**
 * Accounts of families: `roditel` is the mother of Максим (5А, taught by `teacher`) and Полина (4А);
 * `uchenik` is Максим; a second parent, so that "somebody else's child" has a parent too.
 */
export const FAMILIES = [
  { login: 'roditel', guardian: 'Захарова Ирина Николаевна', listed: true },
  { login: 'guseva.ev', guardian: 'Гусева Екатерина Владимировна', listed: false },
] as const;
export const STUDENT_ACCOUNTS = [{ login: 'uchenik', student: 'Захаров Максим Андреевич' }] as const;

/** The weeks that have lessons: the first days of the year, then four weeks around "today". */
export const LESSON_WEEKS: readonly IsoDate[] = [
  '2026-08-31', // the year starts on Tuesday 1 September
  '2026-11-02', // autumn holidays until Wednesday 4 November
  '2026-11-09',
  '2026-11-16', // the week of TODAY (Friday 20 November)
  '2026-11-23', // next week: lessons planned, nothing marked yet
];

/**
 * Who was away, written out: a whole day (all the lessons of the class that day) or one lesson.
 * Somebody who is late may still get a mark.
 */
export const ABSENCES: readonly { student: string; date: IsoDate; lesson?: number; code: AbsenceCode }[] = [
  { student: 'Захаров Максим Андреевич', date: '2026-11-10', code: 'ill' },
  { student: 'Гусева Алиса Романовна', date: '2026-11-13', lesson: 2, code: 'absent' },
  { student: 'Новиков Тимофей Ильич', date: '2026-11-18', lesson: 1, code: 'late' },
  { student: 'Павлова Мария Алексеевна', date: '2026-11-19', code: 'excused' },
  { student: 'Борисова Вера Олеговна', date: '2026-11-17', code: 'ill' },
  { student: 'Зайцев Илья Романович', date: '2026-11-12', lesson: 1, code: 'absent' },
];

export interface BuiltSchool {
  yearId: number;
  lessons: number;
  marks: number;
  absences: number;
}

const AT = '2026-08-25T06:00:00.000Z';
let passwordHash: string | undefined;

function split(name: string): { last: string; first: string; middle: string } {
  const [last = '', first = '', middle = ''] = name.split(' ');
  return { last, first, middle };
}

/**
 * Writes the school into an empty, migrated journal. Lessons before `today` have a topic and
 * homework; in each of them two students in turn get their usual mark («зач» where the subject is
 * pass/fail, none where the subject has no marks), unless they were away.
 */
export function buildSchool(db: Database, today: IsoDate): BuiltSchool {
  // scrypt takes ~70 ms: hash once per test process, not once per account or per school.
  passwordHash ??= hashPassword(PASSWORD);
  const hash = passwordHash;
  return db.bulk(() => {
    const calendar = federalCalendar(YEAR_START);
    db.run(q.school, { name: 'МБОУ «Тестовая школа № 1»', shortName: 'Тестовая школа', at: AT });
    const yearId = insertYear(db, calendar);
    const workTypes = new Map<string, { id: number; weight: number }>();
    DEFAULT_WORK_TYPES.forEach((w, i) => {
      workTypes.set(w.name, {
        id: db.run(q.workType, { name: w.name, weight: w.weight, order: i }).lastId,
        weight: w.weight,
      });
    });
    const everyday = workTypes.get('Работа на уроке')!;
    const subjectIds = new Map<string, number>();
    FEDERAL_CURRICULUM.forEach((s, i) => {
      subjectIds.set(
        s.name,
        db.run(q.subject, { name: s.name, shortName: s.shortName, search: searchKey(s.name), order: i })
          .lastId,
      );
    });

    const userIds = new Map<string, number>();
    const addUser = (
      login: string,
      name: string,
      roles: Role[],
      links: { guardianId?: number; studentId?: number } = {},
    ) => {
      const { last, first, middle } = split(name);
      const id = db.run(q.user, {
        login,
        hash,
        mustChange: 0,
        passwordChangedAt: null,
        last,
        first,
        middle,
        search: searchKey(last, first, middle),
        guardianId: links.guardianId ?? null,
        studentId: links.studentId ?? null,
        at: AT,
      }).lastId;
      for (const role of roles) db.run(q.role, { userId: id, role });
      userIds.set(login, id);
    };
    for (const s of STAFF) addUser(s.login, s.name, s.roles);
    const user = (login: string) => userIds.get(login)!;

    // Classes, students and their guardians (one guardian may have children in two classes).
    const studentIds = new Map<string, number>();
    const guardianIds = new Map<string, number>();
    let lessons = 0;
    let marks = 0;
    let absences = 0;
    for (const c of CLASSES) {
      const name = `${c.grade}${c.letter}`;
      const classId = db.run(q.class, { yearId, grade: c.grade, letter: c.letter, name }).lastId;
      db.run(q.classTeacher, { classId, teacherId: user(c.classTeacher) });
      for (const s of c.students) {
        const n = split(s.name);
        const studentId = db.run(q.student, {
          last: n.last,
          first: n.first,
          middle: n.middle,
          birth: s.born,
          gender: s.gender,
          search: searchKey(n.last, n.first, n.middle),
          at: AT,
        }).lastId;
        studentIds.set(s.name, studentId);
        db.run(q.enroll, { classId, studentId, on: calendar.startsOn });
        let guardianId = guardianIds.get(s.guardian.name);
        if (!guardianId) {
          const g = split(s.guardian.name);
          guardianId = db.run(q.guardian, {
            last: g.last,
            first: g.first,
            middle: g.middle,
            phone: s.guardian.phone,
            email: null,
            search: searchKey(g.last, g.first, g.middle),
          }).lastId;
          guardianIds.set(s.guardian.name, guardianId);
        }
        db.run(q.studentGuardian, { studentId, guardianId, relation: s.guardian.relation });
      }

      // Teaching loads: one journal page per subject, or one per language group.
      const pages = new Map<string, { loadId: number; teacherId: number; members: Student[] }[]>();
      for (const [subject, who] of Object.entries(c.loads)) {
        const def = FEDERAL_CURRICULUM.find((s) => s.name === subject)!;
        const subjectId = subjectIds.get(subject)!;
        const hours = def.hours[c.grade - 1]!;
        const marking = markingModeFor(def, c.grade);
        db.run(q.curriculum, { yearId, grade: c.grade, subjectId, hours, marking });
        const groups: [number | null, string, Student[]][] = Array.isArray(who)
          ? who.map((login, i) => {
              const groupId = db.run(q.group, { classId, subjectId, name: `${i + 1} группа` }).lastId;
              const members = c.students.filter((s) => s.group === i + 1);
              for (const m of members) db.run(q.groupMember, { groupId, studentId: studentIds.get(m.name)! });
              return [groupId, login, members];
            })
          : [[null, who, c.students]];
        pages.set(
          subject,
          groups.map(([groupId, login, members]) => ({
            loadId: db.run(q.load, {
              yearId,
              classId,
              groupId,
              subjectId,
              teacherId: user(login),
              hours,
              marking,
            }).lastId,
            teacherId: user(login),
            members,
          })),
        );
      }

      // Lessons of the lesson weeks from the timetable, except on holidays.
      const index = new Map<number, number>();
      for (const monday of LESSON_WEEKS) {
        for (let d = 0; d < 5; d++) {
          const date = addDays(monday, d);
          const holiday = calendar.holidays.some(
            (h) => c.grade >= h.gradeFrom && c.grade <= h.gradeTo && date >= h.startsOn && date <= h.endsOn,
          );
          if (date < calendar.startsOn || holiday) continue;
          const day = c.timetable[weekday(date) as 1 | 2 | 3 | 4 | 5];
          day.forEach((subject, i) => {
            const number = i + 1;
            const marking = markingModeFor(FEDERAL_CURRICULUM.find((s) => s.name === subject)!, c.grade);
            for (const page of pages.get(subject)!) {
              const k = (index.get(page.loadId) ?? 0) + 1;
              index.set(page.loadId, k);
              const past = date < today;
              const lessonId = db.run(insertLesson, {
                loadId: page.loadId,
                date,
                number,
                topic: past ? `${subject}: урок ${k}` : '',
                homework: past && c.grade > 1 ? `§ ${k}, упр. ${k * 3}` : '',
                teacherId: page.teacherId,
                at: AT,
              }).lastId;
              lessons++;
              if (!past) continue;
              page.members.forEach((s, si) => {
                const studentId = studentIds.get(s.name)!;
                const away = ABSENCES.find(
                  (a) => a.student === s.name && a.date === date && (a.lesson ?? number) === number,
                );
                if (away) {
                  db.run(insertAbsence, { lessonId, studentId, code: away.code, by: page.teacherId, at: AT });
                  absences++;
                  if (away.code !== 'late') return;
                }
                const turn = (2 * (k - 1)) % page.members.length;
                if (marking === 'none' || (si !== turn && si !== (turn + 1) % page.members.length)) return;
                const value: MarkValue = marking === 'pass_fail' ? 'зач' : s.usual;
                db.run(insertMark, {
                  lessonId,
                  studentId,
                  value,
                  workTypeId: everyday.id,
                  weight: everyday.weight,
                  by: page.teacherId,
                  at: AT,
                });
                marks++;
              });
            }
          });
        }
      }
    }

    // Families' accounts.
    for (const f of FAMILIES)
      addUser(f.login, f.guardian, ['parent'], { guardianId: guardianIds.get(f.guardian)! });
    for (const s of STUDENT_ACCOUNTS)
      addUser(s.login, s.student, ['student'], { studentId: studentIds.get(s.student)! });

    // The login screen lists the named accounts, as it does for the demo.
    const listed = [
      ...STAFF.filter((s) => s.listed).map((s) => ({
        login: s.login,
        password: PASSWORD,
        role: s.roles[0]!,
        name: s.name,
        ...s.listed,
      })),
      ...FAMILIES.filter((f) => f.listed).map((f) => ({
        login: f.login,
        password: PASSWORD,
        role: 'parent' as Role,
        name: f.guardian,
      })),
      ...STUDENT_ACCOUNTS.map((s) => ({
        login: s.login,
        password: PASSWORD,
        role: 'student' as Role,
        name: s.student,
      })),
    ];
    db.run(q.setting, { key: 'demo.accounts', value: JSON.stringify(listed) });
    return { yearId, lessons, marks, absences };
  });
}
