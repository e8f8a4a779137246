import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import { enrolledOn } from '../../shared/students/enrollment';
import type { Enrollment } from '../../shared/students/schemas';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { classRow } from '../school-year/class-row';
import { inClassOn } from '../school-year/enrollment';
import { currentYear } from '../school-year/school';
import { classAccess } from './access';

/** The class list (список класса): who is, was and will be in a class, with their movement. */

const collator = new Intl.Collator('ru-RU');
export const byName = (
  a: { lastName: string; firstName: string },
  b: { lastName: string; firstName: string },
) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);

const classesOfYear = prepared<{ yearId: number; today: string }>()((db, p) =>
  db
    .selectFrom('class as c')
    .innerJoin('academic_year as y', 'y.id', 'c.academic_year_id')
    .leftJoin('user_account as t', 't.id', 'c.class_teacher_id')
    .select((eb) => [
      'c.id',
      'c.name',
      'c.grade',
      'y.name as academicYear',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
      eb
        .selectFrom('class_enrollment as e')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('e.class_id', '=', 'c.id')
        .where((w) => inClassOn(w, 'e', p.today))
        .as('studentCount'),
    ])
    .where('c.academic_year_id', '=', p.yearId)
    .orderBy('c.grade')
    .orderBy('c.letter'),
);

const teacherName = (r: { tLast: string | null; tFirst: string | null; tMiddle: string | null }) =>
  r.tLast === null ? null : fullName({ lastName: r.tLast, firstName: r.tFirst ?? '', middleName: r.tMiddle });

/** The classes of the current year the caller may open: all for the administration, their own for a teacher. */
export function classes(ctx: AuthedContext): Output<'students.classes'> {
  const today = localIsoDate(ctx.now);
  const year = currentYear(ctx.db, today);
  if (!year) return [];
  const result: Output<'students.classes'> = [];
  // The access rule is the scope check's own, asked per class: a school has at most ~80 classes.
  for (const r of ctx.db.all(classesOfYear, { yearId: year.id, today })) {
    const access = classAccess(ctx.db, ctx.actor, r.id);
    if (!access) continue;
    result.push({
      id: r.id,
      name: r.name,
      grade: r.grade,
      academicYear: r.academicYear,
      classTeacherName: teacherName(r),
      studentCount: Number(r.studentCount ?? 0),
      access,
    });
  }
  return result;
}

const enrollmentColumns = [
  'e.id',
  'e.class_id as classId',
  'e.student_id as studentId',
  'c.name as className',
  'y.name as academicYear',
  'e.enrolled_on as from',
  'e.left_on as to',
  'e.enrolled_kind as enrolledKind',
  'e.enrolled_order_no as enrolledOrderNo',
  'e.enrolled_order_date as enrolledOrderDate',
  'e.left_kind as leftKind',
  'e.left_order_no as leftOrderNo',
  'e.left_order_date as leftOrderDate',
  'e.left_to as leftTo',
] as const;

/** Every enrollment of the class's students in that class, and (for transfers) the class on the other side. */
const enrollmentsOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('class as c', 'c.id', 'e.class_id')
    .innerJoin('academic_year as y', 'y.id', 'c.academic_year_id')
    .select(enrollmentColumns)
    .where('e.class_id', '=', p.classId)
    .orderBy('e.enrolled_on'),
);

const enrollmentsOfStudent = prepared<{ studentId: number }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('class as c', 'c.id', 'e.class_id')
    .innerJoin('academic_year as y', 'y.id', 'c.academic_year_id')
    .select(enrollmentColumns)
    .where('e.student_id', '=', p.studentId)
    .orderBy('e.enrolled_on')
    .orderBy('e.id'),
);

type EnrollmentRow = ReturnType<typeof enrollmentRows>[number];
function enrollmentRows(db: Database, studentId: number) {
  return db.all(enrollmentsOfStudent, { studentId });
}

