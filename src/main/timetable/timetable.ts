import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { addDays, formatDate, type IsoDate, localIsoDate } from '../../shared/i18n/dates';
import { initials } from '../../shared/i18n/names';
import { countOf } from '../../shared/i18n/plural';
import { timetableDay } from '../../shared/school-year/school-days';
import { topic } from '../../shared/sync/topics';
import type { KeptLesson, TimetableLoad, TimetableSlot } from '../../shared/timetable/contract';
import { type Database, prepared } from '../db/database';
import { insertLesson } from '../journal/rows';
import type { AuthedContext } from '../router/context';
import { type ClassRow, classRow } from '../school-year/class-row';
import { currentYear, daysPerWeek, outsideYear } from '../school-year/school';
import { schoolCalendar } from '../school-year/school-calendar';
import { assertNotArchived, collision, holdsSomething, lessonLabel, whenWeekly } from './lessons';

/** The weekly timetable of a class (versions valid from a date) and the lessons it generates. */

const loadsOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('subject as s', 's.id', 'l.subject_id')
    .innerJoin('user_account as t', 't.id', 'l.teacher_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .select([
      'l.id as loadId',
      's.name as subjectName',
      'l.group_id as groupId',
      'g.name as groupName',
      'g.subject_id as splitSubjectId',
      'l.teacher_id as teacherId',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
      'l.hours_per_week as hoursPerWeek',
    ])
    .where('l.class_id', '=', p.classId)
    .orderBy('s.sort_order')
    .orderBy('g.name'),
);

const versionsOfClass = prepared<{ classId: number }>()((db, p) =>
  db
    .selectFrom('timetable_version')
    .select(['id', 'valid_from as validFrom'])
    .where('class_id', '=', p.classId)
    .orderBy('valid_from'),
);

const slotsOfVersion = prepared<{ versionId: number }>()((db, p) =>
  db
    .selectFrom('timetable_slot')
    .select(['weekday', 'number', 'load_id as loadId'])
    .where('version_id', '=', p.versionId)
    .orderBy('weekday')
    .orderBy('number')
    .orderBy('load_id'),
);

/**
 * One teacher's cells in other classes' timetables of the year: what a new version may collide with.
 * Found from the teacher's loads (teaching_load_teacher_year, then timetable_slot_load), so a save
 * reads a few rows per teacher, not every cell of the school.
 */
const slotsOfTeacher = prepared<{ yearId: number; classId: number; teacherId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('timetable_slot as ts', 'ts.load_id', 'l.id')
    .innerJoin('timetable_version as v', 'v.id', 'ts.version_id')
    .innerJoin('class as c', 'c.id', 'v.class_id')
    .innerJoin('subject as s', 's.id', 'l.subject_id')
    .innerJoin('user_account as t', 't.id', 'l.teacher_id')
    .select([
      'v.id as versionId',
      'v.class_id as classId',
      'v.valid_from as validFrom',
      'c.name as className',
      'ts.weekday',
      'ts.number',
      's.name as subjectName',
      'l.teacher_id as teacherId',
      't.last_name as tLast',
      't.first_name as tFirst',
      't.middle_name as tMiddle',
    ])
    .where('l.teacher_id', '=', p.teacherId)
    .where('l.academic_year_id', '=', p.yearId)
    .where('v.class_id', '<>', p.classId),
);

const versionStartsOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('timetable_version')
    .select(['class_id as classId', 'valid_from as validFrom'])
    .where('academic_year_id', '=', p.yearId),
);

const classesOfYear = prepared<{ yearId: number }>()((db, p) =>
  db
    .selectFrom('class')
    .select(['id', 'name', 'grade'])
    .where('academic_year_id', '=', p.yearId)
    .orderBy('grade')
    .orderBy('letter'),
);

const activeTeachers = prepared()((db) =>
  db
    .selectFrom('user_account as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.last_name as lastName', 'u.first_name as firstName', 'u.middle_name as middleName'])
    .where('r.role', '=', 'teacher')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.search_name'),
);

type LoadInfo = ReturnType<typeof loadInfos>[number];
function loadInfos(db: Database, classId: number) {
  return db.all(loadsOfClass, { classId }).map((l) => ({
    ...l,
    teacherName: initials({ lastName: l.tLast, firstName: l.tFirst, middleName: l.tMiddle }),
  }));
}

function publicLoad(l: LoadInfo): TimetableLoad {
  return {
    loadId: l.loadId,
    subjectName: l.subjectName,
    groupId: l.groupId,
    groupName: l.groupName,
    teacherId: l.teacherId,
    teacherName: l.teacherName,
    hoursPerWeek: l.hoursPerWeek,
  };
}

