import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School, snapshot, TODAY } from '../../../test/school';
import type { JournalPage } from '../../shared/journal/schemas';

/**
 * Several marks in one cell (issue 9): a second mark, the sixth refused, a mark's work type and
 * comment, the lesson's work type for new marks, and the writes the grid's «Отменить» makes.
 */

let school: School;
let token: string;
let fx: ReturnType<typeof fixtures>;
beforeAll(async () => {
  school = makeSchool();
  token = await school.login('teacher');
  fx = fixtures(school.db);
});
afterAll(() => school.close());

async function page(): Promise<JournalPage> {
  const r = await school.call('journal.page', { loadId: fx.ownLoad.id, wholeYear: true }, token);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as JournalPage;
}

/** A lesson of the teacher's page before today and a student in it, with the cell emptied. */
async function emptyCell(nth = 1) {
  const p = await page();
  const lesson = p.lessons.filter((l) => l.date < TODAY && !l.cancelled).at(-nth)!;
  const student = p.students[2]!;
  school.db.sqlite
    .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, student.id);
  school.db.sqlite
    .prepare('DELETE FROM absence WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, student.id);
  return { lesson, ids: { lessonId: lesson.id, studentId: student.id } };
}

/** What the cell shows on the page: «4/3», in slot order. */
async function cellText(ids: { lessonId: number; studentId: number }): Promise<string> {
  const p = await page();
  return p.marks
    .filter((m) => m.lessonId === ids.lessonId && m.studentId === ids.studentId)
    .sort((a, b) => a.slot - b.slot)
    .map((m) => m.value)
    .join('/');
}

const workType = (name: string) =>
  one<{ id: number; weight: number }>(school.db, 'SELECT id, weight FROM work_type WHERE name = ?', name);

describe('several marks in one cell', () => {
  it('a second mark goes into the next slot beside the first, and the page shows «4/3»', async () => {
    const { ids } = await emptyCell();
    const first = await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    expect(first).toMatchObject({ ok: true, value: { slot: 1, value: '4', version: 1, comment: '' } });
    const second = await school.call(
      'journal.setMark',
      { ...ids, slot: 2, value: '3', expectedVersion: null },
      token,
    );
    expect(second).toMatchObject({ ok: true, value: { slot: 2, value: '3', version: 1 } });
    expect(await cellText(ids)).toBe('4/3');
    // Replacing the second leaves the first as it is.
    expect(
      await school.call('journal.setMark', { ...ids, slot: 2, value: '5', expectedVersion: 1 }, token),
    ).toMatchObject({ ok: true, value: { slot: 2, value: '5', version: 2 } });
    expect(await cellText(ids)).toBe('4/5');
    // Both written to the audit log as marks of their own.
    const audit = all<{ entity_id: number }>(
      school.db,
      "SELECT entity_id FROM audit_log WHERE entity = 'mark' AND action = 'journal.setMark' ORDER BY id DESC LIMIT 3",
    );
    expect(new Set(audit.map((a) => a.entity_id)).size).toBe(2);
  });

  it('two teachers adding into the same free slot: the later one is refused with what is there now', async () => {
    const { ids } = await emptyCell();
    await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    await school.call('journal.setMark', { ...ids, slot: 2, value: '5', expectedVersion: null }, token);
    const before = snapshot(school.db);
    const late = await school.call(
      'journal.setMark',
      { ...ids, slot: 2, value: '2', expectedVersion: null },
      token,
    );
    expect(late).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('сейчас стоит «4/5»') },
    });
    expect(snapshot(school.db)).toBe(before);
    // The same add sent again (its answer lost on the way) is a success, not a conflict.
    expect(
      await school.call('journal.setMark', { ...ids, slot: 2, value: '5', expectedVersion: null }, token),
    ).toMatchObject({ ok: true, value: { slot: 2, value: '5', version: 1 } });
  });

  it('refuses a sixth mark in Russian and leaves the five as they were', async () => {
    const { ids } = await emptyCell();
    for (const [slot, value] of [
      [1, '5'],
      [2, '4'],
      [3, '3'],
      [4, '4'],
      [5, '5'],
    ] as const)
      expect(
        (await school.call('journal.setMark', { ...ids, slot, value, expectedVersion: null }, token)).ok,
      ).toBe(true);
    const before = snapshot(school.db);
    const sixth = await school.call(
      'journal.setMark',
      { ...ids, slot: 6, value: '2', expectedVersion: null },
      token,
    );
    expect(sixth).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('не больше 5 отметок') },
    });
    expect(snapshot(school.db)).toBe(before);
    expect(await cellText(ids)).toBe('5/4/3/4/5');
  });

  it('deletes one mark of two; the other keeps its place; a stale delete is refused', async () => {
    const { ids } = await emptyCell();
    await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    await school.call('journal.setMark', { ...ids, slot: 2, value: '3', expectedVersion: null }, token);
    const before = snapshot(school.db);
    const stale = await school.call('journal.deleteMark', { ...ids, slot: 1, expectedVersion: 7 }, token);
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(snapshot(school.db)).toBe(before);
    expect(await school.call('journal.deleteMark', { ...ids, slot: 1, expectedVersion: 1 }, token)).toEqual({
      ok: true,
      value: {},
    });
    expect(await cellText(ids)).toBe('3');
    expect(
      (await page()).marks.find((m) => m.lessonId === ids.lessonId && m.studentId === ids.studentId),
    ).toMatchObject({ slot: 2, value: '3' });
    const audit = one<{ before: string; after: string | null }>(
      school.db,
      "SELECT before, after FROM audit_log WHERE action = 'journal.deleteMark' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(audit.before)).toMatchObject({ value: '4', slot: 1 });
    expect(audit.after).toBeNull();
  });

  it('Delete clears every mark the teacher saw; a mark added since makes it stale and nothing is deleted', async () => {
    const { ids } = await emptyCell();
    await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    await school.call('journal.setMark', { ...ids, slot: 2, value: '3', expectedVersion: null }, token);
    const before = snapshot(school.db);
    // A client that saw only the first mark (or a queued Delete from before) does not wipe the second.
    const old = await school.call(
      'journal.clearCell',
      { ...ids, markVersion: 1, absenceVersion: null },
      token,
    );
    expect(old).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('«4/3»') },
    });
    expect(snapshot(school.db)).toBe(before);
    const cleared = await school.call(
      'journal.clearCell',
      {
        ...ids,
        markVersion: 1,
        marks: [
          { slot: 1, version: 1 },
          { slot: 2, version: 1 },
        ],
        absenceVersion: null,
      },
      token,
    );
    expect(cleared).toEqual({ ok: true, value: {} });
    expect(await cellText(ids)).toBe('');
  });
});

