import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, NOW, one, type School, snapshot, TODAY } from '../../../test/school';
import { weightedAverage } from '../../shared/journal/grading';
import type { JournalPage } from '../../shared/journal/schemas';

/**
 * Retakes after an absence (001 §2.9), owed works (долг, «точка»), attendance taken and the minutes
 * of a late arrival (issue 9), through the router on the hand-made school ("today" is 20.11.2026).
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
// A test that moves the clock days ahead signs in again then (the session would be idle too long).
beforeEach(async () => {
  school.setNow(NOW);
  token = await school.login('teacher');
});

/** The clock moved to `iso`, with a session of that day. */
async function at(iso: string) {
  school.setNow(new Date(iso));
  token = await school.login('teacher');
}

async function page(): Promise<JournalPage> {
  const r = await school.call('journal.page', { loadId: fx.ownLoad.id, wholeYear: true }, token);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as JournalPage;
}

/** The kth cell of the teacher's page before today (each test its own), emptied. */
async function emptyCell(k: number) {
  const p = await page();
  const lesson = p.lessons.filter((l) => l.date < TODAY && !l.cancelled).at(-1 - (k % 4))!;
  const student = p.students[k % p.students.length]!;
  for (const table of ['mark', 'absence', 'owed_work'])
    school.db.sqlite
      .prepare(`DELETE FROM ${table} WHERE lesson_id = ? AND student_id = ?`)
      .run(lesson.id, student.id);
  return { lesson, ids: { lessonId: lesson.id, studentId: student.id } };
}

async function cell(ids: { lessonId: number; studentId: number }) {
  const p = await page();
  const here = <T extends { lessonId: number; studentId: number }>(xs: T[]) =>
    xs.filter((x) => x.lessonId === ids.lessonId && x.studentId === ids.studentId);
  return { marks: here(p.marks), absence: here(p.absences)[0], owed: here(p.owed)[0] };
}

const auditOf = (entity: string) =>
  all<{ action: string; before: string | null; after: string | null }>(
    school.db,
    'SELECT action, before, after FROM audit_log WHERE entity = ? ORDER BY id DESC',
    entity,
  );

function closePeriodOf(lessonId: number, date: string) {
  school.db.sqlite
    .prepare(
      `INSERT INTO period_closure (period_id, class_id, closed_at)
       SELECT p.id, c.id, '2026-11-20' FROM period p JOIN class c ON c.id = (SELECT class_id FROM teaching_load l JOIN lesson s ON s.load_id = l.id WHERE s.id = ?)
       WHERE p.starts_on <= ? AND p.ends_on >= ? AND c.grade BETWEEN p.grade_from AND p.grade_to`,
    )
    .run(lessonId, date, date);
}