/** The days of a class: grade 1 always has a five-day week (СП 2.4.3648-20). */
function classDays(db: Database, grade: number): 5 | 6 {
  return grade === 1 ? 5 : daysPerWeek(db);
}

/** Each version with the last day it is valid: the day before the next one, or the year's end. */
function withEnds(versions: { id: number; validFrom: IsoDate }[], yearEndsOn: IsoDate) {
  return versions.map((v, i) => ({
    ...v,
    validTo: versions[i + 1] ? addDays(versions[i + 1]!.validFrom, -1) : yearEndsOn,
  }));
}

export function overview(ctx: AuthedContext): Output<'timetable.overview'> {
  const { db } = ctx;
  const year = currentYear(db, localIsoDate(ctx.now));
  const teachers = db.all(activeTeachers).map((t) => ({ id: t.id, name: initials(t) }));
  if (!year) return { yearId: null, yearName: null, classes: [], teachers };
  return {
    yearId: year.id,
    yearName: year.name,
    classes: db.all(classesOfYear, { yearId: year.id }),
    teachers,
  };
}

export function classTimetable(
  ctx: AuthedContext,
  input: ParsedInput<'timetable.classTimetable'>,
): Output<'timetable.classTimetable'> {
  const { db } = ctx;
  const cls = classRow(db, input.classId);
  if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден', 'classId');
  const versions = withEnds(db.all(versionsOfClass, { classId: cls.id }), cls.yearEndsOn);
  const today = localIsoDate(ctx.now);
  const shown =
    input.versionId !== undefined
      ? versions.find((v) => v.id === input.versionId)
      : (versions.find((v) => v.validFrom <= today && v.validTo >= today) ?? versions.at(-1));
  if (input.versionId !== undefined && !shown)
    throw new ApiError('NOT_FOUND', 'Такой версии расписания у этого класса нет', 'versionId');
  return {
    classId: cls.id,
    className: cls.name,
    grade: cls.grade,
    yearStartsOn: cls.yearStartsOn,
    yearEndsOn: cls.yearEndsOn,
    daysPerWeek: classDays(db, cls.grade),
    versions,
    versionId: shown?.id ?? null,
    slots: shown ? db.all(slotsOfVersion, { versionId: shown.id }) : [],
    loads: loadInfos(db, cls.id).map(publicLoad),
  };
}

