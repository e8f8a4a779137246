import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../src/main/auth/passwords';
import { openJournal } from '../src/main/db/migrate';
import { features } from '../src/main/features';
import { createRouter } from '../src/main/router/router';
import { searchKey } from '../src/shared/i18n/names';
import { federalCalendar } from '../src/shared/school-year/calendar-defaults';
import { insertYear, inserts as q } from '../test/inserts';

/**
 * Generating a year of lessons from a timetable (issue 8): 80 classes (grades 2–11, eight of each),
 * each with a week of 30 lessons (5 days × 6) over ten subjects, saved by the deputy through the
 * router (`timetable.save` from the first day of the year: validation, session, policy, conflict
 * checks against every class saved before it, the calendar rule, the insert, audit) — next to the same
 * rows inserted by a bare better-sqlite3 prepared statement, one transaction per class as well. The two
 * alternate over ROUNDS rounds on the same file (lessons and versions deleted between them, untimed),
 * so the machine's noise hits both alike; the median round and the spread are printed. Goal: ≤ 2.
 */
const CLASSES = Number(process.env.BENCH_TT_CLASSES ?? 80);
const ROUNDS = Number(process.env.BENCH_TT_ROUNDS ?? 5);
const SUBJECTS = 10;
const PASSWORD = 'bench2026';

const tmp = mkdtempSync(join(tmpdir(), 'journal-tt-bench-'));
try {
  const { db } = openJournal(join(tmp, 'journal.sqlite'));
  const at = new Date().toISOString();
  const calendar = federalCalendar(2026);
  // "Today" inside the year, so that the year in progress is the one the screens pick.
  const now = new Date('2026-09-01T08:00:00Z');
  const classIds: number[] = [];
  db.bulk(() => {
    db.run(q.school, { name: 'Школа для замеров', shortName: 'Школа', at });
    const yearId = insertYear(db, calendar);
    const hash = hashPassword(PASSWORD);
    const user = (login: string, last: string, role: 'deputy' | 'teacher') => {
      const id = db.run(q.user, {
        login,
        hash,
        mustChange: 0,
        passwordChangedAt: null,
        last,
        first: 'Анна',
        middle: 'Ивановна',
        search: searchKey(last, 'Анна', 'Ивановна'),
        guardianId: null,
        studentId: null,
        at,
      }).lastId;
      db.run(q.role, { userId: id, role });
      return id;
    };
    user('zavuch', 'Завучева', 'deputy');
    const subjects = Array.from(
      { length: SUBJECTS },
      (_, i) =>
        db.run(q.subject, {
          name: `Предмет ${i + 1}`,
          shortName: `П${i + 1}`,
          search: `предмет ${i + 1}`,
          order: i,
        }).lastId,
    );
    for (let c = 0; c < CLASSES; c++) {
      const grade = 2 + (c % 10);
      const letter = 'АБВГДЕЖЗИК'[Math.floor(c / 10)] ?? String(c);
      const classId = db.run(q.class, { yearId, grade, letter, name: `${grade}${letter}` }).lastId;
      classIds.push(classId);
      // A teacher per page: no conflicts between classes, so every save generates its whole year.
      subjects.forEach((subjectId, i) => {
        const teacherId = user(`t${c}_${i}`, `Учитель${c}_${i}`, 'teacher');
        db.run(q.load, { yearId, classId, groupId: null, subjectId, teacherId, hours: 3, marking: 'points' });
      });
    }
  });
  let clock = now;
  const router = createRouter(db, features, { clock: () => clock });
  const login = await router.call('auth.login', { login: 'zavuch', password: PASSWORD }, { door: 'staff' });
  if (!login.ok) throw new Error(login.error.message);
  const token = (login.value as { token: string }).token;
  const week = (classId: number) => {
    const loads = db.sqlite
      .prepare('SELECT id FROM teaching_load WHERE class_id = ? ORDER BY id')
      .pluck()
      .all(classId) as number[];
    return Array.from({ length: 30 }, (_, i) => ({
      weekday: Math.floor(i / 6) + 1,
      number: (i % 6) + 1,
      loadId: loads[(i * 7) % loads.length]!,
    }));
  };
  const weeks = new Map(classIds.map((id) => [id, week(id)]));
  const reset = () => {
    db.sqlite.exec('DELETE FROM lesson; DELETE FROM timetable_slot; DELETE FROM timetable_version;');
  };

  async function viaRouter(): Promise<{ ms: number; lessons: number }> {
    reset();
    const started = performance.now();
    let lessons = 0;
    for (const classId of classIds) {
      clock = new Date(clock.getTime() + 1);
      const r = await router.call(
        'timetable.save',
        { classId, validFrom: calendar.startsOn, slots: weeks.get(classId)! },
        { token, door: 'staff' },
      );
      if (!r.ok) throw new Error(r.error.message);
      lessons += (r.value as { created: number }).created;
    }
    return { ms: performance.now() - started, lessons };
  }

  const rowsPerClass = () =>
    classIds.map(
      (classId) =>
        db.sqlite
          .prepare(
            `SELECT s.load_id AS loadId, s.date, s.number, s.teacher_id AS teacherId FROM lesson s
             JOIN teaching_load l ON l.id = s.load_id WHERE l.class_id = ? ORDER BY s.id`,
          )
          .all(classId) as { loadId: number; date: string; number: number; teacherId: number }[],
    );
  await viaRouter();
  const rows = rowsPerClass();
  const bare = db.sqlite.prepare(
    `INSERT INTO lesson (load_id, date, number, topic, homework, teacher_id, version, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, '', '', ?, 1, ?, ?, ?)`,
  );
  function viaBareLoop(): { ms: number; lessons: number } {
    reset();
    const started = performance.now();
    let lessons = 0;
    for (const list of rows) {
      db.sqlite.exec('BEGIN IMMEDIATE');
      for (const r of list) {
        bare.run(r.loadId, r.date, r.number, r.teacherId, at, at, r.teacherId);
        lessons++;
      }
      db.sqlite.exec('COMMIT');
    }
    return { ms: performance.now() - started, lessons };
  }

  const rounds: { router: number; bare: number; lessons: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const a = await viaRouter();
    const b = viaBareLoop();
    if (a.lessons !== b.lessons) throw new Error(`different row counts: ${a.lessons} vs ${b.lessons}`);
    rounds.push({ router: a.ms, bare: b.ms, lessons: a.lessons });
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const ratios = rounds.map((r) => r.router / r.bare);
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `\nTimetable → a year of lessons: ${CLASSES} classes, ${rounds[0]!.lessons} lessons, ${ROUNDS} rounds (Node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${loadavg()[0]!.toFixed(2)})`,
  );
  console.log(
    `  timetable.save via the router: median ${fmt(median(rounds.map((r) => r.router)))} (${fmt(Math.min(...rounds.map((r) => r.router)))}–${fmt(Math.max(...rounds.map((r) => r.router)))})`,
  );
  console.log(
    `  bare prepared INSERT loop:     median ${fmt(median(rounds.map((r) => r.bare)))} (${fmt(Math.min(...rounds.map((r) => r.bare)))}–${fmt(Math.max(...rounds.map((r) => r.bare)))})`,
  );
  console.log(
    `  ratio: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), goal ≤ 2`,
  );
  db.close();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