describe('work types of marks and lessons', () => {
  it("a контрольная lesson gives its new marks its work type and weight; a mark's own type stays when replaced", async () => {
    const { ids, lesson } = await emptyCell();
    const control = workType('Контрольная работа');
    const r = await school.call(
      'journal.updateLesson',
      {
        lessonId: lesson.id,
        topic: lesson.topic,
        homework: lesson.homework,
        workTypeId: control.id,
        expectedVersion: lesson.version,
      },
      token,
    );
    expect(r).toMatchObject({ ok: true, value: { workTypeId: control.id } });
    expect((await page()).lessons.find((l) => l.id === lesson.id)?.workTypeId).toBe(control.id);
    const mark = await school.call('journal.setMark', { ...ids, value: '3', expectedVersion: null }, token);
    expect(mark).toMatchObject({ ok: true, value: { workTypeId: control.id, weight: control.weight } });
    // The teacher changes this one to an oral answer; correcting its value keeps that.
    const oral = workType('Ответ на уроке');
    expect(
      await school.call(
        'journal.updateMark',
        { ...ids, slot: 1, workTypeId: oral.id, comment: 'ответ у доски', expectedVersion: 1 },
        token,
      ),
    ).toMatchObject({
      ok: true,
      value: { workTypeId: oral.id, weight: oral.weight, comment: 'ответ у доски', version: 2 },
    });
    expect(
      await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: 2 }, token),
    ).toMatchObject({ ok: true, value: { workTypeId: oral.id, comment: 'ответ у доски', version: 3 } });
    const row = one<{ work_type_id: number; weight: number; comment: string }>(
      school.db,
      'SELECT work_type_id, weight, comment FROM mark WHERE lesson_id = ? AND student_id = ?',
      ids.lessonId,
      ids.studentId,
    );
    expect(row).toEqual({ work_type_id: oral.id, weight: oral.weight, comment: 'ответ у доски' });
    // The lesson back to the school's default.
    const now = (await page()).lessons.find((l) => l.id === lesson.id)!;
    expect(
      await school.call(
        'journal.updateLesson',
        {
          lessonId: lesson.id,
          topic: now.topic,
          homework: now.homework,
          workTypeId: null,
          expectedVersion: now.version,
        },
        token,
      ),
    ).toMatchObject({ ok: true, value: { workTypeId: null } });
  });

  it("a topic saved by a client that does not send the work type keeps the lesson's", async () => {
    const { lesson } = await emptyCell(2);
    const control = workType('Контрольная работа');
    const set = await school.call(
      'journal.updateLesson',
      {
        lessonId: lesson.id,
        topic: 'Диктант',
        homework: '',
        workTypeId: control.id,
        expectedVersion: lesson.version,
      },
      token,
    );
    if (!set.ok) throw new Error(set.error.message);
    const again = await school.call(
      'journal.updateLesson',
      {
        lessonId: lesson.id,
        topic: 'Контрольный диктант',
        homework: '',
        expectedVersion: (set.value as { version: number }).version,
      },
      token,
    );
    expect(again).toMatchObject({
      ok: true,
      value: { workTypeId: control.id, topic: 'Контрольный диктант' },
    });
  });

  it('refuses a work type that does not exist, a stale change and a too long comment, changing nothing', async () => {
    const { ids } = await emptyCell();
    await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    const before = snapshot(school.db);
    const oral = workType('Ответ на уроке');
    const cases = [
      [{ workTypeId: 9999, comment: '', expectedVersion: 1 }, 'Такого вида работы нет'],
      [
        { workTypeId: oral.id, comment: '', expectedVersion: 5 },
        'уже изменил другой пользователь (сейчас стоит «4»)',
      ],
      [
        { workTypeId: oral.id, comment: 'х'.repeat(201), expectedVersion: 1 },
        'Комментарий к отметке: не длиннее 200',
      ],
    ] as const;
    for (const [input, message] of cases) {
      const r = await school.call('journal.updateMark', { ...ids, slot: 1, ...input }, token);
      expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining(message) } });
    }
    // A slot with no mark: nothing to change.
    const empty = await school.call(
      'journal.updateMark',
      { ...ids, slot: 2, workTypeId: oral.id, comment: '', expectedVersion: 1 },
      token,
    );
    expect(empty).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(snapshot(school.db)).toBe(before);
  });
});

