// npm run torture -- --share <dir1> <dir2> | --local <dir>  [--writers 2] [--marks 300] [--runs 1]
//   [--kill-every <ms>] [--pace <ms>] [--students 150]
//
// N writer processes (writer.ts: the real router, journal.setMark) set marks on cells of their own in
// one journal file, reached through one or two folders (two mounts of one share act as two
// computers); in --local mode one writer is SIGKILLed every --kill-every ms (default 400) and
// restarted. Afterwards every cell is checked against what its writer was told: acknowledged but
// lost, refused but present, in doubt (killed mid-call), errors by code, INTERNAL, integrity_check.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { openJournal } from '../../src/main/db/migrate';
import { generateDemoSchool } from '../../src/main/demo/generate';

export interface TortureOptions {
  dirs: string[];
  writers: number;
  marks: number;
  killEveryMs: number;
  paceMs: number;
  students: number;
  /** Where the check reads the file (default: the first folder). */
  checkDir?: string;
  quiet?: boolean;
}

export interface TortureResult {
  attempts: number;
  acknowledged: number;
  lost: number;
  refusedButPresent: number;
  inDoubt: number;
  errors: Record<string, number>;
  internal: number;
  integrity: string;
  kills: number;
  seconds: number;
  sqliteCodes: Record<string, number>;
  crashes: number;
  /** Transactions re-run inside the database layer after a transient failure (share mode). */
  retries: number;
}

const TODAY = '2026-11-20';
const VALUES = ['2', '3', '4', '5'];
const here = fileURLToPath(new URL('.', import.meta.url));
const FILE = 'journal-torture.sqlite';

/** The demo school, built once per size on the local disk (building it on a share is slow). */
function template(students: number): string {
  const path = join(tmpdir(), `journal-torture-template-${students}.sqlite`);
  if (existsSync(path)) return path;
  const tmp = `${path}.${process.pid}.tmp`;
  const { db } = openJournal(tmp, { storage: 'local' });
  generateDemoSchool(db, { students, seed: 2026, today: TODAY, lessonsUntil: 'period' });
  db.sqlite.pragma('journal_mode = DELETE'); // one self-contained file to copy
  db.close();
  renameSync(tmp, path); // atomic: two first runs at once never see half a template
  return path;
}

interface Cell {
  lessonId: number;
  studentId: number;
  value: string;
}

