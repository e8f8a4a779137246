import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import type { Output } from '../../shared/api/contract';
import { deadlineOf, isLate } from '../../shared/timeliness/rules';

/**
 * Timeliness on the hand-made school (test/fixtures.ts; "today" is Friday 20.11.2026, lessons exist
 * for four weeks around it): a topic or homework entered after the school's deadline flags its lesson
 * once, the flag stays when the entry is changed again, and the deputy's report counts by it.
 */
let school: School;
let teacher: string;
let deputy: string;
beforeEach(async () => {
  school = makeSchool();
  teacher = await school.login('teacher');
  deputy = await school.login('zavuch');
});
afterEach(() => school.close());

const flags = () =>
  all<{ lesson_id: number; kind: string }>(school.db, 'SELECT lesson_id, kind FROM late_entry ORDER BY kind');
const lessonOn = (loadId: number, cmp: '<' | '>') =>
  one<{ id: number; date: string; version: number; topic: string; homework: string }>(
    school.db,
    `SELECT id, date, version, topic, homework FROM lesson WHERE load_id = ? AND date ${cmp} ? ORDER BY date ${cmp === '<' ? 'DESC' : ''} LIMIT 1`,
    loadId,
    TODAY,
  );

async function writeLesson(lessonId: number, change: { topic?: string; homework?: string }) {
  const l = one<{ version: number; topic: string; homework: string }>(
    school.db,
    'SELECT version, topic, homework FROM lesson WHERE id = ?',
    lessonId,
  );
  const r = await school.call(
    'journal.updateLesson',
    {
      lessonId,
      expectedVersion: l.version,
      topic: change.topic ?? l.topic,
      homework: change.homework ?? l.homework,
    },
    teacher,
  );
  expect(r.ok, JSON.stringify(r)).toBe(true);
}

describe('the deadline rule', () => {
  it('is the lesson day by a time, or N days after it, in the school’s local time', () => {
    expect(deadlineOf('2026-11-18', { kind: 'same_day', time: '17:00' })).toBe('2026-11-18T17:00');
    expect(deadlineOf('2026-11-18', { kind: 'days', days: 3 })).toBe('2026-11-21T23:59');
    const local = (s: string) => new Date(s); // no zone: the process's local time
    expect(isLate('2026-11-18', local('2026-11-18T17:00'), { kind: 'same_day', time: '17:00' })).toBe(false);
    expect(isLate('2026-11-18', local('2026-11-18T17:01'), { kind: 'same_day', time: '17:00' })).toBe(true);
    expect(isLate('2026-11-18', local('2026-11-21T23:59'), { kind: 'days', days: 3 })).toBe(false);
    expect(isLate('2026-11-18', local('2026-11-22T00:00'), { kind: 'days', days: 3 })).toBe(true);
  });
});

describe('late entries', () => {
  it('a topic and homework written two days after the lesson flag it once each; the flag stays', async () => {
    const { ownLoad } = fixtures(school.db);
    // The default rule (the lesson's day by 17:00, 004 §4.5): two days later is late in any time zone.
    school.db.sqlite.prepare('DELETE FROM late_entry').run();
    const earlier = one<{ id: number }>(
      school.db,
      "SELECT id FROM lesson WHERE load_id = ? AND date <= date(?, '-2 day') ORDER BY date DESC LIMIT 1",
      ownLoad.id,
      TODAY,
    );
    await writeLesson(earlier.id, { topic: 'Имя существительное' });
    expect(flags()).toEqual([{ lesson_id: earlier.id, kind: 'topic' }]);
    const first = one<{ entered_at: string }>(school.db, 'SELECT entered_at FROM late_entry').entered_at;
    school.setNow(new Date(`${TODAY}T11:00:00Z`));
    await writeLesson(earlier.id, { topic: 'Имя существительное как часть речи', homework: 'упр. 12' });
    expect(flags()).toEqual([
      { lesson_id: earlier.id, kind: 'homework' },
      { lesson_id: earlier.id, kind: 'topic' },
    ]);
    expect(
      one<{ entered_at: string }>(school.db, "SELECT entered_at FROM late_entry WHERE kind = 'topic'")
        .entered_at,
    ).toBe(first);
    // Cleared again: the lesson was still filled late once.
    await writeLesson(earlier.id, { topic: '', homework: '' });
    expect(flags()).toHaveLength(2);
  });

  it('a mark or an absence entered after the deadline flags marks or attendance', async () => {
    const { ownLoad } = fixtures(school.db);
    school.db.sqlite.prepare('DELETE FROM late_entry').run();
    const earlier = one<{ id: number }>(
      school.db,
      "SELECT id FROM lesson WHERE load_id = ? AND date <= date(?, '-2 day') ORDER BY date DESC LIMIT 1",
      ownLoad.id,
      TODAY,
    );
    const students = all<{ id: number }>(
      school.db,
      `SELECT e.student_id AS id FROM class_enrollment e JOIN teaching_load l ON l.class_id = e.class_id
       WHERE l.id = ? AND e.student_id NOT IN (SELECT student_id FROM mark WHERE lesson_id = ?)
         AND e.student_id NOT IN (SELECT student_id FROM absence WHERE lesson_id = ?) ORDER BY e.student_id LIMIT 2`,
      ownLoad.id,
      earlier.id,
      earlier.id,
    );
    const mark = await school.call(
      'journal.setMark',
      { lessonId: earlier.id, studentId: students[0]!.id, value: '4', expectedVersion: null },
      teacher,
    );
    expect(mark.ok, JSON.stringify(mark)).toBe(true);
    expect(flags()).toEqual([{ lesson_id: earlier.id, kind: 'marks' }]);
    const absent = await school.call(
      'journal.setAbsence',
      { lessonId: earlier.id, studentId: students[1]!.id, code: 'ill', expectedVersion: null },
      teacher,
    );
    expect(absent.ok, JSON.stringify(absent)).toBe(true);
    expect(flags()).toEqual([
      { lesson_id: earlier.id, kind: 'attendance' },
      { lesson_id: earlier.id, kind: 'marks' },
    ]);
  });

  it('an entry in time, or for a lesson still to come, leaves no flag', async () => {
    const { ownLoad } = fixtures(school.db);
    const ok = await school.call('timeliness.saveRule', { kind: 'days', days: 3 }, deputy);
    expect(ok.ok).toBe(true);
    school.db.sqlite.prepare('DELETE FROM late_entry').run();
    const yesterday = lessonOn(ownLoad.id, '<');
    await writeLesson(yesterday.id, { topic: 'Повторение' });
    const future = lessonOn(ownLoad.id, '>');
    await writeLesson(future.id, { homework: 'прочитать § 5' });
    expect(flags()).toEqual([]);
  });
});

