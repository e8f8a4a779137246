import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../src/main/db/database';
import { openJournal } from '../src/main/db/migrate';
import type { Storage } from '../src/main/db/storage';
import { DEMO_PASSWORD, generateDemoSchool } from '../src/main/demo/generate';
import { features } from '../src/main/features';
import type { Door } from '../src/main/router/context';
import { createRouter, type Router } from '../src/main/router/router';
import { startDbWorker } from '../src/main/worker/client';
import { addPastYears } from './past-years';

/**
 * Opening a journal page and setting one mark: through the router (validation, session, policy,
 * transaction, audit) next to the same work in raw better-sqlite3 statements, interleaved so that the
 * machine's noise hits both alike; and a diary week in a school that keeps five years next to the
 * same school keeping one. The school: 2,000 students, five academic years of lessons (the current
 * one from the demo generator, four earlier ones copied from it). Every figure is measured in several
 * rounds and reported as the spread (min–max) of the rounds' medians and p95s, not as one number.
 */
/** The built worker (npm run build:main); its figures are skipped when it is not built. */
const WORKER = join(process.cwd(), 'dist', 'main', 'db-worker.mjs');
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const YEARS = Number(process.env.BENCH_YEARS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 300);
const MARK_RUNS = Number(process.env.BENCH_MARK_RUNS ?? 300);
const DIARY_RUNS = Number(process.env.BENCH_DIARY_RUNS ?? 300);
const WARMUP = 20;
/** BENCH_FIXED_ORDER=1: the router always first, as before 2026-12 (to show what the turns correct). */
const FIXED_ORDER = process.env.BENCH_FIXED_ORDER === '1';
/** The router's "today": the last day of the current year, so a page's default period is the IV quarter. */
const NOW = new Date('2027-05-26T10:00:00Z');

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** One round of one figure: the samples of both sides. */
interface Round {
  a: number[];
  b: number[];
}

const ms = (n: number) => n.toFixed(3);
const range = (values: number[], digits: (n: number) => string) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return digits(lo) === digits(hi) ? digits(lo) : `${digits(lo)}–${digits(hi)}`;
};
const ratio = (n: number) => n.toFixed(2);

/**
 * A table row: each column the spread over rounds of that round's median / p95 / ratio. The last
 * column is the median of the per-sample ratios: the two sides of a sample run back to back, so a
 * burst of load from other processes hits both, and this ratio is the steadiest on a shared machine.
 */
function row(what: string, mode: string, rounds: Round[]): string {
  const a = rounds.map((r) => stats(r.a));
  const b = rounds.map((r) => stats(r.b));
  const paired = rounds.map((r) => stats(r.a.map((x, i) => x / r.b[i]!)).median);
  const cols = [
    range(
      a.map((x) => x.median),
      ms,
    ),
    range(
      a.map((x) => x.p95),
      ms,
    ),
    range(
      b.map((x) => x.median),
      ms,
    ),
    range(
      b.map((x) => x.p95),
      ms,
    ),
    range(
      a.map((x, i) => x.median / b[i]!.median),
      ratio,
    ),
    range(
      a.map((x, i) => x.p95 / b[i]!.p95),
      ratio,
    ),
    range(paired, ratio),
  ];
  return `| ${what} | ${mode} | ${cols.join(' | ')} |`;
}

/**
 * Runs the sides of one sample in turn, each sample starting with the next side: whoever runs second
 * finds the rows the first just read in the CPU's and SQLite's caches (measured: a page read second is
 * ~30 % faster), so a fixed order would flatter one side. Returns each side's time, in the given order.
 */
async function interleaved(i: number, ...sides: (() => unknown)[]): Promise<number[]> {
  const times = new Array<number>(sides.length);
  for (let k = 0; k < sides.length; k++) {
    const side = FIXED_ORDER ? k : (i + k) % sides.length;
    const a = performance.now();
    const pending = sides[side]!();
    // Raw statements are synchronous: awaiting them would add a turn of the event loop to their time.
    if (pending instanceof Promise) await pending;
    times[side] = performance.now() - a;
  }
  return times;
}

