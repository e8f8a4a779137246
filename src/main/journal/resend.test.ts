import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, makeSchool, one, type School } from '../../../test/school';

/**
 * A save whose answer was lost (the host stopped mid-call, the connection dropped) is sent again with
 * the version the teacher saw. If the cell already holds exactly what was typed, that is a success —
 * not «somebody else changed it» — and nothing is written twice. A different value is still refused.
 */
let school: School;
let token: string;
let cell: { lessonId: number; studentId: number };

beforeEach(async () => {
  school = makeSchool();
  const fx = fixtures(school.db);
  token = await school.login('teacher');
  const lesson = fx.lessonOf(fx.ownLoad.id);
  const studentId = fx.studentOf(fx.ownLoad.id);
  school.db.sqlite
    .prepare('DELETE FROM mark WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, studentId);
  school.db.sqlite
    .prepare('DELETE FROM absence WHERE lesson_id = ? AND student_id = ?')
    .run(lesson.id, studentId);
  cell = { lessonId: lesson.id, studentId };
});
afterEach(() => school.close());

const audits = () => one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;

describe('a save sent again after its answer was lost', () => {
  it('a mark the cell already holds is answered as saved, written once', async () => {
    const first = await school.call('journal.setMark', { ...cell, value: '4', expectedVersion: null }, token);
    expect(first.ok).toBe(true);
    const before = audits();
    const again = await school.call('journal.setMark', { ...cell, value: '4', expectedVersion: null }, token);
    expect(again).toEqual(first);
    expect(audits()).toBe(before);
    // A different value with the old version is still somebody else's change.
    const other = await school.call('journal.setMark', { ...cell, value: '5', expectedVersion: null }, token);
    expect(other.ok ? 'ok' : other.error.code).toBe('CONFLICT');
  });

  it('an absence the cell already holds, and a cell already cleared, likewise', async () => {
    const first = await school.call(
      'journal.setAbsence',
      { ...cell, code: 'ill', expectedVersion: null },
      token,
    );
    expect(first.ok).toBe(true);
    const again = await school.call(
      'journal.setAbsence',
      { ...cell, code: 'ill', expectedVersion: null },
      token,
    );
    expect(again).toEqual(first);
    const version = first.ok ? (first.value as { version: number }).version : 0;
    const cleared = await school.call(
      'journal.clearCell',
      { ...cell, markVersion: null, absenceVersion: version },
      token,
    );
    expect(cleared.ok).toBe(true);
    const before = audits();
    const clearedAgain = await school.call(
      'journal.clearCell',
      { ...cell, markVersion: null, absenceVersion: version },
      token,
    );
    expect(clearedAgain.ok).toBe(true);
    expect(audits()).toBe(before);
  });
});
