import { ApiError } from '../../shared/api/errors';
import { formatDate, type IsoDate } from '../../shared/i18n/dates';
import { fullName, searchKey } from '../../shared/i18n/names';
import { GUARDIAN_SLOTS, RELATION_WORDS, RELATIONS } from '../../shared/import/columns';
import type { PreviewRow } from '../../shared/import/contract';
import {
  birthDate,
  type CellValue,
  classKey,
  email,
  fullNameParts,
  gender,
  namePart,
  phone,
  phoneDigits,
  text,
} from '../../shared/import/values';
import { topic } from '../../shared/sync/topics';
import { type Database, prepared } from '../db/database';
import type { CallContext } from '../router/context';
import { currentYear } from '../school-year/school';
import { studentRows } from '../school-year/student-rows';
import type { FileRow } from './parse';

/**
 * The students' list: each row read and checked, matched against the journal (the same person is the
 * same last, first and middle name and birth date; a guardian is the same name and phone), and the
 * plan of what would change. The plan is made the same way for the preview and, again, inside the
 * write transaction of the confirmation, which applies it.
 */

type Relation = 'mother' | 'father' | 'guardian' | 'other';

interface GuardianIn {
  slot: number;
  /** searchKey of the full name (computed once: it is the slow part of matching a big file). */
  search: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  relation: Relation;
  phone: string | null;
  email: string | null;
}

interface Contacts {
  phone: string | null;
  email: string | null;
}

/** A guardian as the plan knows it: one already in the journal, or the n-th new one of this file. */
type GuardianRef = { existing: number } | { planned: number };

interface StudentAction {
  row: number;
  /** null: a new student. */
  studentId: number | null;
  student: {
    lastName: string;
    firstName: string;
    middleName: string | null;
    birthDate: IsoDate;
    gender: 'm' | 'f' | null;
  };
  search: string;
  before: unknown;
  setGender: boolean;
  enrollIn: { id: number; name: string } | null;
  links: { guardian: GuardianRef; relation: Relation; kind: 'add' | 'relation' }[];
  /** A known guardian's contacts the file changes (only set, never cleared: an empty cell changes nothing). */
  guardianContacts: { guardianId: number; before: Contacts; after: Contacts }[];
}

export interface StudentPlan {
  year: string;
  rows: PreviewRow[];
  actions: StudentAction[];
  newGuardians: (GuardianIn & { row: number })[];
  enrolledOn: IsoDate;
}

const classesOfYear = prepared<{ yearId: number }>()((db, p) =>
  db.selectFrom('class').select(['id', 'name']).where('academic_year_id', '=', p.yearId),
);
// Every student and guardian at once: one scan each instead of a search per row (guardian.search_name
// has no index, and a school's 2,000-row list would scan the table 4,000 times).
const allStudents = prepared()((db) =>
  db
    .selectFrom('student')
    .select(['id', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'search_name']),
);
const allGuardians = prepared()((db) =>
  db.selectFrom('guardian').select(['id', 'phone', 'email', 'search_name']),
);
const enrollmentsInYear = prepared<{ studentId: number; yearId: number }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('class as c', 'c.id', 'e.class_id')
    .select(['e.class_id', 'c.name'])
    .where('e.student_id', '=', p.studentId)
    .where('c.academic_year_id', '=', p.yearId)
    .where('e.left_on', 'is', null),
);
const linksOf = prepared<{ studentId: number }>()((db, p) =>
  db
    .selectFrom('student_guardian as sg')
    .innerJoin('guardian as g', 'g.id', 'sg.guardian_id')
    .select(['sg.guardian_id', 'sg.relation', 'g.search_name', 'g.phone', 'g.email'])
    .where('sg.student_id', '=', p.studentId),
);

const setGender = prepared<{ id: number; gender: 'm' | 'f' | null }>()((db, p) =>
  db.updateTable('student').set({ gender: p.gender }).where('id', '=', p.id),
);
const setGuardianContacts = prepared<{ id: number; phone: string | null; email: string | null }>()((db, p) =>
  db.updateTable('guardian').set({ phone: p.phone, email: p.email }).where('id', '=', p.id),
);
const setRelation = prepared<{ studentId: number; guardianId: number; relation: Relation }>()((db, p) =>
  db
    .updateTable('student_guardian')
    .set({ relation: p.relation })
    .where('student_id', '=', p.studentId)
    .where('guardian_id', '=', p.guardianId),
);