describe('the deputy’s report and rule', () => {
  it('counts, per teacher, the lessons past their deadline, the late ones and those without a topic', async () => {
    const { ownLoad, teacherId } = fixtures(school.db);
    school.db.sqlite.prepare('DELETE FROM late_entry').run();
    const late = one<{ id: number }>(
      school.db,
      "SELECT id FROM lesson WHERE load_id = ? AND date <= date(?, '-3 day') ORDER BY date DESC LIMIT 1",
      ownLoad.id,
      TODAY,
    );
    await writeLesson(late.id, { topic: 'Синтаксис' });
    const empty = one<{ id: number }>(
      school.db,
      'SELECT id FROM lesson WHERE load_id = ? AND date < ? AND id <> ? ORDER BY date DESC LIMIT 1',
      ownLoad.id,
      TODAY,
      late.id,
    );
    school.db.sqlite.prepare("UPDATE lesson SET topic = '' WHERE id = ?").run(empty.id);
    const r = await school.call(
      'timeliness.report',
      { from: '2026-11-01', to: '2026-11-30', teacherId },
      deputy,
    );
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const report = (r as { value: Output<'timeliness.report'> }).value;
    expect(report.rule).toBe('в день урока до 17:00');
    // Lessons whose deadline is still ahead are not omissions: the report stops before them.
    expect(report.to < '2026-11-30').toBe(true);
    const row = report.teachers.find((t) => t.teacherId === teacherId)!;
    expect(row.late).toBe(1);
    expect(row.missing).toBeGreaterThanOrEqual(1);
    const given = one<{ n: number }>(
      school.db,
      'SELECT count(*) AS n FROM lesson WHERE teacher_id = ? AND date BETWEEN ? AND ? AND cancelled_at IS NULL',
      teacherId,
      '2026-11-01',
      report.to,
    ).n;
    expect(row.lessons).toBe(given);
    expect(report.lessons.find((l) => l.lessonId === late.id)?.late.map((f) => f.kind)).toEqual(['topic']);
    expect(report.lessons.find((l) => l.lessonId === empty.id)?.missingTopic).toBe(true);
    expect(report.lessons.every((l) => l.date <= report.to)).toBe(true);
  });

  it('the deputy sets the rule; a bad one is refused in Russian and changes nothing', async () => {
    const before = all(school.db, 'SELECT * FROM setting ORDER BY key');
    const audits = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    for (const bad of [{ kind: 'days', days: 0 }, { kind: 'same_day', time: '25:00' }, { kind: 'weekly' }]) {
      const r = await school.call('timeliness.saveRule', bad as never, deputy);
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).toMatch(/[а-я]/);
    }
    expect(all(school.db, 'SELECT * FROM setting ORDER BY key')).toEqual(before);
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n).toBe(audits);
    const ok = await school.call('timeliness.saveRule', { kind: 'same_day', time: '18:30' }, deputy);
    expect(ok.ok).toBe(true);
    const read = await school.call('timeliness.rule', {}, teacher);
    expect(read).toMatchObject({ ok: true, value: { kind: 'same_day', time: '18:30' } });
    const audit = one<{ after: string }>(school.db, 'SELECT after FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(JSON.parse(audit.after)).toEqual({ 'journal.deadline': { kind: 'same_day', time: '18:30' } });
  });
});