async function login(router: Router, name: string, door: Door) {
  const r = await router.call('auth.login', { login: name, password: DEMO_PASSWORD }, { door });
  if (!r.ok) throw new Error(r.error.message);
  return { token: (r.value as { token: string }).token, door };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-'));
  const oneYear = join(dir, 'one-year.sqlite');
  const path = join(dir, 'bench.sqlite');
  const load0 = loadavg()[0]!;
  let t = performance.now();
  {
    const { db } = openJournal(oneYear, { storage: 'local' });
    const summary = await generateDemoSchool(db, {
      students: STUDENTS,
      seed: 1,
      today: '2027-05-27',
      // One year, copied into the past below (the demo's own last year would be in the way).
      previousYear: false,
    });
    const { accounts: _a, ...counts } = summary;
    console.log(
      `school: ${JSON.stringify(counts)} built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    db.close();
  }
  t = performance.now();
  copyFileSync(oneYear, path);
  {
    const db = new Database(path, { storage: 'local' });
    addPastYears(db.sqlite, YEARS);
    const n = (table: string) =>
      (db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    console.log(
      `${YEARS} years: ${n('lesson')} lessons, ${n('mark')} marks, ${n('absence')} absences, built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    db.close();
  }

  const rows: string[] = [];
  for (const storage of ['local', 'share'] as Storage[]) {
    t = performance.now();
    const { db } = openJournal(path, { storage });
    const mode = db.sqlite.pragma('journal_mode', { simple: true }) as string;
    const router = createRouter(db, features, { clock: () => NOW });
    const staff = await login(router, 'teacher', 'staff');
    const teacherId = (
      db.sqlite.prepare("SELECT id FROM user_account WHERE login = 'teacher'").get() as { id: number }
    ).id;
    const year = db.sqlite
      .prepare('SELECT id, starts_on, ends_on FROM academic_year ORDER BY starts_on DESC LIMIT 1')
      .get() as { id: number; starts_on: string; ends_on: string };
    // The teacher's whole-class pages of the current year (earlier years' periods are closed).
    const loads = db.sqlite
      .prepare(
        'SELECT id, class_id FROM teaching_load WHERE teacher_id = ? AND academic_year_id = ? AND group_id IS NULL',
      )
      .all(teacherId, year.id) as { id: number; class_id: number }[];
    const markCount = (
      db.sqlite
        .prepare(
          `SELECT count(*) AS n FROM mark m JOIN lesson s ON s.id = m.lesson_id WHERE s.load_id IN (${loads.map((l) => l.id).join(',')})`,
        )
        .get() as { n: number }
    ).n;
    // On a share the journal's connection is reopened under the writer lease for every write: the
    // bare statements keep a connection of their own there.
    const rawConnection = storage === 'share' ? new BetterSqlite3(path) : db.sqlite;
    rawConnection.pragma('busy_timeout = 5000');
    const raw = rawStatements(rawConnection);
    const tokenHash = createHash('sha256').update(staff.token).digest('hex');

    const page: Round[] = [];
    const mark: Round[] = [];
    const markChecked: Round[] = [];
    const cells = { min: Number.POSITIVE_INFINITY, max: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // Opening a whole-year page: lessons, students, marks and absences of one class-subject-year.
      if (storage === 'local') {
        const r: Round = { a: [], b: [] };
        for (let i = 0; i < PAGE_RUNS + WARMUP; i++) {
          const load = loads[i % loads.length]!;
          let answer: Awaited<ReturnType<Router['call']>> | undefined;
          const [viaRouter, viaRaw] = await interleaved(
            i,
            async () => {
              answer = await router.call('journal.page', { loadId: load.id, wholeYear: true }, staff);
            },
            () => raw.page(load.id, load.class_id, year.starts_on, year.ends_on),
          );
          if (!answer?.ok) throw new Error(answer?.error.message);
          if (i >= WARMUP) {
            r.a.push(viaRouter!);
            r.b.push(viaRaw!);
            const v = answer.value as { students: unknown[]; lessons: unknown[] };
            cells.min = Math.min(cells.min, v.students.length * v.lessons.length);
            cells.max = Math.max(cells.max, v.students.length * v.lessons.length);
          }
        }
        page.push(r);
      }

      // Setting one mark (an update of an existing mark) with its audit row, in one write transaction.
      const targets = db.sqlite
        .prepare(
          `SELECT m.id, m.lesson_id AS lessonId, m.student_id AS studentId, m.version, m.value FROM mark m JOIN lesson s ON s.id = m.lesson_id
           WHERE s.load_id IN (${loads.map((l) => l.id).join(',')}) ORDER BY m.id LIMIT ? OFFSET ?`,
        )
        // Fresh marks each round while the teacher's pages have enough, then again from the first
        // (their versions are read anew: a round never sends a stale one).
        .all(
          MARK_RUNS * 3 + 3 * WARMUP,
          (round * (MARK_RUNS * 3 + 3 * WARMUP)) % Math.max(1, markCount - (MARK_RUNS * 3 + 3 * WARMUP)),
        ) as {
        id: number;
        lessonId: number;
        studentId: number;
        version: number;
        value: string;
      }[];
      const viaRaw: Round = { a: [], b: [] };
      const viaChecked: Round = { a: [], b: [] };
      for (let i = 0; i < MARK_RUNS + WARMUP; i++) {
        const [x, y, z] = [targets[3 * i]!, targets[3 * i + 1]!, targets[3 * i + 2]!];
        const next = (v: string) => (v === '5' ? '4' : '5');
        let answer: Awaited<ReturnType<Router['call']>> | undefined;
        const [viaRouter, bare, checked] = await interleaved(
          i,
          async () => {
            answer = await router.call(
              'journal.setMark',
              {
                lessonId: x.lessonId,
                studentId: x.studentId,
                value: next(x.value),
                expectedVersion: x.version,
              },
              staff,
            );
          },
          () => raw.setMark(y.id, next(y.value), teacherId),
          () => raw.setMarkChecked(tokenHash, z.lessonId, z.studentId, next(z.value), z.version),
        );
        if (!answer?.ok) throw new Error(answer?.error.message);
        if (i >= WARMUP) {
          viaRaw.a.push(viaRouter!);
          viaRaw.b.push(bare!);
          viaChecked.a.push(viaRouter!);
          viaChecked.b.push(checked!);
        }
      }
      mark.push(viaRaw);
      markChecked.push(viaChecked);
    }
    if (storage === 'local')
      rows.push(row(`open a whole-year journal page (${cells.min}–${cells.max} cells)`, mode, page));
    rows.push(row('set one mark + audit row', mode, mark));
    rows.push(row('set one mark + audit row, raw doing the same checks', mode, markChecked));

    if (rawConnection !== db.sqlite) rawConnection.close();
    if (storage === 'local' && existsSync(WORKER)) {
      // How the application calls the router: through the database worker thread (one message each way).
      db.close();
      const worker = await startDbWorker(WORKER, { dbPath: path, createDemo: false });
      const raw2 = new Database(path, { storage });
      const rawAgain = rawStatements(raw2.sqlite);
      const wl = await worker.call(
        'auth.login',
        { login: 'teacher', password: DEMO_PASSWORD },
        { door: 'staff' },
      );
      if (!wl.ok) throw new Error(wl.error.message);
      const wmeta = { token: (wl.value as { token: string }).token, door: 'staff' as const };
      const viaWorker: Round[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const r: Round = { a: [], b: [] };
        for (let i = 0; i < PAGE_RUNS + WARMUP; i++) {
          const load = loads[i % loads.length]!;
          let answer: Awaited<ReturnType<typeof worker.callJson>> | undefined;
          const [viaThread, viaRaw] = await interleaved(
            i,
            async () => {
              // As the HTTP and IPC transports call it: the answer arrives as the JSON text they send.
              answer = await worker.callJson('journal.page', { loadId: load.id, wholeYear: true }, wmeta);
            },
            () => rawAgain.page(load.id, load.class_id, year.starts_on, year.ends_on),
          );
          if (!answer?.ok) throw new Error(answer?.json);
          if (i >= WARMUP) {
            r.a.push(viaThread!);
            r.b.push(viaRaw!);
          }
        }
        viaWorker.push(r);
      }
      rows.push(row('open a whole-year journal page through the worker thread (JSON text)', mode, viaWorker));
      await worker.close();
      raw2.close();
    } else {
      db.close();
    }
    console.log(`${storage}: measured in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  t = performance.now();
  const diaryRows = await diaryByYearsKept(oneYear, path);
  console.log(`diary: measured in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  rmSync(dir, { recursive: true, force: true });

  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`,
  );
  console.log(
    `School: ${STUDENTS} students, ${YEARS} academic years of lessons. ${ROUNDS} rounds; per round ${PAGE_RUNS} page opens and ${MARK_RUNS} mark updates per side, interleaved, after ${WARMUP} warm-up runs. Each cell: min–max over the rounds.\n`,
  );
  console.log(
    '| operation | journal mode | router median, ms | router p95, ms | raw median, ms | raw p95, ms | ratio (median) | ratio (p95) | ratio (paired, median) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    `\nThe diary's week (diary.week through the router, family door) and its marks query alone (raw), in the same school keeping 1 year and ${YEARS} years; ${DIARY_RUNS} weeks per round, interleaved.\n`,
  );
  console.log(
    `| operation | 1 year median, ms | 1 year p95, ms | ${YEARS} years median, ms | ${YEARS} years p95, ms | ratio ${YEARS}/1 (median) | ratio ${YEARS}/1 (p95) | ratio ${YEARS}/1 (paired, median) |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of diaryRows) console.log(r);
}

/**
 * diary.week for the same students and weeks in the one-year file and the five-year file. The
 * students are spread over all grades; the parent account is linked to them in both files (the family
 * door serves only one's own children).
 */
async function diaryByYearsKept(oneYear: string, fiveYears: string): Promise<string[]> {
  const files = [oneYear, fiveYears].map((p) => openJournal(p, { storage: 'local' }).db);
  const first = files[0]!.sqlite;
  const year = first
    .prepare('SELECT id, starts_on, ends_on FROM academic_year ORDER BY starts_on DESC LIMIT 1')
    .get() as {
    id: number;
    starts_on: string;
    ends_on: string;
  };
  const students = (
    first
      .prepare(
        `SELECT e.student_id AS id FROM class_enrollment e JOIN class c ON c.id = e.class_id
         WHERE c.academic_year_id = ? ORDER BY c.grade DESC, e.student_id`,
      )
      .all(year.id) as { id: number }[]
  )
    .filter((_, i) => i % 50 === 0)
    .map((s) => s.id);
  // Mondays of the weeks that have lessons with marks (before "today").
  const mondays: string[] = [];
  for (let d = new Date(`${year.starts_on}T00:00:00Z`); d < NOW; d = new Date(d.getTime() + 86_400_000)) {
    if (d.getUTCDay() === 1) mondays.push(d.toISOString().slice(0, 10));
  }
  const routers = [];
  const oldShape = [];
  const newShape = [];
  for (const db of files) {
    const link = db.sqlite.prepare(
      "INSERT OR IGNORE INTO student_guardian (student_id, guardian_id, relation) SELECT ?, guardian_id, 'other' FROM user_account WHERE login = 'roditel'",
    );
    for (const id of students) link.run(id);
    const router = createRouter(db, features, { clock: () => NOW });
    routers.push({ router, meta: await login(router, 'roditel', 'family') });
    // The marks query of diary.week before migration 0003 (by student_id, then each lesson's date) and now.
    oldShape.push(
      db.sqlite.prepare(
        `SELECT m.lesson_id, m.value, w.name, m.weight FROM mark m JOIN lesson s ON s.id = m.lesson_id JOIN work_type w ON w.id = m.work_type_id
         WHERE m.student_id = ? AND s.date >= ? AND s.date <= ? ORDER BY m.slot`,
      ),
    );
    newShape.push(
      db.sqlite.prepare(
        `SELECT m.lesson_id, m.value, w.name, m.weight FROM teaching_load l CROSS JOIN lesson s CROSS JOIN mark m JOIN work_type w ON w.id = m.work_type_id
         WHERE s.load_id = l.id AND l.class_id = ? AND s.date >= ? AND s.date <= ? AND m.lesson_id = s.id AND m.student_id = ? ORDER BY m.slot`,
      ),
    );
  }
  const classOf = first.prepare(
    'SELECT e.class_id AS id FROM class_enrollment e JOIN class c ON c.id = e.class_id WHERE e.student_id = ? AND c.academic_year_id = ?',
  );
  const week: Round[] = [];
  const before: Round[] = [];
  const after: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r: Round = { a: [], b: [] };
    const o: Round = { a: [], b: [] };
    const n: Round = { a: [], b: [] };
    for (let i = 0; i < DIARY_RUNS + WARMUP; i++) {
      const studentId = students[i % students.length]!;
      const weekOf = mondays[(i * 7 + round) % mondays.length]!;
      const to = new Date(new Date(`${weekOf}T00:00:00Z`).getTime() + 6 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const classId = (classOf.get(studentId, year.id) as { id: number }).id;
      const times = await interleaved(
        i,
        ...routers.map(({ router, meta }) => async () => {
          const answer = await router.call('diary.week', { studentId, weekOf }, meta);
          if (!answer.ok) throw new Error(answer.error.message);
        }),
      );
      const oldTimes = await interleaved(i, ...oldShape.map((q) => () => q.all(studentId, weekOf, to)));
      const newTimes = await interleaved(
        i,
        ...newShape.map((q) => () => q.all(classId, weekOf, to, studentId)),
      );
      if (i >= WARMUP) {
        r.a.push(times[0]!);
        r.b.push(times[1]!);
        o.a.push(oldTimes[0]!);
        o.b.push(oldTimes[1]!);
        n.a.push(newTimes[0]!);
        n.b.push(newTimes[1]!);
      }
    }
    week.push(r);
    before.push(o);
    after.push(n);
  }
  for (const db of files) db.close();
  // a = 1 year, b = the years kept; the ratio is b over a.
  const line = (what: string, rounds: Round[]) => {
    const one = rounds.map((r) => stats(r.a));
    const many = rounds.map((r) => stats(r.b));
    const cols = [
      range(
        one.map((x) => x.median),
        ms,
      ),
      range(
        one.map((x) => x.p95),
        ms,
      ),
      range(
        many.map((x) => x.median),
        ms,
      ),
      range(
        many.map((x) => x.p95),
        ms,
      ),
      range(
        many.map((x, i) => x.median / one[i]!.median),
        ratio,
      ),
      range(
        many.map((x, i) => x.p95 / one[i]!.p95),
        ratio,
      ),
      range(
        rounds.map((r) => stats(r.b.map((x, i) => x / r.a[i]!)).median),
        ratio,
      ),
    ];
    return `| ${what} | ${cols.join(' | ')} |`;
  };
  return [
    line(`diary.week, ${students.length} students of all grades, weeks of the whole year`, week),
    line('its marks query, shape before migration 0003 (by student_id, then each lesson’s date)', before),
    line(
      'its marks query, shape now (the class’s loads, their lessons of the week, the student’s mark)',
      after,
    ),
  ];
}

/** The same work as the router's, written directly against better-sqlite3 with prepared statements. */
function rawStatements(sqlite: BetterSqlite3.Database) {
  const lessons = sqlite.prepare(
    'SELECT id, date, number, topic, homework, version FROM lesson WHERE load_id = ? AND date BETWEEN ? AND ? ORDER BY date, number',
  );
  const students = sqlite.prepare(
    `SELECT DISTINCT s.id, s.last_name, s.first_name, s.middle_name FROM class_enrollment e JOIN student s ON s.id = e.student_id
     WHERE e.class_id = ? AND e.enrolled_on <= ? AND (e.left_on IS NULL OR e.left_on >= ?) ORDER BY s.last_name, s.first_name`,
  );
  const marks = sqlite.prepare(
    `SELECT m.id, m.lesson_id, m.student_id, m.value, m.work_type_id, m.weight, m.version FROM mark m JOIN lesson s ON s.id = m.lesson_id
     WHERE s.load_id = ? AND s.date BETWEEN ? AND ? AND m.slot = 1`,
  );
  const absences = sqlite.prepare(
    `SELECT a.id, a.lesson_id, a.student_id, a.code, a.version FROM absence a JOIN lesson s ON s.id = a.lesson_id
     WHERE s.load_id = ? AND s.date BETWEEN ? AND ?`,
  );
  // The reads the router makes for a mark: session, page owners, lesson, period, enrollment, settings,
  // current mark, work type — as raw statements, to tell the cost of the checks from the cost of the layers.
  const session = sqlite.prepare(
    `SELECT s.id, s.user_id, s.audience, s.expires_at, s.last_seen_at, s.ended_at, u.disabled_at, u.must_change_password, u.guardian_id, u.student_id,
     (SELECT group_concat(role) FROM user_role r WHERE r.user_id = u.id) AS roles FROM session s JOIN user_account u ON u.id = s.user_id WHERE s.token_hash = ?`,
  );
  const lesson = sqlite.prepare(
    `SELECT s.id, s.load_id, s.date, l.class_id, l.group_id, l.teacher_id, l.marking_mode, l.academic_year_id, c.grade, c.class_teacher_id
     FROM lesson s JOIN teaching_load l ON l.id = s.load_id JOIN class c ON c.id = l.class_id WHERE s.id = ?`,
  );
  const period = sqlite.prepare(
    'SELECT closed_at FROM period WHERE academic_year_id = ? AND grade_from <= ? AND grade_to >= ? AND starts_on <= ? AND ends_on >= ?',
  );
  const enrolled = sqlite.prepare(
    'SELECT id FROM class_enrollment WHERE class_id = ? AND student_id = ? AND enrolled_on <= ? AND (left_on IS NULL OR left_on >= ?)',
  );
  const setting = sqlite.prepare("SELECT value FROM setting WHERE key = 'marks.scale'");
  const current = sqlite.prepare(
    'SELECT id, value, work_type_id, weight, version FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1',
  );
  const workType = sqlite.prepare('SELECT id, weight, archived_at FROM work_type WHERE id = ?');
  const updateChecked = sqlite.prepare(
    'UPDATE mark SET value = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?',
  );
  const update = sqlite.prepare(
    'UPDATE mark SET value = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?',
  );
  const audit = sqlite.prepare(
    "INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) VALUES (?, ?, 'raw', 'mark', ?, ?, ?)",
  );
  // What the router adds to a write since sync.changes: the topics it changed (page and student).
  const change = sqlite.prepare('INSERT INTO data_change (topic, at) VALUES (?, ?)');
  return {
    setMarkChecked(tokenHash: string, lessonId: number, studentId: number, value: string, version: number) {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const who = session.get(tokenHash) as { user_id: number };
        const l = lesson.get(lessonId) as {
          load_id: number;
          date: string;
          class_id: number;
          academic_year_id: number;
          grade: number;
        };
        period.get(l.academic_year_id, l.grade, l.grade, l.date, l.date);
        enrolled.get(l.class_id, studentId, l.date, l.date);
        setting.get();
        const m = current.get(lessonId, studentId) as { id: number; work_type_id: number; version: number };
        workType.get(m.work_type_id);
        const at = new Date().toISOString();
        updateChecked.run(value, at, who.user_id, m.id, version);
        audit.run(at, who.user_id, m.id, JSON.stringify(m), JSON.stringify({ ...m, value }));
        change.run(`load:${l.load_id}`, at);
        change.run(`student:${studentId}`, at);
        sqlite.exec('COMMIT');
      } catch (e) {
        sqlite.exec('ROLLBACK');
        throw e;
      }
    },
    page(loadId: number, classId: number, from: string, to: string) {
      sqlite.exec('BEGIN');
      try {
        lessons.all(loadId, from, to);
        students.all(classId, to, from);
        marks.all(loadId, from, to);
        absences.all(loadId, from, to);
      } finally {
        sqlite.exec('COMMIT');
      }
    },
    setMark(id: number, value: string, userId: number) {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const at = new Date().toISOString();
        update.run(value, at, userId, id);
        audit.run(at, userId, id, '{}', JSON.stringify({ value }));
        sqlite.exec('COMMIT');
      } catch (e) {
        sqlite.exec('ROLLBACK');
        throw e;
      }
    },
  };
}

await main();
