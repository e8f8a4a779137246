import { FEDERAL_CURRICULUM } from '../../shared/school-year/curriculum-defaults';
import {
  familyOf,
  type Group,
  hireTeacher,
  PRIMARY_SPECIALISTS,
  type SchoolClass,
  type SchoolPlan,
  type StaffMember,
} from './plan';

/**
 * The demo school's last academic year on paper: this year's classes one grade lower (6А was 5А),
 * the same students and class teachers, the load of the lower grade taught by the teachers who teach
 * the class now where they can (a class keeps its teachers), so the year change the deputy makes
 * (year.rollover) leads exactly to this year's classes. This year's first grades were not at school
 * yet; last year's graduates have left the journal's lists and are not shown.
 *
 * Last year's 4th classes were taught by a primary teacher: the one who now has a first class (a
 * primary teacher takes a new first class when her fourth goes up), or a new one.
 */
export function planPreviousYear(plan: SchoolPlan): SchoolPlan {
  const firsts = plan.classes.filter((c) => c.grade === 1);
  const classes: SchoolClass[] = [];
  for (const now of plan.classes) {
    if (now.grade < 2) continue;
    const grade = now.grade - 1;
    const cls: SchoolClass = {
      grade,
      letter: now.letter,
      name: now.name.replace(/^\d+/, String(grade)),
      students: now.students,
      groups: [],
      loads: [],
      classTeacher: now.classTeacher,
    };
    let primary: StaffMember | null = null;
    if (grade <= 3) primary = now.classTeacher;
    else if (grade === 4) {
      primary =
        firsts.find((f) => f.letter === now.letter)?.classTeacher ??
        firsts[classes.filter((c) => c.grade === 4).length]?.classTeacher ??
        hireTeacher(plan, 'primary');
      cls.classTeacher = primary;
    }
    // Who teaches a subject family in this class now (the same teacher went on with it).
    const teacherOf = (family: string, group: number | null): StaffMember => {
      const own = now.loads.filter((l) => familyOf(l.subject.name) === family);
      const load = (group === null ? undefined : own.filter((l) => l.group !== null)[group]) ?? own[0];
      return load?.teacher ?? plan.teachers.find((t) => t.family === family) ?? hireTeacher(plan, family);
    };
    for (const subject of FEDERAL_CURRICULUM) {
      const hours = subject.hours[grade - 1] ?? 0;
      if (hours === 0) continue;
      const family = familyOf(subject.name);
      if (primary && !PRIMARY_SPECIALISTS.has(family)) {
        cls.loads.push({ subject, hours, teacher: primary, group: null });
        continue;
      }
      const split = now.groups.filter((g) => g.subject === subject.name);
      if (subject.split && cls.students.length > 20) {
        // The same two groups as now (the list's order has not changed), as last year's own groups.
        const halves = split.length === 2 ? split.map((g) => g.members) : halvesOf(cls.students);
        halves.forEach((members, gi) => {
          const group: Group = { name: `${gi + 1} группа`, subject: subject.name, members };
          cls.groups.push(group);
          cls.loads.push({ subject, hours, teacher: teacherOf(family, gi), group });
        });
        continue;
      }
      cls.loads.push({ subject, hours, teacher: teacherOf(family, null), group: null });
    }
    classes.push(cls);
  }
  return { ...plan, classes };
}

function halvesOf(students: SchoolClass['students']) {
  const sorted = [...students].sort((a, b) => a.person.lastName.localeCompare(b.person.lastName, 'ru'));
  const half = Math.ceil(sorted.length / 2);
  return [sorted.slice(0, half), sorted.slice(half)];
}
