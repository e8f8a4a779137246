import { sql } from 'kysely';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { shortName } from '../../shared/i18n/names';
import { countOf } from '../../shared/i18n/plural';
import {
  EXEMPT,
  FINAL_KIND_TITLES,
  type FinalMarkKind,
  type FinalMarkValue,
  finalValueRefusal,
  finalValuesFor,
  meanSuggestion,
  NOT_ASSESSED,
  periodSuggestion,
} from '../../shared/periods/final-marks';
import type { FinalMark, LoadFinalMarks } from '../../shared/periods/schemas';
import { topic } from '../../shared/sync/topics';
import { type Database, prepared } from '../db/database';
import type { AuthedContext } from '../router/context';
import { inClassDuring } from '../school-year/enrollment';
import { assertPeriodOpen, gradingRules, markScale } from '../school-year/school';
import { canSetFinalMarks } from './access';

/**
 * A load's period, year, exam and final marks (final_mark, 002 §5.2): read with the suggestion beside
 * each, set by the load's teacher or the deputy under the rules of domain-defaults §4.4–4.5.
 */

/** The page (teaching load) the marks are on: its class, subject, group, year and marking mode. */
const loadById = prepared<{ loadId: number }>()((db, p) =>
  db
    .selectFrom('teaching_load as l')
    .innerJoin('class as c', 'c.id', 'l.class_id')
    .innerJoin('subject as s', 's.id', 'l.subject_id')
    .innerJoin('academic_year as y', 'y.id', 'l.academic_year_id')
    .leftJoin('class_group as g', 'g.id', 'l.group_id')
    .select([
      'l.id as loadId',
      'l.class_id as classId',
      'c.name as className',
      'c.grade',
      'l.subject_id as subjectId',
      's.name as subjectName',
      'l.group_id as groupId',
      'g.name as groupName',
      'l.teacher_id as teacherId',
      'l.marking_mode as markingMode',
      'l.academic_year_id as yearId',
      'y.starts_on as yearStartsOn',
      'y.ends_on as yearEndsOn',
      'y.archived_at as archivedAt',
    ])
    .where('l.id', '=', p.loadId),
);

type LoadRow = NonNullable<ReturnType<typeof loadRow>>;
function loadRow(db: Database, loadId: number) {
  return db.first(loadById, { loadId });
}

/** The school's minimum of current marks for a period mark (domain-defaults §4.5; the deputy's setting). */
export function minimumMarks(db: Database): number {
  return gradingRules(db).minMarks;
}

/** The periods of the load's grade, each closed or not for its class. */
const periodsOfLoad = prepared<{ yearId: number; grade: number; classId: number }>()((db, p) =>
  db
    .selectFrom('period as p')
    .leftJoin('period_closure as pc', (j) =>
      j.onRef('pc.period_id', '=', 'p.id').on('pc.class_id', '=', p.classId).on('pc.reopened_at', 'is', null),
    )
    .select(['p.id', 'p.name', 'p.starts_on as startsOn', 'p.ends_on as endsOn', 'pc.id as closingId'])
    .where('p.academic_year_id', '=', p.yearId)
    .where('p.grade_from', '<=', p.grade)
    .where('p.grade_to', '>=', p.grade)
    .orderBy('p.starts_on'),
);

/** Who is on the page at some day of from..to: in the class then, and in its group if it has one. */
const rosterOf = prepared<{ classId: number; groupId: number | null; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('class_enrollment as e')
    .innerJoin('student as s', 's.id', 'e.student_id')
    .select(['s.id', 's.last_name as lastName', 's.first_name as firstName', 's.middle_name as middleName'])
    .distinct()
    .where('e.class_id', '=', p.classId)
    .where((eb) => inClassDuring(eb, 'e', p.from, p.to))
    .where((eb) =>
      eb.or([
        eb(eb.val(p.groupId), 'is', null),
        eb.exists(
          eb
            .selectFrom('group_member as gm')
            .select('gm.student_id')
            .where('gm.group_id', '=', p.groupId)
            .whereRef('gm.student_id', '=', 's.id'),
        ),
      ]),
    ),
);

const currentMarksOf = prepared<{ loadId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('mark as m')
    .innerJoin('lesson as s', 's.id', 'm.lesson_id')
    .select(['m.student_id as studentId', 'm.value', 'm.weight', 's.date'])
    .where('s.load_id', '=', p.loadId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to),
);

const studentMarksIn = prepared<{ loadId: number; studentId: number; from: string; to: string }>()((db, p) =>
  db
    .selectFrom('mark as m')
    .innerJoin('lesson as s', 's.id', 'm.lesson_id')
    .select(['m.value', 'm.weight'])
    .where('s.load_id', '=', p.loadId)
    .where('m.student_id', '=', p.studentId)
    .where('s.date', '>=', p.from)
    .where('s.date', '<=', p.to),
);

const finalColumns = [
  'id',
  'student_id as studentId',
  'kind',
  'period_id as periodId',
  'value',
  'version',
  'updated_at as updatedAt',
] as const;

