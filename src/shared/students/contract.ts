import { z } from 'zod';
import { method } from '../api/define';
import { Empty, Id, textField } from '../api/schemas';
import { STAFF_ROLES } from '../auth/roles';
import {
  ClassRoster,
  ClassSummary,
  emailField,
  Gender,
  GroupsView,
  GuardianInput,
  OrderInput,
  personName,
  phoneField,
  StudentCard,
} from './schemas';

/** A day of movement: a real calendar day (2027-02-30 is refused by the schema, with the field named). */
const day = (what: string) => z.iso.date({ error: `${what}: неверная дата (ГГГГ-ММ-ДД)` });

/**
 * The class teacher keeps the class (issue 8; 003 §2.1, 004 §4.2): the class list, each student's
 * card, movement (прибыл, выбыл, перевод) with its orders, and the groups of split subjects.
 *
 * Who: the class teacher of the class and the administrator write; the administration (deputy,
 * director) and the inspector read everything; a subject teacher of the class sees the list only —
 * names, movement and groups, which the journal shows anyway — and never the card's personal data
 * (152-ФЗ: processing limited to its purpose; 004 §3.6: personal information is given out only as
 * far as needed). Families never come through this feature: their door is the diary.
 */
export const studentsApi = {
  'students.classes': method({
    input: Empty,
    output: z.array(ClassSummary),
    roles: STAFF_ROLES,
    write: false,
    audience: 'staff',
  }),
  'students.classList': method({
    input: z.object({ classId: Id }),
    output: ClassRoster,
    roles: STAFF_ROLES,
    scope: { kind: 'rosterClass', field: 'classId' },
    write: false,
    audience: 'staff',
  }),
  'students.card': method({
    input: z.object({ studentId: Id }),
    output: StudentCard,
    roles: ['admin', 'director', 'deputy', 'inspector', 'teacher'],
    scope: { kind: 'studentCard', field: 'studentId' },
    write: false,
    audience: 'staff',
  }),
  'students.saveCard': method({
    input: z.object({
      studentId: Id,
      expectedVersion: z.number().int().positive(),
      ...personName,
      birthDate: day('Дата рождения').nullable(),
      gender: Gender.nullable(),
      address: textField('Адрес', 300),
      phone: phoneField('Мобильный телефон'),
      homePhone: phoneField('Домашний телефон'),
      email: emailField('E-mail'),
      notes: textField('Заметки', 2000, { multiline: true }),
      guardians: z.array(GuardianInput).max(6, { error: 'Не больше 6 представителей' }),
    }),
    output: StudentCard,
    roles: ['admin', 'teacher'],
    scope: { kind: 'studentCard', field: 'studentId' },
    write: true,
    audience: 'staff',
  }),
  /** Прибыл: a new student comes to the class from another school. */
  'students.arrive': method({
    input: z.object({
      classId: Id,
      date: day('Дата прибытия'),
      ...OrderInput,
      ...personName,
      birthDate: day('Дата рождения').nullable(),
      gender: Gender.nullable(),
    }),
    output: z.object({ studentId: Id }),
    roles: ['admin', 'teacher'],
    scope: { kind: 'rosterClass', field: 'classId' },
    write: true,
    audience: 'staff',
  }),
  /** Выбыл: the student leaves the school; `date` is their last day in the class. */
  'students.leave': method({
    input: z.object({
      classId: Id,
      studentId: Id,
      date: day('Дата выбытия'),
      ...OrderInput,
      leftTo: textField('Куда выбыл', 200),
    }),
    output: Empty,
    roles: ['admin', 'teacher'],
    scope: { kind: 'rosterClass', field: 'classId' },
    write: true,
    audience: 'staff',
  }),
  /** Перевод: from this class to another of the same year; `date` is the first day in the new class. */
  'students.transfer': method({
    input: z.object({
      classId: Id,
      studentId: Id,
      toClassId: Id,
      date: day('Дата перевода'),
      ...OrderInput,
    }),
    output: Empty,
    roles: ['admin', 'teacher'],
    scope: { kind: 'rosterClass', field: 'classId' },
    write: true,
    audience: 'staff',
  }),
  /**
   * A movement recorded by mistake is taken back: the student's last departure from this class (выбыл
   * or переведён) is undone, while nothing has been entered for them elsewhere since.
   */
  'students.cancelMovement': method({
    input: z.object({ classId: Id, studentId: Id }),
    output: Empty,
    roles: ['admin', 'teacher'],
    scope: { kind: 'rosterClass', field: 'classId' },
    write: true,
    audience: 'staff',
  }),
  'students.groups': method({
    input: z.object({ classId: Id }),
    output: GroupsView,
    roles: STAFF_ROLES,
    scope: { kind: 'rosterClass', field: 'classId' },
    write: false,
    audience: 'staff',
  }),
  /** Puts the student into one group of a split subject (out of the others); null: into none. */
  'students.setGroup': method({
    input: z.object({ classId: Id, subjectId: Id, studentId: Id, groupId: Id.nullable() }),
    output: GroupsView,
    roles: ['admin', 'teacher'],
    scope: { kind: 'rosterClass', field: 'classId' },
    write: true,
    audience: 'staff',
  }),
} as const;
