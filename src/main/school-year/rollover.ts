import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { topic } from '../../shared/sync/topics';
import type { AuthedContext } from '../router/context';
import { createYear } from './calendar';
import { assertYearOpen, findYear } from './school';
import { studentRows } from './student-rows';

/**
 * Перевод в следующий класс: next year's classes from this year's (5А → 6А, the class teacher
 * kept), each student who is still in a class carried to the new one from the new year's first day;
 * grade 11 and the 9th classes the deputy did not name as continuing graduate (their enrollment ends
 * on the last day of the year). The old year is then archived: readable, no longer writable.
 * Groups, loads and the timetable are the new year's own set-up; first grades come with the import.
 */
export function rollover(ctx: AuthedContext, input: ParsedInput<'year.rollover'>): Output<'year.rollover'> {
  const { db } = ctx;
  const from = findYear(db, input.fromYearId, 'fromYearId');
  assertYearOpen(db, from.id);
  const startYear = Number(from.starts_on.slice(0, 4)) + 1;
  let next = db.first(
    db.builder
      .selectFrom('academic_year')
      .select(['id', 'name', 'starts_on', 'ends_on', 'archived_at'])
      .where('starts_on', '>', from.ends_on)
      .orderBy('starts_on')
      .limit(1),
  );
  if (!next) next = findYear(db, createYear(db, startYear));
  const already = db.first(
    db.builder.selectFrom('class').select('name').where('academic_year_id', '=', next.id).limit(1),
  );
  if (already)
    throw new ApiError(
      'CONFLICT',
      `В учебном году ${next.name} уже есть классы (${already.name}): перевод уже выполнен или классы созданы вручную`,
      'fromYearId',
    );
  const classes = db.all(
    db.builder
      .selectFrom('class')
      .selectAll()
      .where('academic_year_id', '=', from.id)
      .orderBy('grade')
      .orderBy('letter'),
  );
  for (const id of input.continuing) {
    const c = classes.find((k) => k.id === id);
    if (c?.grade !== 9)
      throw new ApiError(
        'VALIDATION',
        'Продолжать обучение в 10 классе можно только 9 классам этого года',
        'continuing',
      );
  }
  let created = 0;
  let students = 0;
  let graduates = 0;
  for (const c of classes) {
    const enrolled = db.all(
      db.builder
        .selectFrom('class_enrollment')
        .select(['id', 'student_id'])
        .where('class_id', '=', c.id)
        .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>', from.ends_on)])),
    );
    // Everybody leaves this year's class on its last day; those who go on start the new class.
    db.run(
      db.builder
        .updateTable('class_enrollment')
        .set({ left_on: from.ends_on })
        .where('class_id', '=', c.id)
        .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>', from.ends_on)])),
    );
    const goesOn = c.grade < 9 || c.grade === 10 || (c.grade === 9 && input.continuing.includes(c.id));
    if (!goesOn) {
      graduates += enrolled.length;
      ctx.changed(topic.class(c.id));
      continue;
    }
    const grade = c.grade + 1;
    const newId = db.run(
      db.builder.insertInto('class').values({
        academic_year_id: next.id,
        grade,
        letter: c.letter,
        name: `${grade}${c.letter}`,
        class_teacher_id: c.class_teacher_id,
      }),
    ).lastId;
    created++;
    for (const e of enrolled) {
      db.run(studentRows.listed, { classId: newId, studentId: e.student_id, on: next.starts_on });
      students++;
    }
    ctx.changed(topic.class(c.id), topic.class(newId));
  }
  const archivedAt = ctx.now.toISOString();
  db.run(db.builder.updateTable('academic_year').set({ archived_at: archivedAt }).where('id', '=', from.id));
  const result = { classes: created, students, graduates };
  ctx.audit({
    entity: 'academic_year',
    entityId: from.id,
    before: { archived_at: null },
    after: { archived_at: archivedAt, nextYearId: next.id, continuing: input.continuing, ...result },
  });
  return {
    year: {
      id: next.id,
      name: next.name,
      startsOn: next.starts_on,
      endsOn: next.ends_on,
      archived: next.archived_at !== null,
    },
    ...result,
  };
}
