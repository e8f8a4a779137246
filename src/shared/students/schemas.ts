import { z } from 'zod';
import { Id, IsoDate, PersonNameSchema, textField } from '../api/schemas';
import { ENROLLED_KINDS, LEFT_KINDS } from './enrollment';

/** The class list and the student's card (003 §2.1), movement (004 §4.2), groups (001 §2.13). */

export const RELATIONS = ['mother', 'father', 'guardian', 'other'] as const;
export const RELATION_TITLES: Record<(typeof RELATIONS)[number], string> = {
  mother: 'мать',
  father: 'отец',
  guardian: 'опекун',
  other: 'другое',
};

/** A phone as people write it: digits with +, spaces, brackets and dashes; '' = none. */
export function phoneField(what: string) {
  return textField(what, 40).refine((v) => v === '' || (/^[\d+\-() ]+$/.test(v) && /(\d\D*){5}/.test(v)), {
    error: `${what}: только цифры, «+», скобки, пробелы и дефисы, не меньше 5 цифр (например, +7 900 123-45-67)`,
  });
}

export function emailField(what: string) {
  return textField(what, 120).refine((v) => v === '' || z.email().safeParse(v).success, {
    error: `${what}: неверный адрес электронной почты (например, ivanova@mail.ru)`,
  });
}

export const personName = {
  lastName: textField('Фамилия', 60, { min: 1 }),
  firstName: textField('Имя', 60, { min: 1 }),
  /** '' = no patronymic. */
  middleName: textField('Отчество', 60),
};

export const Gender = z.enum(['m', 'f'], { error: 'Пол: «м» или «ж»' });

/** A приказ: its number and date. */
export const Order = z.object({ no: z.string(), date: IsoDate });
export type Order = z.infer<typeof Order>;

export const OrderInput = {
  orderNo: textField('Номер приказа', 30, { min: 1 }),
  orderDate: z.iso.date({ error: 'Дата приказа: неверная дата (ГГГГ-ММ-ДД)' }),
};

/** One enrollment, as a class list or a card's history shows it. */
export const Enrollment = z.object({
  id: Id,
  classId: Id,
  className: z.string(),
  academicYear: z.string(),
  from: IsoDate,
  to: IsoDate.nullable(),
  enrolledKind: z.enum(ENROLLED_KINDS),
  enrolledOrder: Order.nullable(),
  leftKind: z.enum(LEFT_KINDS).nullable(),
  leftOrder: Order.nullable(),
  /** Where a student who left went (another school), as the order says. */
  leftTo: z.string(),
  /** For a transfer: the class the student went to or came from. */
  otherClass: z.string().nullable(),
});
export type Enrollment = z.infer<typeof Enrollment>;

export const ClassAccess = z.enum(['edit', 'read', 'list']);
export type ClassAccess = z.infer<typeof ClassAccess>;

export const ClassSummary = z.object({
  id: Id,
  name: z.string(),
  grade: z.number().int(),
  academicYear: z.string(),
  classTeacherName: z.string().nullable(),
  /** Students in the class today. */
  studentCount: z.number().int(),
  /**
   * 'edit': the class teacher of the class and the administrator; 'read': the administration and the
   * inspector, who see the cards; 'list': a subject teacher of the class, who sees the list only.
   */
  access: ClassAccess,
});
export type ClassSummary = z.infer<typeof ClassSummary>;

export const RosterStudent = PersonNameSchema.extend({
  id: Id,
  /** Null for a caller who sees the list only (a subject teacher): personal data stay with the card. */
  birthDate: IsoDate.nullable(),
  /** This class's enrollments of the student, in date order. */
  enrollments: z.array(Enrollment),
  /** In the class today. */
  current: z.boolean(),
});
export type RosterStudent = z.infer<typeof RosterStudent>;

export const ClassRoster = z.object({
  class: ClassSummary.extend({ yearStartsOn: IsoDate, yearEndsOn: IsoDate, archived: z.boolean() }),
  students: z.array(RosterStudent),
  /** Other classes of the same year, where a student may be transferred (only for 'edit'). */
  otherClasses: z.array(z.object({ id: Id, name: z.string() })),
});
export type ClassRoster = z.infer<typeof ClassRoster>;

export const Guardian = PersonNameSchema.extend({
  id: Id,
  relation: z.enum(RELATIONS),
  phone: z.string(),
  email: z.string(),
  /** Other children of this guardian at the school (their contacts are shared). */
  otherChildren: z.array(z.string()),
});

export const StudentCard = PersonNameSchema.extend({
  id: Id,
  birthDate: IsoDate.nullable(),
  gender: Gender.nullable(),
  address: z.string(),
  phone: z.string(),
  homePhone: z.string(),
  email: z.string(),
  notes: z.string(),
  version: z.number().int(),
  guardians: z.array(Guardian),
  /** Every class the student has been in, in date order. */
  history: z.array(Enrollment),
  canEdit: z.boolean(),
});
export type StudentCard = z.infer<typeof StudentCard>;

export const GuardianInput = z.object({
  /** null: a new guardian. */
  id: Id.nullable(),
  ...personName,
  relation: z.enum(RELATIONS, { error: 'Кем приходится: мать, отец, опекун или другое' }),
  phone: phoneField('Телефон представителя'),
  email: emailField('E-mail представителя'),
});

export const GroupsView = z.object({
  /** The class's split subjects (предметы с делением на подгруппы). */
  subjects: z.array(
    z.object({
      subjectId: Id,
      subjectName: z.string(),
      groups: z.array(z.object({ id: Id, name: z.string(), teacherName: z.string().nullable() })),
    }),
  ),
  /** The students in the class today, with their group in each split subject (subjectId → groupId). */
  students: z.array(PersonNameSchema.extend({ id: Id, groups: z.record(z.string(), Id.nullable()) })),
  /** The expected state is every student in exactly one group per split subject: what is not. */
  warnings: z.array(z.string()),
  canEdit: z.boolean(),
});
export type GroupsView = z.infer<typeof GroupsView>;
