import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Database } from '../src/main/db/database';
import { openJournal } from '../src/main/db/migrate';
import type { Storage } from '../src/main/db/storage';
import { DEMO_PASSWORD, generateDemoSchool } from '../src/main/demo/generate';
import { features } from '../src/main/features';
import { createRouter } from '../src/main/router/router';
import { startDbWorker } from '../src/main/worker/client';

/**
 * Opening a journal page and setting one mark: through the router (validation, session, policy,
 * transaction, audit) next to the same work in raw better-sqlite3 statements, interleaved in one run
 * so that the machine's noise hits both alike. The school: 2,000 students, one year of lessons.
 */
/** The built worker (npm run build:main); its figures are skipped when it is not built. */
const WORKER = join(process.cwd(), 'dist', 'main', 'db-worker.mjs');
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 400);
const MARK_RUNS = Number(process.env.BENCH_MARK_RUNS ?? 400);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

const ms = (n: number) => n.toFixed(3);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-'));
  const path = join(dir, 'bench.sqlite');
  let t = performance.now();
  {
    const { db } = openJournal(path, { storage: 'local' });
    const summary = generateDemoSchool(db, {
      students: STUDENTS,
      seed: 1,
      today: '2027-05-27',
      lessonsUntil: 'year',
    });
    const { accounts: _a, ...counts } = summary;
    console.log(
      `school: ${JSON.stringify(counts)} built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    db.close();
  }
  const rows: string[] = [];
  for (const storage of ['local', 'share'] as Storage[]) {
    t = performance.now();
    const { db } = openJournal(path, { storage });
    const mode = db.sqlite.pragma('journal_mode', { simple: true }) as string;
    // The router's "today" is the last day of the year, so the default page is the IV quarter.
    const router = createRouter(db, features, { clock: () => new Date('2027-05-26T10:00:00Z') });
    const login = await router.call(
      'auth.login',
      { login: 'teacher', password: DEMO_PASSWORD },
      { door: 'staff' },
    );
    if (!login.ok) throw new Error(login.error.message);
    const token = (login.value as { token: string }).token;
    const meta = { token, door: 'staff' as const };
    const teacherId = (
      db.sqlite.prepare("SELECT id FROM user_account WHERE login = 'teacher'").get() as { id: number }
    ).id;
    const loads = (
      db.sqlite
        .prepare('SELECT id, class_id, group_id FROM teaching_load WHERE teacher_id = ?')
        .all(teacherId) as {
        id: number;
        class_id: number;
        group_id: number | null;
      }[]
    ).filter((l) => l.group_id === null);
    const raw = rawStatements(db.sqlite);

    // Opening a whole-year page: lessons, students, marks and absences of one class-subject-year.
    const routerPage: number[] = [];
    const rawPage: number[] = [];
    let cells = 0;
    for (let i = 0; i < PAGE_RUNS + 20; i++) {
      const load = loads[i % loads.length]!;
      const year = db.sqlite.prepare('SELECT starts_on, ends_on FROM academic_year LIMIT 1').get() as {
        starts_on: string;
        ends_on: string;
      };
      const a = performance.now();
      const r = await router.call('journal.page', { loadId: load.id, wholeYear: true }, meta);
      const b = performance.now();
      raw.page(load.id, load.class_id, year.starts_on, year.ends_on);
      const c = performance.now();
      if (!r.ok) throw new Error(r.error.message);
      if (i >= 20) {
        routerPage.push(b - a);
        rawPage.push(c - b);
        const v = r.value as { students: unknown[]; lessons: unknown[] };
        cells = v.students.length * v.lessons.length;
      }
    }

    // Setting one mark (an update of an existing mark) with its audit row, in one write transaction.
    const targets = db.sqlite
      .prepare(
        `SELECT m.id, m.lesson_id AS lessonId, m.student_id AS studentId, m.version, m.value FROM mark m JOIN lesson s ON s.id = m.lesson_id
         WHERE s.load_id IN (${loads.map((l) => l.id).join(',')}) ORDER BY m.id LIMIT ?`,
      )
      .all(MARK_RUNS * 3 + 60) as {
      id: number;
      lessonId: number;
      studentId: number;
      version: number;
      value: string;
    }[];
    const routerMark: number[] = [];
    const rawMark: number[] = [];
    const checkedMark: number[] = [];
    const tokenHash = createHash('sha256').update(token).digest('hex');
    for (let i = 0; i < MARK_RUNS + 20; i++) {
      const viaRouter = targets[3 * i]!;
      const viaRaw = targets[3 * i + 1]!;
      const viaChecked = targets[3 * i + 2]!;
      const next = (v: string) => (v === '5' ? '4' : '5');
      const a = performance.now();
      const r = await router.call(
        'journal.setMark',
        {
          lessonId: viaRouter.lessonId,
          studentId: viaRouter.studentId,
          value: next(viaRouter.value),
          expectedVersion: viaRouter.version,
        },
        meta,
      );
      const b = performance.now();
      raw.setMark(viaRaw.id, next(viaRaw.value), teacherId);
      const c = performance.now();
      raw.setMarkChecked(
        tokenHash,
        viaChecked.lessonId,
        viaChecked.studentId,
        next(viaChecked.value),
        viaChecked.version,
      );
      const d = performance.now();
      if (!r.ok) throw new Error(r.error.message);
      if (i >= 20) {
        routerMark.push(b - a);
        rawMark.push(c - b);
        checkedMark.push(d - c);
      }
    }
    const line = (what: string, rt: number[], rw: number[]) => {
      const x = stats(rt);
      const y = stats(rw);
      return `| ${what} | ${mode} | ${ms(x.median)} | ${ms(x.p95)} | ${ms(y.median)} | ${ms(y.p95)} | ${(x.median / y.median).toFixed(2)} | ${(x.p95 / y.p95).toFixed(2)} |`;
    };
    if (storage === 'local')
      rows.push(line(`open a whole-year journal page (${cells} cells)`, routerPage, rawPage));
    rows.push(line('set one mark + audit row', routerMark, rawMark));
    rows.push(line('set one mark + audit row, raw doing the same checks', routerMark, checkedMark));

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
      const viaWorker: number[] = [];
      const rawPage2: number[] = [];
      for (let i = 0; i < PAGE_RUNS + 20; i++) {
        const load = loads[i % loads.length]!;
        const year = raw2.sqlite.prepare('SELECT starts_on, ends_on FROM academic_year LIMIT 1').get() as {
          starts_on: string;
          ends_on: string;
        };
        const a = performance.now();
        // As the HTTP and IPC transports call it: the answer arrives as the JSON text they send.
        const r = await worker.callJson('journal.page', { loadId: load.id, wholeYear: true }, wmeta);
        const b = performance.now();
        rawAgain.page(load.id, load.class_id, year.starts_on, year.ends_on);
        const c = performance.now();
        if (!r.ok) throw new Error(r.json);
        if (i >= 20) {
          viaWorker.push(b - a);
          rawPage2.push(c - b);
        }
      }
      rows.push(
        line('open a whole-year journal page through the worker thread (JSON text)', viaWorker, rawPage2),
      );
      await worker.close();
      raw2.close();
    } else {
      db.close();
    }
    console.log(`${storage}: measured in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  rmSync(dir, { recursive: true, force: true });

  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `School: ${STUDENTS} students, one academic year of lessons; ${PAGE_RUNS} page opens and ${MARK_RUNS} mark updates per side, interleaved.\n`,
  );
  console.log(
    '| operation | journal mode | router median, ms | router p95, ms | raw median, ms | raw p95, ms | ratio (median) | ratio (p95) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
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
    `SELECT s.id, s.date, l.class_id, l.group_id, l.teacher_id, l.marking_mode, l.academic_year_id, c.grade, c.class_teacher_id
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
  return {
    setMarkChecked(tokenHash: string, lessonId: number, studentId: number, value: string, version: number) {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const who = session.get(tokenHash) as { user_id: number };
        const l = lesson.get(lessonId) as {
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