/** One row read: the values, or the reasons it cannot be imported. */
function readRow(cells: Record<string, CellValue>, today: IsoDate) {
  const errors: string[] = [];
  const take = <T>(r: { ok: true; value: T } | { ok: false; reason: string }, fallback: T): T => {
    if (r.ok) return r.value;
    errors.push(r.reason);
    return fallback;
  };
  const c = (f: string) => cells[f] ?? null;
  const lastName = take(namePart(c('lastName'), 'фамилия', true), null) ?? '';
  const firstName = take(namePart(c('firstName'), 'имя', true), null) ?? '';
  const middleName = take(namePart(c('middleName'), 'отчество', false), null);
  const birth = take(birthDate(c('birthDate'), today), '');
  const sex = take(gender(c('gender')), null);
  const className = text(c('className'));
  if (className === '') errors.push('не указан класс');
  const guardians: GuardianIn[] = [];
  for (const slot of GUARDIAN_SLOTS) {
    const what = `представитель ${slot}`;
    const name = text(c(`g${slot}Name`));
    const relationText = text(c(`g${slot}Relation`));
    const phoneCell = c(`g${slot}Phone`);
    const emailCell = c(`g${slot}Email`);
    if (name === '') {
      if (relationText || text(phoneCell) || text(emailCell)) errors.push(`${what}: не указаны ФИО`);
      continue;
    }
    const parts = take(fullNameParts(name, `${what}: ФИО`), null);
    const relationKey = relationText.toLowerCase();
    const relation = relationKey === '' ? 'other' : RELATIONS[relationKey];
    if (!relation)
      errors.push(`${what}: «кем приходится» — «${relationText}»; укажите мать, отец, опекун или другое`);
    const tel = take(phone(phoneCell, `${what}: телефон`), null);
    const mail = take(email(emailCell, `${what}: e-mail`), null);
    if (parts && relation)
      guardians.push({
        slot,
        search: searchKey(parts.lastName, parts.firstName, parts.middleName),
        ...parts,
        relation,
        phone: tel,
        email: mail,
      });
  }
  return {
    errors,
    student: { lastName, firstName, middleName, birthDate: birth, gender: sex },
    search: searchKey(lastName, firstName, middleName),
    className,
    guardians,
  };
}

export type StudentRow = ReturnType<typeof readRow> & { row: number };

/**
 * Every row read and checked on its own (no database): done in the call's `prepare` step, outside the
 * transaction, since it is most of the work for a big file (dates, phones, search keys).
 */
export function readStudents(rows: FileRow[], today: IsoDate): StudentRow[] {
  return rows.map((r) => ({ row: r.row, ...readRow(r.cells, today) }));
}

const guardianKey = (g: GuardianIn) => `${g.search}|${phoneDigits(g.phone)}`;

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