describe('the writes «Отменить» makes', () => {
  it('undoing an overwrite is a normal write with the version check: refused when somebody changed it since', async () => {
    const { ids } = await emptyCell();
    await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    // The teacher overwrites 4 with 2 …
    const over = await school.call('journal.setMark', { ...ids, value: '2', expectedVersion: 1 }, token);
    expect(over).toMatchObject({ ok: true, value: { version: 2 } });
    // … and undoes it: the previous value back, at the version the overwrite made.
    expect(
      await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: 2 }, token),
    ).toMatchObject({ ok: true, value: { value: '4', version: 3 } });
    // Overwritten again, then a colleague's change comes first: the undo is refused and says what is there.
    await school.call('journal.setMark', { ...ids, value: '3', expectedVersion: 3 }, token);
    await school.call('journal.setMark', { ...ids, value: '5', expectedVersion: 4 }, token);
    const before = snapshot(school.db);
    const undo = await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: 4 }, token);
    expect(undo).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('сейчас стоит «5»') },
    });
    expect(snapshot(school.db)).toBe(before);
  });

  it('restores a cleared cell in one audited write: marks with their work types and comments, and the absence', async () => {
    const { ids } = await emptyCell();
    const control = workType('Контрольная работа');
    await school.call('journal.setAbsence', { ...ids, code: 'late', expectedVersion: null }, token);
    await school.call(
      'journal.setMark',
      { ...ids, value: '4', workTypeId: control.id, comment: 'вариант 2', expectedVersion: null },
      token,
    );
    await school.call('journal.setMark', { ...ids, slot: 2, value: '5', expectedVersion: null }, token);
    const held = (await page()).marks.filter(
      (m) => m.lessonId === ids.lessonId && m.studentId === ids.studentId,
    );
    await school.call(
      'journal.clearCell',
      {
        ...ids,
        markVersion: 1,
        marks: held.map((m) => ({ slot: m.slot, version: m.version })),
        absenceVersion: 1,
      },
      token,
    );
    const auditBefore = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const restore = {
      ...ids,
      marks: held.map((m) => ({
        slot: m.slot,
        value: m.value,
        workTypeId: m.workTypeId,
        comment: m.comment,
      })),
      absence: 'late' as const,
    };
    const r = await school.call('journal.restoreCell', restore, token);
    expect(r).toMatchObject({ ok: true, value: { absence: { code: 'late' } } });
    expect(await cellText(ids)).toBe('4/5');
    const restored = (await page()).marks.find(
      (m) => m.lessonId === ids.lessonId && m.studentId === ids.studentId && m.slot === 1,
    );
    expect(restored).toMatchObject({ workTypeId: control.id, weight: control.weight, comment: 'вариант 2' });
    // Three rows back, three audit rows.
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n - auditBefore).toBe(3);
    // Sent again (the answer lost): a success, nothing doubled.
    expect((await school.call('journal.restoreCell', restore, token)).ok).toBe(true);
    expect(await cellText(ids)).toBe('4/5');
  });

  it('refuses to restore into a cell somebody filled since, and leaves nothing half-restored', async () => {
    const { ids } = await emptyCell();
    const oral = workType('Ответ на уроке');
    // The cell was cleared; a colleague put an absence in since.
    await school.call('journal.setAbsence', { ...ids, code: 'ill', expectedVersion: null }, token);
    const before = snapshot(school.db);
    const r = await school.call(
      'journal.restoreCell',
      { ...ids, marks: [{ slot: 1, value: '4', workTypeId: oral.id, comment: '' }], absence: null },
      token,
    );
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('«Б»') },
    });
    expect(snapshot(school.db)).toBe(before);
    // A mark the subject does not take refuses the whole restore: the valid mark before it is not kept.
    await school.call('journal.clearCell', { ...ids, markVersion: null, absenceVersion: 1 }, token);
    const empty = snapshot(school.db);
    const bad = await school.call(
      'journal.restoreCell',
      {
        ...ids,
        marks: [
          { slot: 1, value: '4', workTypeId: oral.id, comment: '' },
          { slot: 2, value: 'зач', workTypeId: oral.id, comment: '' },
        ],
        absence: null,
      },
      token,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(snapshot(school.db)).toBe(empty);
  });
});