const WEEKDAY_NAMES = ['', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'];

/** Refuses slots that name another class's load, a day the class does not study, or collide inside the class. */
function checkOwnSlots(cls: ClassRow, days: number, loads: Map<number, LoadInfo>, slots: TimetableSlot[]) {
  const byCell = new Map<string, LoadInfo[]>();
  for (const s of slots) {
    const load = loads.get(s.loadId);
    if (!load)
      throw new ApiError('VALIDATION', `Нагрузка ${s.loadId} не относится к классу ${cls.name}`, 'slots');
    if (s.weekday > days)
      throw new ApiError(
        'VALIDATION',
        `${cls.name}: ${WEEKDAY_NAMES[s.weekday]} не учебный день (${days}-дневная неделя)`,
        'slots',
      );
    const key = `${s.weekday}/${s.number}`;
    const cell = byCell.get(key) ?? [];
    for (const other of cell) {
      const why = collision(
        { ...load, classId: cls.id, className: cls.name },
        { ...other, classId: cls.id, className: cls.name },
        whenWeekly(s.weekday, s.number),
      );
      if (why) throw new ApiError('CONFLICT', `Конфликт в расписании: ${why}`, 'slots');
    }
    cell.push(load);
    byCell.set(key, cell);
  }
}

/** Refuses a teacher who would be in another class at the same time while both versions are valid. */
function checkTeachers(
  db: Database,
  cls: ClassRow,
  range: { from: IsoDate; to: IsoDate },
  loads: Map<number, LoadInfo>,
  slots: TimetableSlot[],
) {
  // Where each other version ends, read only when a cell coincides.
  let starts: Map<number, IsoDate[]> | null = null;
  const startsOf = (classId: number) => {
    if (!starts) {
      starts = new Map();
      for (const v of db.all(versionStartsOfYear, { yearId: cls.yearId }))
        starts.set(v.classId, [...(starts.get(v.classId) ?? []), v.validFrom]);
    }
    return starts.get(classId) ?? [];
  };
  const ends = (classId: number, from: IsoDate) =>
    startsOf(classId)
      .filter((d) => d > from)
      .sort()
      .map((d) => addDays(d, -1))[0] ?? cls.yearEndsOn;
  const mine = new Map<string, { slot: TimetableSlot; load: LoadInfo }>();
  for (const s of slots) {
    const load = loads.get(s.loadId)!;
    mine.set(`${s.weekday}/${s.number}/${load.teacherId}`, { slot: s, load });
  }
  const problems: string[] = [];
  const teachers = new Set(slots.map((s) => loads.get(s.loadId)!.teacherId));
  const others = [...teachers].flatMap((teacherId) =>
    db.all(slotsOfTeacher, { yearId: cls.yearId, classId: cls.id, teacherId }),
  );
  for (const other of others) {
    const hit = mine.get(`${other.weekday}/${other.number}/${other.teacherId}`);
    if (!hit) continue;
    const otherTo = ends(other.classId, other.validFrom);
    if (other.validFrom > range.to || otherTo < range.from) continue;
    const teacher = initials({ lastName: other.tLast, firstName: other.tFirst, middleName: other.tMiddle });
    problems.push(
      `${teacher} ${whenWeekly(other.weekday, other.number)} ведёт ${lessonLabel(other.subjectName, null)} в ${other.className} (расписание ${other.className} с ${formatDate(other.validFrom)}) — в ${cls.name} у него/неё ${lessonLabel(hit.load.subjectName, hit.load.groupName)}`,
    );
    if (problems.length === 5) break;
  }
  if (problems.length > 0)
    throw new ApiError('CONFLICT', `Конфликт в расписании: ${problems.join('; ')}`, 'slots');
}

export function save(ctx: AuthedContext, input: ParsedInput<'timetable.save'>): Output<'timetable.save'> {
  const { db } = ctx;
  const cls = classRow(db, input.classId);
  if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден', 'classId');
  assertNotArchived({ yearName: cls.academicYear, archivedAt: cls.archivedAt });
  if (input.validFrom < cls.yearStartsOn || input.validFrom > cls.yearEndsOn)
    throw outsideYear(
      input.validFrom,
      { id: cls.yearId, name: cls.academicYear, starts_on: cls.yearStartsOn, ends_on: cls.yearEndsOn },
      'validFrom',
    );
  const loads = new Map(loadInfos(db, cls.id).map((l) => [l.loadId, l]));
  const unique = new Map(input.slots.map((s) => [`${s.weekday}/${s.number}/${s.loadId}`, s]));
  const slots = [...unique.values()].sort((a, b) => a.weekday - b.weekday || a.number - b.number);
  checkOwnSlots(cls, classDays(db, cls.grade), loads, slots);

  const versions = db.all(versionsOfClass, { classId: cls.id });
  const same = versions.find((v) => v.validFrom === input.validFrom);
  const next = versions.find((v) => v.validFrom > input.validFrom);
  const validTo = next ? addDays(next.validFrom, -1) : cls.yearEndsOn;
  checkTeachers(db, cls, { from: input.validFrom, to: validTo }, loads, slots);

  const at = ctx.now.toISOString();
  let versionId: number;
  let before: { validFrom: IsoDate; slots: TimetableSlot[] } | null = null;
  if (same) {
    versionId = same.id;
    before = { validFrom: same.validFrom, slots: db.all(slotsOfVersion, { versionId }) };
    db.run(db.builder.deleteFrom('timetable_slot').where('version_id', '=', versionId));
    db.run(
      db.builder
        .updateTable('timetable_version')
        .set({ created_at: at, created_by: ctx.actor.userId })
        .where('id', '=', versionId),
    );
  } else {
    versionId = db.run(
      db.builder.insertInto('timetable_version').values({
        academic_year_id: cls.yearId,
        class_id: cls.id,
        valid_from: input.validFrom,
        created_at: at,
        created_by: ctx.actor.userId,
      }),
    ).lastId;
  }
  for (const s of slots)
    db.run(
      db.builder
        .insertInto('timetable_slot')
        .values({ version_id: versionId, weekday: s.weekday, number: s.number, load_id: s.loadId }),
    );
  const result = generateLessons(db, {
    cls,
    loads,
    slots,
    from: input.validFrom,
    to: validTo,
    at,
  });
  ctx.audit({
    entity: 'timetable_version',
    entityId: versionId,
    before,
    after: {
      classId: cls.id,
      validFrom: input.validFrom,
      slots,
      created: result.created,
      removed: result.removed,
      kept: result.kept.length,
    },
  });
  ctx.changed(...[...loads.keys()].map(topic.load), topic.class(cls.id));
  return { versionId, validFrom: input.validFrom, validTo, ...result };
}

const keptOfClass = prepared<{ classId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('lesson as s')
    .innerJoin('teaching_load as l', 'l.id', 's.load_id')
    .innerJoin('subject as sub', 'sub.id', 'l.subject_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .select((eb) => [
      's.id as lessonId',
      's.load_id as loadId',
      's.date',
      's.number',
      'sub.name as subjectName',
      'g.name as groupName',
      's.topic',
      's.homework',
      's.cancelled_at as cancelledAt',
      's.moved_from_date as movedFrom',
      eb('s.teacher_id', '<>', eb.ref('l.teacher_id')).as('substituted'),
      eb
        .selectFrom('mark as m')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('m.lesson_id', '=', 's.id')
        .as('marks'),
      eb
        .selectFrom('absence as a')
        .select((a) => a.fn.countAll<number>().as('n'))
        .whereRef('a.lesson_id', '=', 's.id')
        .as('absences'),
    ])
    .where('l.class_id', '=', p.classId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to)
    .orderBy('s.date')
    .orderBy('s.number'),
);