describe('a retake after an absence', () => {
  it('a mark typed into a missed lesson is a retake dated today; the absence stays beside it', async () => {
    const { ids } = await emptyCell(3);
    await school.call('journal.setAbsence', { ...ids, code: 'ill', expectedVersion: null }, token);
    await at('2026-11-25T09:00:00Z');
    const r = await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    expect(r).toMatchObject({ ok: true, value: { value: '4', retakenOn: '2026-11-25' } });
    const now = await cell(ids);
    expect(now.absence?.code).toBe('ill');
    expect(now.marks).toMatchObject([{ value: '4', retakenOn: '2026-11-25' }]);
    // Corrected a week later, it is still the retake written on the 25th.
    await at('2026-12-02T09:00:00Z');
    const fixed = await school.call('journal.setMark', { ...ids, value: '5', expectedVersion: 1 }, token);
    expect(fixed).toMatchObject({ ok: true, value: { value: '5', retakenOn: '2026-11-25' } });
  });

  it('asked for explicitly («Пересдача») on a missed lesson it is the same retake', async () => {
    const { ids } = await emptyCell(4);
    await school.call('journal.setAbsence', { ...ids, code: 'absent', expectedVersion: null }, token);
    const r = await school.call(
      'journal.setMark',
      { ...ids, value: '3', retake: true, expectedVersion: null },
      token,
    );
    expect(r).toMatchObject({ ok: true, value: { retakenOn: TODAY } });
  });

  it('a retake on a lesson without an absence (or with a late arrival) is refused and changes nothing', async () => {
    const { ids } = await emptyCell(5);
    for (const code of [null, 'late'] as const) {
      if (code) await school.call('journal.setAbsence', { ...ids, code, expectedVersion: null }, token);
      const before = snapshot(school.db);
      const r = await school.call(
        'journal.setMark',
        { ...ids, value: '5', retake: true, expectedVersion: null },
        token,
      );
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', field: 'retake', message: expect.stringContaining('пропустил') },
      });
      expect(snapshot(school.db)).toBe(before);
    }
    // Without asking, a mark beside ОП is an ordinary mark: the late student was at the lesson.
    const plain = await school.call('journal.setMark', { ...ids, value: '5', expectedVersion: null }, token);
    expect(plain).toMatchObject({ ok: true, value: { retakenOn: null } });
  });

  it('a retake counts in the average like any mark, with its weight; the absence does not', async () => {
    const { ids } = await emptyCell(6);
    await school.call('journal.setAbsence', { ...ids, code: 'absent', expectedVersion: null }, token);
    await school.call('journal.setMark', { ...ids, value: '2', expectedVersion: null }, token);
    const { marks } = await cell(ids);
    expect(weightedAverage(marks)).toBe(2);
  });
});

