import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { fixtures, one, type School } from '../../../test/school';
import type { MethodName } from '../../shared/api/contract';

/**
 * The year's set-up methods × every kind of user, written out by hand (as journal/access.test.ts
 * does for the journal). The deputy writes (000 §3.6); the director, the administrator and the
 * inspector read everything; teachers read the calendar and the curriculum; families nothing.
 */
const YEAR_METHODS = methodsOf('year');
type YearMethod = (typeof YEAR_METHODS)[number];

const STAFF: Actor[] = ['admin', 'director', 'deputy', 'inspector', 'teacher', 'classTeacher'];
const READERS: Actor[] = ['admin', 'director', 'deputy', 'inspector'];
const DEPUTY: Actor[] = ['deputy'];

const ALLOWED: Record<YearMethod, Actor[]> = {
  'year.years': STAFF,
  'year.calendar': STAFF,
  'year.curriculum': STAFF,
  'year.classes': READERS,
  'year.create': DEPUTY,
  'year.setPeriods': DEPUTY,
  'year.saveHoliday': DEPUTY,
  'year.deleteHoliday': DEPUTY,
  'year.saveChange': DEPUTY,
  'year.deleteChange': DEPUTY,
  'year.setDaysPerWeek': DEPUTY,
  'year.saveBells': DEPUTY,
  'year.setCurriculumItem': DEPUTY,
  'year.addSubject': DEPUTY,
  'year.saveClass': DEPUTY,
  'year.saveGroup': DEPUTY,
  'year.deleteGroup': DEPUTY,
  'year.saveLoad': DEPUTY,
  'year.deleteLoad': DEPUTY,
  'year.rollover': DEPUTY,
};

/** Rows of a second year (2027/2028) the writes aim at, so each allowed write has something to do. */
let y: {
  yearId: number;
  classId: number;
  holidayId: number;
  changeId: number;
  groupId: number;
  loadId: number;
  schedule: { id: number; bells: { number: number; startsAt: string; endsAt: string }[] };
  teacherId: number;
  subject: (name: string) => number;
};

async function setup(school: School, token: (actor: Actor) => string | null) {
  const deputy = token('deputy');
  const call = async (m: MethodName, input: unknown) => {
    const r = await school.call(m, input as never, deputy);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  const subject = (name: string) =>
    one<{ id: number }>(school.db, 'SELECT id FROM subject WHERE name = ?', name).id;
  const teacherId = fixtures(school.db).teacherId;
  const yearId = (await call('year.create', { startYear: 2027 })).id as number;
  const classId = (
    await call('year.saveClass', { yearId, classId: null, grade: 5, letter: 'А', classTeacherId: null })
  ).id as number;
  const other = (
    await call('year.saveClass', { yearId, classId: null, grade: 6, letter: 'А', classTeacherId: null })
  ).id as number;
  const groupId = (
    await call('year.saveGroup', {
      classId,
      subjectId: subject('Иностранный язык (английский)'),
      name: '1 группа',
    })
  ).id as number;
  const loadId = (
    await call('year.saveLoad', {
      loadId: null,
      classId: other,
      groupId: null,
      subjectId: subject('Математика'),
      teacherId,
      hoursPerWeek: 5,
    })
  ).id as number;
  await call('year.saveChange', {
    yearId,
    date: '2027-12-11',
    kind: 'school_day',
    followsWeekday: 1,
    reason: '',
  });
  const cal = (await call('year.calendar', { yearId })) as unknown as {
    holidays: { id: number }[];
    changes: { id: number }[];
    bellSchedules: {
      id: number;
      gradeFrom: number;
      bells: { number: number; startsAt: string; endsAt: string }[];
    }[];
  };
  y = {
    yearId,
    classId,
    holidayId: cal.holidays[0]!.id,
    changeId: cal.changes[0]!.id,
    groupId,
    loadId,
    schedule: cal.bellSchedules.find((s) => s.gradeFrom === 2)!,
    teacherId,
    subject,
  };
}

/** A valid input, so that only access can refuse it. */
function inputFor(method: YearMethod): Record<string, unknown> {
  const yearId = y.yearId;
  switch (method) {
    case 'year.years':
      return {};
    case 'year.create':
      return { startYear: 2030 };
    case 'year.setPeriods':
      return {
        yearId,
        kind: 'half_year',
        gradeFrom: 10,
        gradeTo: 11,
        periods: [
          { startsOn: '2027-09-01', endsOn: '2027-12-29' },
          { startsOn: '2028-01-10', endsOn: '2028-05-26' },
        ],
      };
    case 'year.saveHoliday':
      return {
        yearId,
        holidayId: null,
        name: 'День здоровья',
        gradeFrom: 1,
        gradeTo: 11,
        startsOn: '2027-10-01',
        endsOn: '2027-10-01',
      };
    case 'year.deleteHoliday':
      return { holidayId: y.holidayId };
    case 'year.saveChange':
      return { yearId, date: '2028-03-11', kind: 'school_day', followsWeekday: 5, reason: '' };
    case 'year.deleteChange':
      return { changeId: y.changeId };
    case 'year.setDaysPerWeek':
      return { yearId, daysPerWeek: 6 };
    case 'year.saveBells':
      return { scheduleId: y.schedule.id, bells: y.schedule.bells.slice(0, 6) };
    case 'year.setCurriculumItem':
      return {
        yearId,
        grade: 5,
        classId: null,
        subjectId: y.subject('Информатика'),
        hoursPerWeek: 1,
        marking: 'points',
      };
    case 'year.addSubject':
      return { name: 'Астрономия', shortName: 'Астр.' };
    case 'year.saveClass':
      return { yearId, classId: null, grade: 7, letter: 'Д', classTeacherId: y.teacherId };
    case 'year.saveGroup':
      return { classId: y.classId, subjectId: y.subject('Иностранный язык (английский)'), name: '2 группа' };
    case 'year.deleteGroup':
      return { groupId: y.groupId };
    case 'year.saveLoad':
      return {
        loadId: null,
        classId: y.classId,
        groupId: null,
        subjectId: y.subject('Русский язык'),
        teacherId: y.teacherId,
        hoursPerWeek: 5,
      };
    case 'year.deleteLoad':
      return { loadId: y.loadId };
    case 'year.rollover':
      return { fromYearId: yearId, continuing: [] };
    default:
      return { yearId };
  }
}

describe('school-year access matrix', () => {
  accessMatrix({
    // The rollover archives the year the other writes aim at: it runs last.
    methods: [...YEAR_METHODS.filter((m) => m !== 'year.rollover'), 'year.rollover' as const],
    allowed: ALLOWED,
    setup,
    inputFor,
  });
});