function holdsText(k: {
  topic: string;
  homework: string;
  cancelledAt: string | null;
  movedFrom: string | null;
  substituted: unknown;
  marks: number | null;
  absences: number | null;
}): string {
  const parts: string[] = [];
  if (k.topic) parts.push('тема');
  if (k.homework) parts.push('задание');
  if (k.marks) parts.push(countOf(k.marks, 'отметка', 'отметки', 'отметок'));
  if (k.absences) parts.push(countOf(k.absences, 'пропуск', 'пропуска', 'пропусков'));
  if (k.cancelledAt) parts.push('отменён');
  if (k.movedFrom) parts.push('перенесён');
  if (k.substituted) parts.push('замена');
  return parts.join(', ');
}

/**
 * The lessons of one class from `from` to `to` made to follow `slots`: every lesson there that
 * holds nothing is deleted, then one lesson per slot per school day (timetableDay: holidays,
 * Sundays and transferred days off have none; a transferred school day follows its weekday) is
 * inserted with the load's teacher, unless a lesson that holds something is already in its place.
 * The kept lessons that the new timetable does not have are returned for the deputy to see.
 */
export function generateLessons(
  db: Database,
  plan: {
    cls: { id: number; grade: number; yearId: number };
    loads: Map<number, { teacherId: number }>;
    slots: readonly TimetableSlot[];
    from: IsoDate;
    to: IsoDate;
    at: string;
  },
): { created: number; removed: number; kept: KeptLesson[] } {
  const { cls, from, to } = plan;
  const removed = db.run(
    db.builder.deleteFrom('lesson').where('id', 'in', (eb) =>
      eb
        .selectFrom('lesson as s')
        .innerJoin('teaching_load as l', 'l.id', 's.load_id')
        .select('s.id')
        .where('l.class_id', '=', cls.id)
        .where('s.date', '>=', from)
        .where('s.date', '<=', to)
        .where((e) => e.not(holdsSomething(e))),
    ),
  ).changes;
  const kept = db.all(keptOfClass, { classId: cls.id, from, to });
  const taken = new Set(kept.map((k) => `${k.loadId}/${k.date}/${k.number}`));
  const planned = new Set<string>();
  const calendar = schoolCalendar(db, cls.yearId);
  const byDay = new Map<number, TimetableSlot[]>();
  for (const s of plan.slots) byDay.set(s.weekday, [...(byDay.get(s.weekday) ?? []), s]);
  let created = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const wd = timetableDay(calendar, cls.grade, date);
    if (wd === null) continue;
    for (const s of byDay.get(wd) ?? []) {
      const key = `${s.loadId}/${date}/${s.number}`;
      planned.add(key);
      if (taken.has(key)) continue;
      db.run(insertLesson, {
        loadId: s.loadId,
        date,
        number: s.number,
        topic: '',
        homework: '',
        teacherId: plan.loads.get(s.loadId)!.teacherId,
        at: plan.at,
      });
      created++;
    }
  }
  return {
    created,
    removed,
    kept: kept
      .filter((k) => !planned.has(`${k.loadId}/${k.date}/${k.number}`))
      .map((k) => ({
        lessonId: k.lessonId,
        date: k.date,
        number: k.number,
        subjectName: k.subjectName,
        groupName: k.groupName,
        holds: holdsText(k),
      })),
  };
}