describe('owed works (долг, «точка»)', () => {
  it('is set with a due date, moved, and taken off; each write audited, stale ones refused', async () => {
    const { ids } = await emptyCell(7);
    const set = await school.call(
      'journal.setOwed',
      { ...ids, dueOn: '2026-12-05', expectedVersion: null },
      token,
    );
    expect(set).toMatchObject({ ok: true, value: { dueOn: '2026-12-05', version: 1 } });
    expect((await cell(ids)).owed).toMatchObject({ dueOn: '2026-12-05' });
    // A second computer that saw no debt, or the first version, is refused with what is there now.
    const before = snapshot(school.db);
    const stale = await school.call(
      'journal.setOwed',
      { ...ids, dueOn: '2026-12-10', expectedVersion: null },
      token,
    );
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('сейчас срок — 05.12.2026') },
    });
    expect(snapshot(school.db)).toBe(before);
    const moved = await school.call(
      'journal.setOwed',
      { ...ids, dueOn: '2026-12-10', expectedVersion: 1 },
      token,
    );
    expect(moved).toMatchObject({ ok: true, value: { dueOn: '2026-12-10', version: 2 } });
    expect(await school.call('journal.clearOwed', { ...ids, expectedVersion: 1 }, token)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await school.call('journal.clearOwed', { ...ids, expectedVersion: 2 }, token)).toMatchObject({
      ok: true,
    });
    expect((await cell(ids)).owed).toBeUndefined();
    expect(auditOf('owed_work').map((a) => a.action)).toEqual([
      'journal.clearOwed',
      'journal.setOwed',
      'journal.setOwed',
    ]);
  });

  it('a mark put in the cell settles the debt in the same write; the absence stays', async () => {
    const { ids } = await emptyCell(8);
    await school.call('journal.setAbsence', { ...ids, code: 'ill', expectedVersion: null }, token);
    await school.call('journal.setOwed', { ...ids, dueOn: '2026-12-05', expectedVersion: null }, token);
    const r = await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    expect(r.ok).toBe(true);
    const now = await cell(ids);
    expect(now.owed).toBeUndefined();
    expect(now.absence?.code).toBe('ill');
    expect(now.marks).toMatchObject([{ value: '4', retakenOn: TODAY }]);
    expect(auditOf('owed_work')[0]).toMatchObject({ action: 'journal.setMark', after: null });
  });

  it('is refused on a marked cell, before the lesson, on a lesson to come and in a closed period', async () => {
    const { ids, lesson } = await emptyCell(9);
    await school.call('journal.setMark', { ...ids, value: '4', expectedVersion: null }, token);
    const refused = async (input: { lessonId: number; studentId: number; dueOn: string }, text: string) => {
      const before = snapshot(school.db);
      const r = await school.call('journal.setOwed', { ...input, expectedVersion: null }, token);
      expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining(text) } });
      expect(snapshot(school.db)).toBe(before);
    };
    await refused({ ...ids, dueOn: '2026-12-05' }, 'уже стоит отметка «4»');
    school.db.sqlite
      .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
      .run(ids.lessonId, ids.studentId);
    await refused({ ...ids, dueOn: '2026-01-05' }, 'раньше урока');
    const future = one<{ id: number }>(
      school.db,
      'SELECT id FROM lesson WHERE load_id = ? AND date > ? ORDER BY date LIMIT 1',
      fx.ownLoad.id,
      TODAY,
    );
    await refused({ lessonId: future.id, studentId: ids.studentId, dueOn: '2026-12-25' }, 'ещё не прошёл');
    closePeriodOf(lesson.id, lesson.date);
    await refused({ ...ids, dueOn: '2026-12-05' }, 'закрыт');
    school.db.sqlite.exec('DELETE FROM period_closure');
  });

  it('is never averaged: a cell owed, one absent, one excused and one marked average to the mark', async () => {
    const p = await page();
    const studentId = p.students.at(-1)!.id;
    school.db.sqlite.prepare('DELETE FROM mark WHERE student_id = ?').run(studentId);
    const lessons = p.lessons.filter((l) => l.date < TODAY && !l.cancelled).slice(-4);
    const [owed, absent, excused, marked] = lessons.map((l) => ({ lessonId: l.id, studentId }));
    for (const l of lessons)
      for (const table of ['absence', 'owed_work'])
        school.db.sqlite
          .prepare(`DELETE FROM ${table} WHERE lesson_id = ? AND student_id = ?`)
          .run(l.id, studentId);
    await school.call('journal.setOwed', { ...owed!, dueOn: '2026-12-05', expectedVersion: null }, token);
    await school.call('journal.setAbsence', { ...absent!, code: 'absent', expectedVersion: null }, token);
    await school.call('journal.setAbsence', { ...excused!, code: 'excused', expectedVersion: null }, token);
    await school.call('journal.setMark', { ...marked!, value: '5', expectedVersion: null }, token);
    const after = await page();
    expect(after.owed.filter((o) => o.studentId === studentId)).toHaveLength(1);
    const mine = after.marks.filter((m) => m.studentId === owed!.studentId);
    expect(mine).toHaveLength(1);
    expect(weightedAverage(mine)).toBe(5);
  });
});

