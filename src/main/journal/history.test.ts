import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, queryPlan, type School, TODAY } from '../../../test/school';
import type { Input } from '../../shared/api/contract';
import type { CellHistory } from '../../shared/journal/history';
import type { JournalPage } from '../../shared/journal/schemas';
import { historyQueries } from './history';

/**
 * A cell's history (issue 9, «История клетки»): every change of its marks and absence from the audit
 * log, oldest first, with who made it — through the router, as the grid's side panel asks for it.
 */

let school: School;
let teacher: string;
let fx: ReturnType<typeof fixtures>;
beforeAll(async () => {
  school = makeSchool();
  teacher = await school.login('teacher');
  fx = fixtures(school.db);
});
afterAll(() => school.close());

async function page(): Promise<JournalPage> {
  const r = await school.call('journal.page', { loadId: fx.ownLoad.id, wholeYear: true }, teacher);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as JournalPage;
}

/** A lesson of the teacher's page before today and a student in it, the cell emptied by hand. */
async function emptyCell(nth: number, row = 3) {
  const p = await page();
  const lesson = p.lessons.filter((l) => l.date < TODAY && !l.cancelled).at(-nth)!;
  const student = p.students[row]!;
  for (const table of ['mark', 'absence'])
    school.db.sqlite
      .prepare(`DELETE FROM ${table} WHERE lesson_id = ? AND student_id = ?`)
      .run(lesson.id, student.id);
  return { lessonId: lesson.id, studentId: student.id };
}