/** Cells of the demo teacher's held lessons that have no mark yet, enough for every writer. */
function freeCells(path: string, count: number): Cell[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT ls.id AS lessonId, e.student_id AS studentId
         FROM teaching_load l JOIN user_account u ON u.id = l.teacher_id AND u.login = 'teacher'
         JOIN lesson ls ON ls.load_id = l.id AND ls.date <= ?
         JOIN class_enrollment e ON e.class_id = l.class_id AND e.enrolled_on <= ls.date
           AND (e.left_on IS NULL OR e.left_on > ls.date)
         WHERE l.marking_mode = 'points'
           AND (l.group_id IS NULL OR e.student_id IN (SELECT student_id FROM group_member WHERE group_id = l.group_id))
           AND NOT EXISTS (SELECT 1 FROM mark m WHERE m.lesson_id = ls.id AND m.student_id = e.student_id)
         ORDER BY ls.id, e.student_id LIMIT ?`,
      )
      .all(TODAY, count) as { lessonId: number; studentId: number }[];
    if (rows.length < count) throw new Error(`only ${rows.length} free cells; use more --students`);
    return rows.map((r, i) => ({ ...r, value: VALUES[i % VALUES.length] as string }));
  } finally {
    db.close();
  }
}

function removeJournal(dir: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(join(dir, FILE + suffix), { force: true });
  rmSync(join(dir, `${FILE}.lock`), { recursive: true, force: true });
}

export async function torture(o: TortureOptions): Promise<TortureResult> {
  const started = Date.now();
  const base = template(o.students);
  const first = o.dirs[0] as string;
  removeJournal(first);
  // Not copyFile: the FUSE share client answers EIO to copy_file_range.
  writeFileSync(join(first, FILE), readFileSync(base));
  const cells = freeCells(base, o.writers * o.marks);
  const work = mkdtempSync(join(tmpdir(), 'journal-torture-'));
  const jobs = Array.from({ length: o.writers }, (_, w) => {
    const job = {
      db: join(o.dirs[w % o.dirs.length] as string, FILE),
      cells: cells.slice(w * o.marks, (w + 1) * o.marks),
      log: join(work, `w${w}.log`),
      login: 'teacher',
      password: 'demo2026',
      now: `${TODAY}T10:00:00Z`,
      paceMs: o.paceMs,
    };
    const file = join(work, `w${w}.json`);
    writeFileSync(file, JSON.stringify(job));
    return { ...job, file, err: join(work, `w${w}.err`) };
  });

  let kills = 0;
  const running = new Map<number, ChildProcess>();
  const spawnedAt = new Map<number, number>(); // the log's size when each writer was (re)started
  const finished = (w: number) => {
    const log = jobs[w]?.log as string;
    return existsSync(log) && /(^|\n)end\n/.test(readFileSync(log, 'utf8'));
  };
  let crashes = 0;
  await new Promise<void>((resolveAll) => {
    const start = (w: number) => {
      const job = jobs[w] as (typeof jobs)[number];
      const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'writer.ts'), job.file], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr?.on('data', (d) => appendFileSync(job.err, d));
      running.set(w, child);
      spawnedAt.set(w, existsSync(job.log) ? statSync(job.log).size : 0);
      child.on('exit', (code, signal) => {
        running.delete(w);
        if (code === 2) crashes++;
        if (!finished(w) && (signal === 'SIGKILL' || code === 2) && crashes < 20) start(w);
        else if (running.size === 0) resolveAll();
      });
    };
    for (let w = 0; w < o.writers; w++) start(w);
    if (o.killEveryMs > 0) {
      const timer = setInterval(
        () => {
          const victim = running.get(0);
          if (!victim) return clearInterval(timer);
          // Only once it is past its start (module load, login) and writing: kill it mid-work.
          const log = jobs[0]?.log as string;
          if (!existsSync(log) || statSync(log).size <= (spawnedAt.get(0) ?? 0) + 8) return;
          victim.kill('SIGKILL');
          kills++;
        },
        o.killEveryMs + Math.floor(Math.random() * o.killEveryMs),
      );
    }
  });

  // The check: every cell against what its writer was told.
  const result: TortureResult = {
    attempts: 0,
    acknowledged: 0,
    lost: 0,
    refusedButPresent: 0,
    inDoubt: 0,
    errors: {},
    internal: 0,
    integrity: '',
    kills,
    seconds: 0,
    sqliteCodes: {},
    crashes,
    retries: 0,
  };
  const db = new BetterSqlite3(join(o.checkDir ?? first, FILE), { readonly: true, fileMustExist: true });
  try {
    try {
      result.integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
        .map((r) => r.integrity_check)
        .slice(0, 3)
        .join('; ');
    } catch (e) {
      result.integrity = `check failed: ${(e as Error).message}`;
    }
    const markAt = db.prepare('SELECT value FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1');
    for (const job of jobs) {
      const outcome = new Map<number, string>();
      const lines = existsSync(job.log) ? readFileSync(job.log, 'utf8').split('\n') : [];
      for (const line of lines) {
        const [kind, i, code] = line.split(' ');
        if (kind === 'try') outcome.set(Number(i), 'doubt');
        if (kind === 'ok') outcome.set(Number(i), 'ok');
        if (kind === 'err') outcome.set(Number(i), `err:${code}`);
        if (kind === 'retries') result.retries += Number(i);
      }
      for (const [i, state] of outcome) {
        const cell = job.cells[i] as Cell;
        let row: { value: string } | undefined;
        try {
          row = markAt.get(cell.lessonId, cell.studentId) as { value: string } | undefined;
        } catch {
          row = undefined; // unreadable in a damaged file: as good as lost
        }
        const present = row?.value === cell.value;
        result.attempts++;
        if (state === 'ok') {
          result.acknowledged++;
          if (!present) result.lost++;
        } else if (state === 'doubt') result.inDoubt++;
        else {
          const code = state.slice(4);
          result.errors[code] = (result.errors[code] ?? 0) + 1;
          if (code === 'INTERNAL') result.internal++;
          if (present) result.refusedButPresent++;
        }
      }
    }
  } finally {
    db.close();
  }
  for (const job of jobs) {
    if (!existsSync(job.err)) continue;
    for (const m of readFileSync(job.err, 'utf8').matchAll(/SQLITE_[A-Z_]+/g))
      result.sqliteCodes[m[0]] = (result.sqliteCodes[m[0]] ?? 0) + 1;
  }
  result.seconds = (Date.now() - started) / 1000;
  if (!o.quiet) console.log(`  logs: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  return result;
}