/**
 * One enrollment as the screens show it. A transfer's other side is the student's enrollment that
 * starts the day after this one ends (or ends the day before this one starts).
 */
function view(row: EnrollmentRow, all: readonly EnrollmentRow[]): Enrollment {
  let otherClass: string | null = null;
  if (row.leftKind === 'transferred')
    otherClass =
      all.find((o) => o.enrolledKind === 'transferred' && o.id !== row.id && o.from > row.from)?.className ??
      null;
  else if (row.enrolledKind === 'transferred')
    otherClass =
      all.filter((o) => o.leftKind === 'transferred' && o.id !== row.id && o.from < row.from).at(-1)
        ?.className ?? null;
  return {
    id: row.id,
    classId: row.classId,
    className: row.className,
    academicYear: row.academicYear,
    from: row.from,
    to: row.to,
    enrolledKind: row.enrolledKind,
    enrolledOrder:
      row.enrolledOrderNo && row.enrolledOrderDate
        ? { no: row.enrolledOrderNo, date: row.enrolledOrderDate }
        : null,
    leftKind: row.leftKind,
    leftOrder: row.leftOrderNo && row.leftOrderDate ? { no: row.leftOrderNo, date: row.leftOrderDate } : null,
    leftTo: row.leftTo,
    otherClass,
  };
}

/** A student's whole history (their card), in date order. */
export function history(db: Database, studentId: number): Enrollment[] {
  const rows = enrollmentRows(db, studentId);
  return rows.map((r) => view(r, rows));
}

const studentsOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('student as s')
    .select([
      's.id',
      's.last_name as lastName',
      's.first_name as firstName',
      's.middle_name as middleName',
      's.birth_date as birthDate',
    ])
    .where('s.id', 'in', (eb) =>
      eb.selectFrom('class_enrollment as e').select('e.student_id').where('e.class_id', '=', p.classId),
    ),
);

const classesOfSameYear = prepared<{ yearId: number; classId: number }>()((db, p) =>
  db
    .selectFrom('class')
    .select(['id', 'name'])
    .where('academic_year_id', '=', p.yearId)
    .where('id', '<>', p.classId)
    .orderBy('grade')
    .orderBy('letter'),
);

export function classList(
  ctx: AuthedContext,
  input: ParsedInput<'students.classList'>,
): Output<'students.classList'> {
  const { db } = ctx;
  const c = classRow(db, input.classId);
  const access = classAccess(db, ctx.actor, input.classId);
  if (!c || !access) throw new ApiError('NOT_FOUND', 'Класс не найден', 'classId');
  const today = localIsoDate(ctx.now);
  const own = db.all(enrollmentsOfClass, { classId: c.id });
  const students = db.all(studentsOfClass, { classId: c.id }).map((s) => {
    const all = enrollmentRows(db, s.id);
    const enrollments = own.filter((e) => e.studentId === s.id).map((e) => view(e, all));
    return {
      id: s.id,
      lastName: s.lastName,
      firstName: s.firstName,
      middleName: s.middleName,
      // The list alone (a subject teacher) carries no personal data beyond the name.
      birthDate: access === 'list' ? null : s.birthDate,
      enrollments,
      current: enrolledOn(enrollments, today),
    };
  });
  // Those in the class today first, then those who left or have not come yet; each by name.
  students.sort((a, b) => Number(b.current) - Number(a.current) || byName(a, b));
  const editable = access === 'edit' && c.archivedAt === null;
  return {
    class: {
      id: c.id,
      name: c.name,
      grade: c.grade,
      academicYear: c.academicYear,
      classTeacherName: teacherName(c),
      studentCount: students.filter((s) => s.current).length,
      access: access === 'edit' && !editable ? 'read' : access,
      yearStartsOn: c.yearStartsOn,
      yearEndsOn: c.yearEndsOn,
      archived: c.archivedAt !== null,
    },
    students,
    otherClasses: editable ? db.all(classesOfSameYear, { yearId: c.yearId, classId: c.id }) : [],
  };
}
