import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../src/main/db/migrate';
import { generateDemoSchool } from '../src/main/demo/generate';
import { accessLogReport } from '../src/main/reports/access-log';
import { dynamicsReport } from '../src/main/reports/dynamics';
import { fillReport } from '../src/main/reports/fill';

/**
 * Issue 10, control reports: every report of the whole school the deputy may ask for, on the demo
 * generator's school of 2,000 students with a full year of lessons, marks, period marks and the audit
 * log its router writes (today: the last days of May):
 * - динамика среднего балла of every class and of every subject in every parallel;
 * - заполнение журнала for every month of the year (September to May);
 * - the access log of the whole year (who opened and who changed which page);
 * and, for comparison in the same run, the access log's changes read the way they were before
 * migration 0018 (straight from audit_log).
 * The builders run as reports.export will call them: (db, params) → Report, on one connection.
 *
 * BENCH_DB=<file>: measure on a copy of an existing demo school instead of building one.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TODAY = '2027-05-27';
const NOW = new Date(`${TODAY}T10:00:00Z`);
const MONTHS = [
  '2026-09',
  '2026-10',
  '2026-11',
  '2026-12',
  '2027-01',
  '2027-02',
  '2027-03',
  '2027-04',
  '2027-05',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-control-'));
  const path = join(dir, 'bench.sqlite');
  const load0 = loadavg()[0]!;
  const started = performance.now();
  if (process.env.BENCH_DB) copyFileSync(process.env.BENCH_DB, path);
  else {
    const { db } = openJournal(path, { storage: 'local' });
    await generateDemoSchool(db, { students: STUDENTS, seed: 1, today: TODAY });
    db.close();
  }
  const { db } = openJournal(path, { storage: 'local' });
  // The demo writes its year of marks and topics straight into the tables, leaving no audit rows for
  // them: one row per mark and per lesson given, as journal.setMark and journal.updateLesson would
  // leave, so that the access log reads a year's worth (on this copy only; the hash chain is not kept).
  const synthetic = db.sqlite
    .prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after)
       SELECT l.date || 'T10:00:00.000Z', l.teacher_id, 'journal.setMark', 'mark', m.id, NULL,
              json_object('lessonId', l.id, 'value', m.value)
       FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date <= ?
       UNION ALL
       SELECT l.date || 'T11:00:00.000Z', l.teacher_id, 'journal.updateLesson', 'lesson', l.id, NULL, NULL
       FROM lesson l WHERE l.date <= ? AND l.topic <> ''`,
    )
    .run(TODAY, TODAY).changes;
  console.log(`synthetic audit rows of journal writes: ${synthetic} (page_change kept by its trigger)`);
  // Nor does it open pages: each lesson's teacher opens its page on the lesson's day, and the deputy
  // every page on the first lesson day of each month, as journal.page would record (page_view, 0018).
  const views = db.sqlite
    .prepare(
      `INSERT OR IGNORE INTO page_view (load_id, user_id, day, first_at)
       SELECT load_id, teacher_id, date, date || 'T07:30:00.000Z' FROM lesson WHERE date <= ?
       UNION ALL
       SELECT l.load_id, r.user_id, min(l.date), min(l.date) || 'T12:00:00.000Z'
       FROM lesson l JOIN user_role r ON r.role = 'deputy' WHERE l.date <= ?
       GROUP BY l.load_id, r.user_id, substr(l.date, 1, 7)`,
    )
    .run(TODAY, TODAY).changes;
  console.log(`synthetic page views: ${views}`);
  const count = (sql: string) => (db.sqlite.prepare(sql).get() as { n: number }).n;
  const yearId = count('SELECT max(id) AS n FROM academic_year');
  console.log(
    `school: ${count('SELECT count(*) AS n FROM student')} students, ${count('SELECT count(*) AS n FROM class')} classes, ${count('SELECT count(*) AS n FROM lesson')} lessons, ${count("SELECT count(*) AS n FROM final_mark WHERE kind = 'period'")} period marks, ${count('SELECT count(*) AS n FROM audit_log')} audit rows; ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const classes = db.sqlite.prepare('SELECT id FROM class WHERE academic_year_id = ?').all(yearId) as {
    id: number;
  }[];
  const subjectsByGrade = db.sqlite
    .prepare(
      `SELECT DISTINCT t.subject_id AS subjectId, c.grade FROM teaching_load t JOIN class c ON c.id = t.class_id
       WHERE t.academic_year_id = ?`,
    )
    .all(yearId) as { subjectId: number; grade: number }[];
  const year = db.sqlite
    .prepare('SELECT starts_on AS f, ends_on AS t FROM academic_year WHERE id = ?')
    .get(yearId) as {
    f: string;
    t: string;
  };

  const parts = {
    dynamicsClasses: () => {
      for (const c of classes) dynamicsReport(db, { yearId, classId: c.id });
    },
    dynamicsSubjects: () => {
      for (const s of subjectsByGrade) dynamicsReport(db, { yearId, subjectId: s.subjectId, grade: s.grade });
    },
    fillMonths: () => {
      for (const month of MONTHS) fillReport(db, { month }, NOW);
    },
    accessLogYear: () => {
      accessLogReport(db, { from: year.f, to: year.t });
    },
  };
  // For comparison in the same run (not in the total): the access log's changes read as before
  // migration 0018 — per user over audit_log_user, each mark's lesson taken from its JSON.
  const writers = db.sqlite.prepare(
    'SELECT DISTINCT user_id FROM audit_log WHERE user_id IS NOT NULL AND at >= ? AND at < ?',
  );
  const changesOfUser = db.sqlite.prepare(
    `SELECT coalesce(l.load_id, CASE WHEN a.entity = 'topic_plan' THEN a.entity_id END) AS loadId, count(*), min(a.at), max(a.at)
     FROM audit_log a LEFT JOIN lesson l ON l.id = CASE
       WHEN a.entity IN ('mark', 'absence') THEN json_extract(coalesce(a.after, a.before), '$.lessonId')
       WHEN a.entity IN ('lesson', 'lesson_attendance') THEN a.entity_id END
     WHERE a.user_id = ? AND a.at >= ? AND a.at < ?
       AND a.entity IN ('mark', 'absence', 'lesson', 'lesson_attendance', 'topic_plan')
     GROUP BY loadId HAVING loadId IS NOT NULL`,
  );
  const until = `${year.t}T24`;
  const accessLogBefore = () => {
    for (const u of writers.pluck().all(year.f, until) as number[]) changesOfUser.all(u, year.f, until);
  };
  const before: number[] = [];
  const times: Record<keyof typeof parts | 'whole', number[]> = {
    dynamicsClasses: [],
    dynamicsSubjects: [],
    fillMonths: [],
    accessLogYear: [],
    whole: [],
  };
  // One warm-up round, then the measured ones.
  for (const run of Object.values(parts)) run();
  for (let round = 0; round < ROUNDS; round++) {
    let whole = 0;
    for (const [name, run] of Object.entries(parts) as [keyof typeof parts, () => void][]) {
      const t0 = performance.now();
      run();
      const t = performance.now() - t0;
      times[name].push(t);
      whole += t;
    }
    times.whole.push(whole);
    const t0 = performance.now();
    accessLogBefore();
    before.push(performance.now() - t0);
  }
  const rows = [
    [`Dynamics of every class (${classes.length} reports)`, times.dynamicsClasses],
    [
      `Dynamics of every subject in every parallel (${subjectsByGrade.length} reports)`,
      times.dynamicsSubjects,
    ],
    [`Fill report of every month (${MONTHS.length} reports)`, times.fillMonths],
    ['Access log of the whole year (1 report)', times.accessLogYear],
    ['All of them (the whole school)', times.whole],
    ["For comparison: the access log's changes read from audit_log as before 0018", before],
  ] as const;
  console.log('\n| Reports | median | min–max |\n|---|---|---|');
  for (const [label, xs] of rows)
    console.log(`| ${label} | ${ms(median(xs))} | ${ms(Math.min(...xs))}–${ms(Math.max(...xs))} |`);
  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end. ${ROUNDS} rounds after one warm-up.`,
  );
  const worst = Math.max(...times.whole);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (worst > 2000) {
    console.error(`The whole school took ${ms(worst)} in a round: over the 2 s budget`);
    process.exit(1);
  }
}

await main();