/** The plan for a students' file against the journal as it is now (read only). */
export function planStudents(
  db: Database,
  rows: StudentRow[],
  today: IsoDate,
  chosenEnrolledOn?: IsoDate,
): StudentPlan {
  const year = currentYear(db, today);
  if (!year)
    throw new ApiError(
      'VALIDATION',
      'В журнале ещё нет учебного года: сначала завуч создаёт учебный год и классы, затем загружается список учеников',
    );
  const classes = new Map(db.all(classesOfYear, { yearId: year.id }).map((c) => [classKey(c.name), c]));
  if (chosenEnrolledOn && (chosenEnrolledOn < year.starts_on || chosenEnrolledOn > year.ends_on))
    throw new ApiError(
      'VALIDATION',
      `Дата зачисления ${formatDate(chosenEnrolledOn)} вне учебного года ${year.name} (${formatDate(year.starts_on)}–${formatDate(year.ends_on)})`,
      'enrolledOn',
    );
  const enrolledOn =
    chosenEnrolledOn ??
    (today < year.starts_on ? year.starts_on : today > year.ends_on ? year.ends_on : today);

  const students = groupBy(db.all(allStudents), (r) => `${r.search_name}|${r.birth_date}`);
  const inJournal = groupBy(db.all(allGuardians), (r) => `${r.search_name}|${phoneDigits(r.phone)}`);
  const seen = new Map<string, number>();
  const planned = new Map<string, number>(); // guardian key → index in newGuardians
  const plannedContacts = new Map<number, Contacts>(); // a known guardian's contacts after this file
  const newGuardians: StudentPlan['newGuardians'] = [];
  const out: PreviewRow[] = [];
  const actions: StudentAction[] = [];

  for (const r of rows) {
    const { student, className, guardians, search } = r;
    const errors = [...r.errors];
    const name = [student.lastName, student.firstName, student.middleName].filter(Boolean).join(' ');
    const cls = className ? classes.get(classKey(className)) : undefined;
    if (className && !cls) errors.push(`класса «${className}» нет в учебном году ${year.name}`);
    const slots = new Set<string>();
    for (const g of guardians) {
      const k = guardianKey(g);
      if (slots.has(k)) errors.push(`представитель ${g.slot} повторяет представителя 1`);
      slots.add(k);
    }
    let existing: { id: number; gender: 'm' | 'f' | null } | undefined;
    if (errors.length === 0) {
      const key = `${search}|${student.birthDate}`;
      const first = seen.get(key);
      if (first !== undefined)
        errors.push(`повторяет строку ${first}: тот же ученик с той же датой рождения`);
      else seen.set(key, r.row);
      const found = students.get(key) ?? [];
      if (found.length > 1)
        errors.push('в журнале уже несколько учеников с такими ФИО и датой рождения: исправьте их карточки');
      if (found[0]) {
        const { search_name: _, ...row } = found[0];
        existing = row as typeof existing;
      }
    }
    const group = cls?.name ?? className;
    if (errors.length > 0) {
      out.push({ row: r.row, fate: 'error', name, group, details: errors });
      continue;
    }
    const klass = cls!;
    const details: string[] = [];
    const action: StudentAction = {
      row: r.row,
      studentId: existing?.id ?? null,
      student,
      search,
      before: existing ?? null,
      setGender: false,
      enrollIn: null,
      links: [],
      guardianContacts: [],
    };
    const current = existing ? db.all(enrollmentsInYear, { studentId: existing.id, yearId: year.id }) : [];
    const other = current.find((e) => e.class_id !== klass.id);
    if (other) {
      out.push({
        row: r.row,
        fate: 'error',
        name,
        group,
        details: [
          `ученик уже в классе ${other.name}: перевод в другой класс оформляется как движение учащегося, не загрузкой списка`,
        ],
      });
      continue;
    }
    if (!current.some((e) => e.class_id === klass.id)) {
      action.enrollIn = klass;
      if (existing) details.push(`зачисляется в ${klass.name} с ${formatDate(enrolledOn)}`);
    }
    if (existing && student.gender && student.gender !== existing.gender) {
      action.setGender = true;
      details.push(`пол: ${student.gender === 'm' ? 'мужской' : 'женский'}`);
    }
    const linked = existing ? db.all(linksOf, { studentId: existing.id }) : [];
    const links = new Map(linked.map((l) => [l.guardian_id, l.relation]));
    for (const g of guardians) {
      const who = `${fullName(g)} (${RELATION_WORDS[g.relation]})`;
      const key = guardianKey(g);
      // The student's own guardian of that name, whatever phone the file gives (a new number is an
      // update, not a second mother); otherwise anybody's guardian of that name and phone (a sibling's).
      const own = linked.find((l) => l.search_name === g.search);
      const known = own
        ? { id: own.guardian_id, phone: own.phone, email: own.email }
        : inJournal.get(key)?.[0];
      if (known) {
        const was = plannedContacts.get(known.id) ?? { phone: known.phone, email: known.email };
        const now = {
          phone: g.phone && phoneDigits(g.phone) !== phoneDigits(was.phone) ? g.phone : was.phone,
          email: g.email && g.email !== was.email ? g.email : was.email,
        };
        if (now.phone !== was.phone || now.email !== was.email) {
          action.guardianContacts.push({ guardianId: known.id, before: was, after: now });
          plannedContacts.set(known.id, now);
          if (now.phone !== was.phone) details.push(`телефон представителя ${fullName(g)}: ${now.phone}`);
          if (now.email !== was.email) details.push(`e-mail представителя ${fullName(g)}: ${now.email}`);
        }
        const relation = links.get(known.id);
        if (relation === undefined) {
          action.links.push({ guardian: { existing: known.id }, relation: g.relation, kind: 'add' });
          if (existing) details.push(`представитель: ${who}`);
        } else if (relation !== g.relation) {
          action.links.push({ guardian: { existing: known.id }, relation: g.relation, kind: 'relation' });
          details.push(`${fullName(g)} — ${RELATION_WORDS[g.relation]}`);
        }
        continue;
      }
      let index = planned.get(key);
      if (index === undefined) {
        index = newGuardians.push({ ...g, row: r.row }) - 1;
        planned.set(key, index);
        details.push(`новый представитель: ${who}`);
      } else details.push(`представитель: ${who}, как в строке ${newGuardians[index]!.row}`);
      action.links.push({ guardian: { planned: index }, relation: g.relation, kind: 'add' });
    }
    const fate = !existing ? 'new' : details.length > 0 ? 'updated' : 'unchanged';
    if (!existing) details.unshift(`новый ученик ${klass.name}`);
    out.push({ row: r.row, fate, name, group, details });
    if (fate !== 'unchanged') actions.push(action);
  }
  return { year: year.name, rows: out, actions, newGuardians, enrolledOn };
}