describe('attendance taken', () => {
  it('is not taken until an absence is entered; then it is, by whom and when', async () => {
    const { ids, lesson } = await emptyCell(14);
    school.db.sqlite.prepare('UPDATE lesson SET attendance_taken_at = NULL WHERE id = ?').run(lesson.id);
    school.db.sqlite.prepare('DELETE FROM absence WHERE lesson_id = ?').run(lesson.id);
    expect((await page()).lessons.find((l) => l.id === lesson.id)?.attendanceTakenAt).toBeNull();
    await school.call('journal.setAbsence', { ...ids, code: 'absent', expectedVersion: null }, token);
    const taken = (await page()).lessons.find((l) => l.id === lesson.id)!;
    expect(taken.attendanceTakenAt).toBe(NOW.toISOString());
    // The lesson's version does not move: its dialog, open elsewhere, is not made stale.
    expect(taken.version).toBe(lesson.version);
  });

  it('«все присутствуют»: taken explicitly, once; a second call answers the first time', async () => {
    const { lesson } = await emptyCell(15);
    school.db.sqlite.prepare('UPDATE lesson SET attendance_taken_at = NULL WHERE id = ?').run(lesson.id);
    const r = await school.call('journal.markAttendanceTaken', { lessonId: lesson.id }, token);
    expect(r).toEqual({ ok: true, value: { lessonId: lesson.id, attendanceTakenAt: NOW.toISOString() } });
    school.setNow(new Date(NOW.getTime() + 3600_000));
    const again = await school.call('journal.markAttendanceTaken', { lessonId: lesson.id }, token);
    expect(again).toEqual(r);
    const audited = all(
      school.db,
      "SELECT action FROM audit_log WHERE entity = 'lesson_attendance' AND entity_id = ? AND action = 'journal.markAttendanceTaken'",
      lesson.id,
    );
    expect(audited).toEqual([{ action: 'journal.markAttendanceTaken' }]);
  });

  it('entered after the deadline, it is a late attendance entry; a lesson to come is refused', async () => {
    const { lesson } = await emptyCell(16);
    school.db.sqlite.prepare('UPDATE lesson SET attendance_taken_at = NULL WHERE id = ?').run(lesson.id);
    school.db.sqlite.prepare('DELETE FROM late_entry WHERE lesson_id = ?').run(lesson.id);
    await school.call('journal.markAttendanceTaken', { lessonId: lesson.id }, token);
    expect(all(school.db, 'SELECT kind FROM late_entry WHERE lesson_id = ?', lesson.id)).toEqual([
      { kind: 'attendance' },
    ]);
    const future = one<{ id: number }>(
      school.db,
      'SELECT id FROM lesson WHERE load_id = ? AND date > ? ORDER BY date LIMIT 1',
      fx.ownLoad.id,
      TODAY,
    );
    const before = snapshot(school.db);
    const r = await school.call('journal.markAttendanceTaken', { lessonId: future.id }, token);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('ещё не прошёл') } });
    expect(snapshot(school.db)).toBe(before);
  });
});

describe('late with minutes', () => {
  it('ОП takes 1–45 minutes, kept when ОП is typed again, dropped with another code', async () => {
    const { ids } = await emptyCell(17);
    const late = await school.call(
      'journal.setAbsence',
      { ...ids, code: 'late', minutesLate: 10, expectedVersion: null },
      token,
    );
    expect(late).toMatchObject({ ok: true, value: { code: 'late', minutesLate: 10, version: 1 } });
    // ОП typed again in the grid (no minutes): a resend, nothing changes.
    expect(
      await school.call('journal.setAbsence', { ...ids, code: 'late', expectedVersion: 1 }, token),
    ).toMatchObject({
      ok: true,
      value: { minutesLate: 10, version: 1 },
    });
    const changed = await school.call(
      'journal.setAbsence',
      { ...ids, code: 'late', minutesLate: 15, expectedVersion: 1 },
      token,
    );
    expect(changed).toMatchObject({ ok: true, value: { minutesLate: 15, version: 2 } });
    expect((await cell(ids)).absence).toMatchObject({ code: 'late', minutesLate: 15 });
    const ill = await school.call('journal.setAbsence', { ...ids, code: 'ill', expectedVersion: 2 }, token);
    expect(ill).toMatchObject({ ok: true, value: { code: 'ill', minutesLate: null } });
  });

  it('refuses minutes out of 1–45 or without ОП, in Russian, changing nothing', async () => {
    const { ids } = await emptyCell(18);
    for (const [code, minutesLate, text] of [
      ['late', 0, 'от 1 до 45'],
      ['late', 46, 'от 1 до 45'],
      ['late', 2.5, 'от 1 до 45'],
      ['absent', 10, 'только вместе с отметкой «ОП»'],
    ] as const) {
      const before = snapshot(school.db);
      const r = await school.call(
        'journal.setAbsence',
        { ...ids, code, minutesLate, expectedVersion: null },
        token,
      );
      expect(r, `${code} ${minutesLate}`).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringContaining(text) },
      });
      expect(snapshot(school.db)).toBe(before);
    }
  });
});