const finalMarksOf = prepared<{ yearId: number; subjectId: number }>()((db, p) =>
  db
    .selectFrom('final_mark')
    .select(finalColumns)
    .where('academic_year_id', '=', p.yearId)
    .where('subject_id', '=', p.subjectId),
);

type FinalMarkKey = {
  yearId: number;
  subjectId: number;
  studentId: number;
  kind: FinalMarkKind;
  periodId: number;
};

// The kind is written as a literal, not a parameter: only so can SQLite use the partial unique
// indexes (kind = 'period' / kind <> 'period'); with `kind = ?` it scans every final mark of the file.
const periodMarkAt = prepared<FinalMarkKey>()((db, p) =>
  db
    .selectFrom('final_mark')
    .select(finalColumns)
    .where('kind', '=', sql.lit('period'))
    .where('student_id', '=', p.studentId)
    .where('subject_id', '=', p.subjectId)
    .where('period_id', '=', p.periodId)
    .where('academic_year_id', '=', p.yearId),
);

const otherMarkAt = prepared<FinalMarkKey>()((db, p) =>
  db
    .selectFrom('final_mark')
    .select(finalColumns)
    .where('kind', '<>', sql.lit('period'))
    .where('student_id', '=', p.studentId)
    .where('subject_id', '=', p.subjectId)
    .where('academic_year_id', '=', p.yearId)
    .where('kind', '=', p.kind),
);

function finalMarkAt(db: Database, key: FinalMarkKey) {
  return key.kind === 'period' ? db.first(periodMarkAt, key) : db.first(otherMarkAt, key);
}

/** How a final mark is first written: shared with the demo generator, which writes a school's worth. */
export const insertFinalMark = prepared<{
  yearId: number;
  subjectId: number;
  studentId: number;
  kind: FinalMarkKind;
  periodId: number | null;
  value: FinalMarkValue;
  at: string;
  by: number;
}>()((db, p) =>
  db.insertInto('final_mark').values({
    academic_year_id: p.yearId,
    subject_id: p.subjectId,
    student_id: p.studentId,
    kind: p.kind,
    period_id: p.periodId,
    value: p.value,
    version: 1,
    updated_at: p.at,
    updated_by: p.by,
  }),
);

type PeriodRow = ReturnType<typeof periodsOf>[number];
function periodsOf(db: Database, load: LoadRow) {
  return db.all(periodsOfLoad, { yearId: load.yearId, grade: load.grade, classId: load.classId });
}

function toFinalMark(row: {
  id: number;
  studentId: number;
  kind: FinalMarkKind;
  periodId: number | null;
  value: string;
  version: number;
  updatedAt: string;
}): FinalMark {
  return { ...row, value: row.value as FinalMarkValue };
}

export function finalMarks(
  ctx: AuthedContext,
  input: ParsedInput<'periods.finalMarks'>,
): Output<'periods.finalMarks'> {
  const { db } = ctx;
  const load = loadRow(db, input.loadId);
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', 'loadId');
  const periods = periodsOf(db, load);
  const roster = db.all(rosterOf, {
    classId: load.classId,
    groupId: load.groupId,
    from: load.yearStartsOn,
    to: load.yearEndsOn,
  });
  const collator = new Intl.Collator('ru-RU');
  roster.sort(
    (a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName),
  );
  const onPage = new Set(roster.map((s) => s.id));
  const current = db.all(currentMarksOf, {
    loadId: load.loadId,
    from: load.yearStartsOn,
    to: load.yearEndsOn,
  });
  const marks = db
    .all(finalMarksOf, { yearId: load.yearId, subjectId: load.subjectId })
    .filter((m) => onPage.has(m.studentId))
    .map(toFinalMark);
  const archived = load.archivedAt !== null;
  const rules = gradingRules(db);
  const students: LoadFinalMarks['students'] = roster.map((s) => {
    const own = current.filter((m) => m.studentId === s.id);
    const finals = marks.filter((m) => m.studentId === s.id);
    const finalOf = (kind: FinalMarkKind) => finals.find((m) => m.kind === kind)?.value;
    const yearSuggested = meanSuggestion(
      finals.filter((m) => m.kind === 'period').map((m) => m.value),
      rules,
    );
    const year = finalOf('year');
    const exam = finalOf('exam');
    return {
      ...s,
      periods: periods.map((p) => {
        const inPeriod = own.filter((m) => m.date >= p.startsOn && m.date <= p.endsOn);
        return { periodId: p.id, count: inPeriod.length, ...periodSuggestion(inPeriod, rules) };
      }),
      yearSuggested,
      finalSuggested:
        year === undefined ? null : meanSuggestion(exam === undefined ? [year] : [year, exam], rules),
    };
  });
  return {
    load: {
      loadId: load.loadId,
      classId: load.classId,
      className: load.className,
      subjectName: load.subjectName,
      groupName: load.groupName,
      markingMode: load.markingMode,
      writable: !archived && load.markingMode !== 'none' && canSetFinalMarks(ctx.actor, load),
    },
    periods: periods.map((p) => ({
      id: p.id,
      name: p.name,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      closed: p.closingId !== null,
    })),
    yearClosed: periods.at(-1)?.closingId != null,
    minimumMarks: minimumMarks(db),
    values: finalValuesFor(load.markingMode, markScale(db)),
    students,
    marks,
  };
}