function parseArgs(argv: string[]) {
  const o: TortureOptions & { runs: number } = {
    dirs: [],
    writers: 2,
    marks: 300,
    killEveryMs: -1,
    paceMs: 0,
    students: 150,
    runs: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] as string;
    if (a === '--local') o.dirs = [next()];
    else if (a === '--share') {
      while (argv[i + 1] && !argv[i + 1]?.startsWith('--')) o.dirs.push(next());
    } else if (a === '--writers') o.writers = Number(next());
    else if (a === '--marks') o.marks = Number(next());
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--kill-every') o.killEveryMs = Number(next());
    else if (a === '--pace') o.paceMs = Number(next());
    else if (a === '--students') o.students = Number(next());
    else if (a === '--check-dir') o.checkDir = next();
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.dirs.length === 0) throw new Error('usage: torture --local <dir> | --share <dir1> <dir2>');
  if (o.killEveryMs < 0) o.killEveryMs = argv.includes('--local') ? 400 : 0;
  return o;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const o = parseArgs(process.argv.slice(2));
  const total = {
    lost: 0,
    refusedButPresent: 0,
    internal: 0,
    badIntegrity: 0,
    attempts: 0,
    acked: 0,
    secs: 0,
  };
  for (let run = 1; run <= o.runs; run++) {
    const r = await torture(o);
    total.lost += r.lost;
    total.refusedButPresent += r.refusedButPresent;
    total.internal += r.internal;
    total.badIntegrity += r.integrity === 'ok' ? 0 : 1;
    total.attempts += r.attempts;
    total.acked += r.acknowledged;
    total.secs += r.seconds;
    const errs = Object.values(r.errors).reduce((a, b) => a + b, 0);
    console.log(
      `run ${run}: ${o.writers}×${o.marks} attempted ${r.attempts}, acknowledged ${r.acknowledged}, ` +
        `lost ${r.lost}, refused-but-present ${r.refusedButPresent}, in doubt ${r.inDoubt}, ` +
        `errors ${errs} ${JSON.stringify(r.errors)} (${((100 * errs) / Math.max(1, r.attempts)).toFixed(1)} %), ` +
        `retried inside ${r.retries} (${((100 * r.retries) / Math.max(1, r.attempts)).toFixed(1)} %), INTERNAL ${r.internal}, kills ${r.kills}, crashes ${r.crashes}, integrity ${r.integrity}, ` +
        `${r.seconds.toFixed(1)} s, ${(r.acknowledged / r.seconds).toFixed(1)} acked/s, sqlite ${JSON.stringify(r.sqliteCodes)}`,
    );
  }
  console.log(
    `total: ${o.runs} runs, attempted ${total.attempts}, acknowledged ${total.acked}, lost ${total.lost}, ` +
      `refused-but-present ${total.refusedButPresent}, INTERNAL ${total.internal}, integrity failed in ${total.badIntegrity}, ` +
      `${(total.acked / total.secs).toFixed(1)} acked/s`,
  );
  process.exit(total.lost + total.refusedButPresent + total.internal + total.badIntegrity > 0 ? 1 : 0);
}