async function ok<M extends Parameters<School['call']>[0]>(method: M, input: Input<M>, token = teacher) {
  const r = await school.call(method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as never;
}

async function history(ids: { lessonId: number; studentId: number }, token = teacher): Promise<CellHistory> {
  return ok('journal.cellHistory', ids, token);
}

const workType = (name: string) =>
  one<{ id: number }>(school.db, 'SELECT id FROM work_type WHERE name = ?', name).id;

/** Moves the journal's clock on a minute per change, so that the order by time is checkable too. */
let minute = 0;
const tick = () => school.setNow(new Date(Date.parse(`${TODAY}T10:00:00Z`) + ++minute * 60_000));

describe('journal.cellHistory', () => {
  it('tells a mark set, replaced, its work type and comment changed, deleted and restored, in order', async () => {
    const ids = await emptyCell(1);
    tick();
    const m1 = (await ok('journal.setMark', {
      ...ids,
      value: '4',
      workTypeId: workType('Ответ на уроке'),
      expectedVersion: null,
    })) as { version: number };
    tick();
    const m2 = (await ok('journal.setMark', { ...ids, value: '5', expectedVersion: m1.version })) as {
      version: number;
    };
    tick();
    const m3 = (await ok('journal.updateMark', {
      ...ids,
      slot: 1,
      workTypeId: workType('Контрольная работа'),
      comment: 'у доски',
      expectedVersion: m2.version,
    })) as { version: number };
    tick();
    await ok('journal.deleteMark', { ...ids, slot: 1, expectedVersion: m3.version });
    tick();
    await ok('journal.restoreCell', {
      ...ids,
      marks: [{ slot: 1, value: '5', workTypeId: workType('Контрольная работа'), comment: 'у доски' }],
      absence: null,
    });

    const h = await history(ids);
    expect(h.cell.map((e) => e.text)).toEqual([
      'поставлена 4 (ответ на уроке)',
      '4 заменена на 5',
      '5: вид работы «ответ на уроке» заменён на «контрольная работа», комментарий «у доски»',
      'удалена 5 (контрольная работа, «у доски»)',
      'восстановлена 5 (контрольная работа, «у доски») — отмена удаления',
    ]);
    expect(h.cell.every((e) => e.who === 'Воронцова Е. А.' && e.role === 'учитель' && e.recorded)).toBe(true);
    const times = h.cell.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(new Set(times).size).toBe(5);
  });

  it('tells an absence set, changed and lifted, and a second mark beside the first', async () => {
    const ids = await emptyCell(2);
    tick();
    const a1 = (await ok('journal.setAbsence', { ...ids, code: 'absent', expectedVersion: null })) as {
      version: number;
    };
    tick();
    const a2 = (await ok('journal.setAbsence', { ...ids, code: 'ill', expectedVersion: a1.version })) as {
      version: number;
    };
    tick();
    await ok('journal.clearCell', { ...ids, markVersion: null, absenceVersion: a2.version });
    tick();
    await ok('journal.setMark', { ...ids, value: '3', expectedVersion: null });
    tick();
    await ok('journal.setMark', { ...ids, slot: 2, value: '4', expectedVersion: null });
    const h = await history(ids);
    expect(h.cell.map((e) => `${e.kind}: ${e.text}`)).toEqual([
      'absence: Н — отсутствовал (без уважительной причины)',
      'absence: Н заменено на Б — отсутствовал по болезни',
      'absence: снят пропуск Б',
      'mark: поставлена 3 (работа на уроке)',
      'mark: поставлена 4 (работа на уроке)',
    ]);
  });

  it("shows only this cell: the neighbour's and the other lesson's changes stay out", async () => {
    const ids = await emptyCell(3, 4);
    const neighbour = await emptyCell(3, 5);
    const otherLesson = await emptyCell(4, 4);
    tick();
    await ok('journal.setMark', { ...neighbour, value: '2', expectedVersion: null });
    await ok('journal.setMark', { ...otherLesson, value: '3', expectedVersion: null });
    await ok('journal.setMark', { ...ids, value: '5', expectedVersion: null });
    expect((await history(ids)).cell.map((e) => e.text)).toEqual(['поставлена 5 (работа на уроке)']);
  });

  it('a mark entered before the log recorded the cell (the demo) shows with its author, marked so', async () => {
    const ids = await emptyCell(5);
    school.db.sqlite
      .prepare(
        `INSERT INTO mark (lesson_id, student_id, slot, value, work_type_id, weight, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, 1, '3', ?, 1, '2026-11-01T08:00:00.000Z', ?, '2026-11-01T08:00:00.000Z', ?)`,
      )
      .run(ids.lessonId, ids.studentId, workType('Диктант'), fx.teacherId, fx.teacherId);
    tick();
    await ok('journal.setMark', { ...ids, value: '4', expectedVersion: 1 });
    const h = await history(ids);
    expect(h.cell.map((e) => [e.text, e.recorded, e.at])).toEqual([
      ['поставлена 3 (диктант)', false, '2026-11-01T08:00:00.000Z'],
      ['3 заменена на 4', true, expect.any(String)],
    ]);
  });

  it('names the substitute who gave the lesson, and the deputy who set the замена', async () => {
    const ids = await emptyCell(7);
    const deputy = await school.login('zavuch');
    const kim = one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'kim.as'").id;
    tick();
    await ok('timetable.substitute', { lessonId: ids.lessonId, teacherId: kim }, deputy);
    tick();
    await ok(
      'journal.setMark',
      { ...ids, value: '5', workTypeId: workType('ВПР'), expectedVersion: null },
      await school.login('kim.as'),
    );
    const h = await history(ids);
    expect(h.cell).toMatchObject([
      { text: 'поставлена 5 (ВПР)', who: 'Ким А. С.', role: 'учитель на замене' },
    ]);
    expect(h.lesson.at(-1)).toMatchObject({
      text: 'замена: урок ведёт Ким А. С.',
      role: 'заместитель директора по УВР',
    });
  });

  it("tells the lesson's own changes: topic and homework", async () => {
    const ids = await emptyCell(6);
    const lesson = (await page()).lessons.find((l) => l.id === ids.lessonId)!;
    tick();
    await ok('journal.updateLesson', {
      lessonId: ids.lessonId,
      topic: 'Имя существительное',
      homework: 'Упр. 12',
      expectedVersion: lesson.version,
    });
    const h = await history(ids);
    expect(h.lesson.at(-1)).toMatchObject({
      text: 'тема «Имя существительное»; домашнее задание «Упр. 12»',
      who: 'Воронцова Е. А.',
      role: 'учитель',
    });
  });

  it('reads on read-only pages (class teacher, deputy) and is refused to a foreign teacher and a parent', async () => {
    const ids = await emptyCell(1);
    const deputy = await school.login('zavuch');
    expect((await history(ids, deputy)).cell.length).toBe(5);
    // The class teacher's class page taught by somebody else: readable, history too.
    const classIds = { lessonId: fx.lessonOf(fx.classLoad.id).id, studentId: fx.studentOf(fx.classLoad.id) };
    expect(await school.call('journal.cellHistory', classIds, await school.login('klassruk'))).toMatchObject({
      ok: true,
    });
    // The teacher's own cell, asked by a teacher of another page.
    const other = one<{ login: string }>(
      school.db,
      `SELECT u.login FROM user_account u JOIN user_role r ON r.user_id = u.id AND r.role = 'teacher'
       WHERE u.id <> ? AND u.id NOT IN (SELECT class_teacher_id FROM class WHERE class_teacher_id IS NOT NULL)
         AND u.id NOT IN (SELECT teacher_id FROM lesson WHERE id = ?) ORDER BY u.id LIMIT 1`,
      fx.teacherId,
      ids.lessonId,
    );
    const foreign = await school.call('journal.cellHistory', ids, await school.login(other.login));
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const parent = await school.call(
      'journal.cellHistory',
      ids,
      await school.login('roditel', 'family'),
      'family',
    );
    expect(parent.ok).toBe(false);
  });

  it("finds the cell's rows by writer and day through audit_log_user, never scanning the log", () => {
    const plan = queryPlan(school.db, historyQueries.cellRowsBy, { userId: 1, since: TODAY, pattern: '%' });
    expect(
      plan.filter((d) => d.startsWith('SCAN ')),
      plan.join('\n'),
    ).toEqual([]);
    expect(plan.join('\n')).toMatch(/SEARCH audit_log USING INDEX audit_log_user \(user_id=\? AND at>\?\)/);
    const entity = queryPlan(school.db, historyQueries.auditOfEntity, { entity: 'lesson', entityId: 1 });
    expect(entity.join('\n')).toMatch(
      /SEARCH audit_log USING INDEX audit_log_entity \(entity=\? AND entity_id=\?\)/,
    );
  });
});