function describe(value: string | undefined): string {
  return value === undefined ? 'сейчас отметки нет' : `сейчас стоит «${value}»`;
}

export function setFinalMark(
  ctx: AuthedContext,
  input: ParsedInput<'periods.setFinalMark'>,
): Output<'periods.setFinalMark'> {
  const { db, actor } = ctx;
  const load = loadRow(db, input.loadId);
  if (!load) throw new ApiError('NOT_FOUND', 'Страница журнала не найдена', 'loadId');
  const what = FINAL_KIND_TITLES[input.kind];
  if (load.markingMode === 'none')
    throw new ApiError('VALIDATION', 'По этому предмету в этом классе отметки не ставятся', 'loadId');

  // Which period the mark belongs to: a period mark names one of the class's periods; the year's
  // marks belong to none and close with the last period of the year.
  const periods = periodsOf(db, load);
  let period: PeriodRow | undefined;
  if (input.kind === 'period') {
    period = periods.find((p) => p.id === input.periodId);
    if (!period) throw new ApiError('VALIDATION', 'Этот учебный период не относится к классу', 'periodId');
  } else if (input.periodId !== null) {
    throw new ApiError('VALIDATION', `У отметки «${what}» нет периода: оставьте период пустым`, 'periodId');
  }
  const range = period
    ? { from: period.startsOn, to: period.endsOn }
    : { from: load.yearStartsOn, to: load.yearEndsOn };
  const student = db
    .all(rosterOf, { classId: load.classId, groupId: load.groupId, ...range })
    .find((s) => s.id === input.studentId);
  if (!student)
    throw new ApiError(
      'VALIDATION',
      period
        ? `Ученик не числится на этой странице журнала в период «${period.name}»`
        : 'Ученик не числится на этой странице журнала в этом учебном году',
      'studentId',
    );
  const closing = period ?? periods.at(-1);
  if (closing) assertPeriodOpen(db, { periodId: closing.id, classId: load.classId });

  const key = {
    yearId: load.yearId,
    subjectId: load.subjectId,
    studentId: student.id,
    kind: input.kind,
    periodId: period?.id ?? 0,
  };
  const current = finalMarkAt(db, key);
  // Exactly this is there already: a resent save is a success, whatever version it saw.
  if ((current?.value ?? null) === input.value) return current ? toFinalMark(current) : null;
  if ((current?.version ?? null) !== input.expectedVersion) {
    throw new ApiError(
      'CONFLICT',
      `${shortName(student)}: ${what} уже изменена другим пользователем (${describe(current?.value)}). Проверьте и повторите.`,
    );
  }
  const at = ctx.now.toISOString();
  const before = current ? toFinalMark(current) : null;

  if (input.value === null) {
    db.run(db.builder.deleteFrom('final_mark').where('id', '=', current!.id));
    ctx.audit({ entity: 'final_mark', entityId: current!.id, before, after: null });
    ctx.changed(topic.load(load.loadId), topic.student(student.id));
    return null;
  }

  const refusal = finalValueRefusal(input.value, load.markingMode, markScale(db));
  if (refusal) throw new ApiError('VALIDATION', refusal, 'value');
  if (period && input.value !== NOT_ASSESSED && input.value !== EXEMPT) {
    const minimum = minimumMarks(db);
    const count = db.all(studentMarksIn, { loadId: load.loadId, studentId: student.id, ...range }).length;
    if (count < minimum) {
      throw new ApiError(
        'VALIDATION',
        `${shortName(student)}: за период «${period.name}» ${countOf(count, 'текущая отметка', 'текущие отметки', 'текущих отметок')}, а для отметки за период нужно не меньше ${minimum}. Поставьте «н/а» или сначала выставьте отметки`,
        'value',
      );
    }
  }

  let id: number;
  if (current) {
    db.run(
      db.builder
        .updateTable('final_mark')
        .set({ value: input.value, version: current.version + 1, updated_at: at, updated_by: actor.userId })
        .where('id', '=', current.id)
        .where('version', '=', current.version),
    );
    id = current.id;
  } else {
    id = db.run(insertFinalMark, {
      yearId: load.yearId,
      subjectId: load.subjectId,
      studentId: student.id,
      kind: input.kind,
      periodId: period?.id ?? null,
      value: input.value,
      at,
      by: actor.userId,
    }).lastId;
  }
  const saved = toFinalMark(finalMarkAt(db, key)!);
  ctx.audit({ entity: 'final_mark', entityId: id, before, after: saved });
  ctx.changed(topic.load(load.loadId), topic.student(student.id));
  return saved;
}