/** Writes the plan (inside the caller's write transaction), with its audit rows and change topics. */
export function applyStudents(ctx: CallContext, plan: StudentPlan): void {
  const { db } = ctx;
  const at = ctx.now.toISOString();
  const guardianIds: number[] = [];
  for (const g of plan.newGuardians) {
    const values = {
      last: g.lastName,
      first: g.firstName,
      middle: g.middleName,
      phone: g.phone,
      email: g.email,
      search: g.search,
    };
    const id = db.run(studentRows.guardian, values).lastId;
    guardianIds.push(id);
    ctx.audit({ entity: 'guardian', entityId: id, before: null, after: { id, ...values } });
  }
  for (const a of plan.actions) {
    const s = a.student;
    let studentId = a.studentId;
    if (studentId === null) {
      studentId = db.run(studentRows.student, {
        last: s.lastName,
        first: s.firstName,
        middle: s.middleName,
        birth: s.birthDate,
        gender: s.gender,
        search: a.search,
        at,
      }).lastId;
    } else if (a.setGender) db.run(setGender, { id: studentId, gender: s.gender });
    if (a.enrollIn) db.run(studentRows.listed, { classId: a.enrollIn.id, studentId, on: plan.enrolledOn });
    const guardians = a.links.map((l) => {
      const guardianId = 'existing' in l.guardian ? l.guardian.existing : guardianIds[l.guardian.planned]!;
      if (l.kind === 'add') db.run(studentRows.guardianLink, { studentId, guardianId, relation: l.relation });
      else db.run(setRelation, { studentId, guardianId, relation: l.relation });
      return { guardianId, relation: l.relation };
    });
    for (const c of a.guardianContacts) {
      db.run(setGuardianContacts, { id: c.guardianId, ...c.after });
      ctx.audit({ entity: 'guardian', entityId: c.guardianId, before: c.before, after: c.after });
    }
    // One row per student: the student, the class they were enrolled in and the guardians linked.
    ctx.audit({
      entity: 'student',
      entityId: studentId,
      before: a.before,
      after: {
        ...s,
        ...(a.enrollIn ? { classId: a.enrollIn.id, enrolledOn: plan.enrolledOn } : {}),
        ...(guardians.length > 0 ? { guardians } : {}),
        row: a.row,
      },
    });
    // A new student is news to their class's screens only (no family account can show them yet).
    if (a.studentId !== null) ctx.changed(topic.student(studentId));
    if (a.enrollIn) ctx.changed(topic.class(a.enrollIn.id));
  }
}
