// npm run torture -- --share <dir1> <dir2> | --local <dir> | --host <dir>  [--writers 2] [--marks 300]
//   [--runs 1] [--kill-every <ms>] [--pace <ms>] [--students 150] [--stops 3] [--signal kill|term|both]
//
// N writer processes (writer.ts: the real router, journal.setMark) set marks on cells of their own in
// one journal file, reached through one or two folders (two mounts of one share act as two
// computers); in --local mode one writer is SIGKILLed every --kill-every ms (default 400) and
// restarted. Afterwards every cell is checked against what its writer was told: acknowledged but
// lost, refused but present, in doubt (killed mid-call), errors by code, INTERNAL, integrity_check.
//
// --host <dir>: the journal file lives in <dir> and a host (dist/main/serve.mjs --host-mode) owns it;
// the writers are staff computers (remote routers pinned to the host's fingerprint) that keep a mark
// answered UNAVAILABLE and send it again. Meanwhile the host is stopped --stops times (SIGKILL, or a
// clean SIGTERM; `both` alternates by run) and started again on the same file after 1–2 s.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { loadMigrations, openJournal } from '../../src/main/db/migrate';
import { generateDemoSchool } from '../../src/main/demo/generate';
import { certificatePaths, fingerprintOf } from '../../src/main/host/tls';

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
  /** Host mode: the journal file is served by a host that is stopped and started again. */
  host?: boolean;
  /** Host mode: how many times the host is stopped mid-work. */
  stops?: number;
  /** Host mode: how the host is stopped. */
  signal?: 'SIGKILL' | 'SIGTERM';
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
  /** Host mode: UNAVAILABLE answers (each mark kept and sent again). */
  unavailable: number;
  /** Host mode: the writers' total time from a mark's first UNAVAILABLE to its final answer. */
  waitedMs: number;
  /** Host mode: marks refused (CONFLICT) on a resend after UNAVAILABLE and present with the writer's value:
   * the first sending was written before the host stopped, its answer lost. */
  resentRefusedPresent: number;
  /** Host mode: resends refused as stale (CONFLICT) whose cell already held the writer's value (the
   * first sending was written before the host stopped, its answer lost): saved, as the app says. */
  resentHeld: number;
  /** Host mode: how long the host was down in total. */
  downMs: number;
}

const TODAY = '2026-11-20';
const VALUES = ['2', '3', '4', '5'];
const here = fileURLToPath(new URL('.', import.meta.url));
const FILE = 'journal-torture.sqlite';

/**
 * The demo school, built once per size and schema on the local disk (building it on a share is
 * slow). Named by the migrations' checksums too: a template from an older schema would be refused
 * by every writer as a file whose applied migration differs from the program's.
 */
async function template(students: number): Promise<string> {
  const schema = createHash('sha256')
    .update(
      loadMigrations()
        .map((m) => m.checksum)
        .join(),
    )
    .digest('hex')
    .slice(0, 12);
  const path = join(tmpdir(), `journal-torture-template-${students}-${schema}.sqlite`);
  if (existsSync(path)) return path;
  const tmp = `${path}.${process.pid}.tmp`;
  const { db } = openJournal(tmp, { storage: 'local' });
  await generateDemoSchool(db, { students, seed: 2026, today: TODAY });
  db.sqlite.pragma('journal_mode = DELETE'); // one self-contained file to copy
  db.close();
  renameSync(tmp, path); // atomic: two first runs at once never see half a template
  return path;
}

interface Cell {
  loadId: number;
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
        `SELECT l.id AS loadId, ls.id AS lessonId, e.student_id AS studentId
         FROM teaching_load l JOIN user_account u ON u.id = l.teacher_id AND u.login = 'teacher'
         JOIN lesson ls ON ls.load_id = l.id AND ls.date <= ?
         JOIN class c ON c.id = l.class_id
         JOIN academic_year y ON y.id = c.academic_year_id AND y.archived_at IS NULL
         JOIN class_enrollment e ON e.class_id = l.class_id AND e.enrolled_on <= ls.date
           AND (e.left_on IS NULL OR e.left_on > ls.date)
         WHERE l.marking_mode = 'points'
           AND (l.group_id IS NULL OR e.student_id IN (SELECT student_id FROM group_member WHERE group_id = l.group_id))
           AND NOT EXISTS (SELECT 1 FROM mark m WHERE m.lesson_id = ls.id AND m.student_id = e.student_id)
           -- Writable cells only: not last year's (archived) nor a period closed for the class.
           AND NOT EXISTS (
             SELECT 1 FROM period p JOIN period_closure pc ON pc.period_id = p.id AND pc.class_id = c.id
             WHERE pc.reopened_at IS NULL AND ls.date BETWEEN p.starts_on AND p.ends_on)
         ORDER BY ls.id, e.student_id LIMIT ?`,
      )
      .all(TODAY, count) as { loadId: number; lessonId: number; studentId: number }[];
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
  const base = await template(o.students);
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

  const result = check(join(o.checkDir ?? first, FILE), jobs, true);
  result.kills = kills;
  result.crashes = crashes;
  result.seconds = (Date.now() - started) / 1000;
  if (!o.quiet) console.log(`  logs: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  return result;
}

interface CheckedJob {
  cells: Cell[];
  log: string;
  err: string;
}

/** Every cell against what its writer was told (the writers' logs), and integrity_check. */
function check(path: string, jobs: CheckedJob[], readonly: boolean): TortureResult {
  const result: TortureResult = {
    attempts: 0,
    acknowledged: 0,
    lost: 0,
    refusedButPresent: 0,
    inDoubt: 0,
    errors: {},
    internal: 0,
    integrity: '',
    kills: 0,
    seconds: 0,
    sqliteCodes: {},
    crashes: 0,
    retries: 0,
    unavailable: 0,
    waitedMs: 0,
    resentRefusedPresent: 0,
    resentHeld: 0,
    downMs: 0,
  };
  const db = new BetterSqlite3(path, { readonly, fileMustExist: true });
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
      const resent = new Set<number>(); // answered UNAVAILABLE at least once, then sent again
      const lines = existsSync(job.log) ? readFileSync(job.log, 'utf8').split('\n') : [];
      for (const line of lines) {
        const [kind, i, code] = line.split(' ');
        if (kind === 'try') outcome.set(Number(i), 'doubt');
        if (kind === 'ok') outcome.set(Number(i), 'ok');
        if (kind === 'err') outcome.set(Number(i), `err:${code}`);
        if (kind === 'retries') result.retries += Number(i);
        if (kind === 'unavail') {
          result.unavailable++;
          resent.add(Number(i));
        }
        if (kind === 'waited') result.waitedMs += Number(code);
        if (kind === 'held') result.resentHeld++;
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
          if (present && code === 'CONFLICT' && resent.has(i)) result.resentRefusedPresent++;
          else if (present) result.refusedButPresent++;
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
  return result;
}

const root = join(here, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** One start of the host on the journal file; resolves once its staff door listens. */
function startHost(db: string, port: number, diaryPort: number, log: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // The same Node as this process: the system node may be older than better-sqlite3 needs.
    const child = spawn(
      process.execPath,
      [
        join(root, 'dist/main/serve.mjs'),
        '--host-mode',
        '--db',
        db,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--diary-port',
        String(diaryPort),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const onData = (d: Buffer) => {
      appendFileSync(log, d);
      out += d.toString();
      if (out.includes('Электронный дневник')) resolve(child); // both doors listen
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => appendFileSync(log, d));
    child.once('exit', (code) => reject(Object.assign(new Error(`host exited (${code})`), { code })));
  });
}

async function hostTorture(o: TortureOptions): Promise<TortureResult> {
  const started = Date.now();
  const base = await template(o.students);
  const dir = o.dirs[0] as string;
  removeJournal(dir);
  writeFileSync(join(dir, FILE), readFileSync(base));
  const db = join(dir, FILE);
  const cells = freeCells(base, o.writers * o.marks);
  const work = mkdtempSync(join(tmpdir(), 'journal-torture-host-'));
  const hostLog = join(work, 'host.log');
  const [port, diaryPort] = [await freePort(), await freePort()];
  const launch = async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await startHost(db, port, diaryPort, hostLog);
      } catch (e) {
        // The port of the stopped host may still be held for a moment.
        if ((e as { code?: number }).code !== 3 || attempt > 20) throw e;
        await sleep(250);
      }
    }
  };
  let host = await launch();
  const fingerprint = fingerprintOf(readFileSync(certificatePaths(db).cert, 'utf8'));
  const jobs = Array.from({ length: o.writers }, (_, w) => {
    const job = {
      db,
      cells: cells.slice(w * o.marks, (w + 1) * o.marks),
      log: join(work, `w${w}.log`),
      login: 'teacher',
      password: 'demo2026',
      now: `${TODAY}T10:00:00Z`,
      paceMs: o.paceMs,
      remote: { address: `https://127.0.0.1:${port}`, fingerprint },
      retryPauseMs: 200,
      go: join(work, 'go'),
    };
    const file = join(work, `w${w}.json`);
    writeFileSync(file, JSON.stringify(job));
    return { ...job, file, err: join(work, `w${w}.err`) };
  });
  let crashes = 0;
  const writers = jobs.map(
    (job) =>
      new Promise<void>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'writer.ts'), job.file], {
          cwd: root,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        child.stderr?.on('data', (d) => appendFileSync(job.err, d));
        child.on('exit', (code) => {
          if (code !== 0) crashes++;
          resolve();
        });
      }),
  );
  // The writers start their marks together, once all are logged in (their start-up takes longer than
  // their marks): so every stop lands in the middle of every writer's work.
  while (!jobs.every((j) => existsSync(j.log) && /^ready$/m.test(readFileSync(j.log, 'utf8'))))
    await sleep(50);
  writeFileSync(join(work, 'go'), '');
  let allDone = false;
  void Promise.all(writers).then(() => {
    allDone = true;
  });
  const acked = (log: string) =>
    existsSync(log) ? (readFileSync(log, 'utf8').match(/^ok /gm)?.length ?? 0) : 0;
  const stops = o.stops ?? 3;
  const signal = o.signal ?? 'SIGKILL';
  let stopped = 0;
  let downMs = 0;
  // Stop k comes when every writer has k/(stops+1) of its marks acknowledged: mid-work for all of
  // them, not only for one that started late while another had already finished.
  while (!allDone) {
    await sleep(50);
    const due = (o.marks * (stopped + 1)) / (stops + 1);
    if (stopped >= stops || jobs.some((j) => acked(j.log) < due)) continue;
    const down = Date.now();
    const exited = new Promise((r) => host.once('exit', r));
    host.kill(signal);
    await exited;
    stopped++;
    await sleep(1000 + Math.random() * 1000);
    host = await launch();
    downMs += Date.now() - down;
  }
  await Promise.all(writers);
  const exited = new Promise((r) => host.once('exit', r));
  host.kill('SIGTERM');
  await exited;
  const result = check(db, jobs, false);
  result.kills = stopped;
  result.crashes = crashes;
  result.downMs = downMs;
  result.seconds = (Date.now() - started) / 1000;
  if (!o.quiet) console.log(`  logs: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  return result;
}

function parseArgs(argv: string[]) {
  const o: TortureOptions & { runs: number; signalArg: string } = {
    dirs: [],
    writers: 2,
    marks: 300,
    killEveryMs: -1,
    paceMs: 0,
    students: 150,
    runs: 1,
    signalArg: 'both',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] as string;
    if (a === '--local') o.dirs = [next()];
    else if (a === '--host') {
      o.dirs = [next()];
      o.host = true;
    } else if (a === '--stops') o.stops = Number(next());
    else if (a === '--signal') o.signalArg = next();
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
  if (o.dirs.length === 0)
    throw new Error('usage: torture --local <dir> | --share <dir1> <dir2> | --host <dir>');
  if (!['kill', 'term', 'both'].includes(o.signalArg)) throw new Error('--signal kill|term|both');
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
  if (o.host) {
    // The host runs from the bundle, as `npm run host` does: build it from this tree first.
    const built = spawnSync(process.execPath, [join(root, 'scripts/build-main.mjs')], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('node scripts/build-main.mjs failed');
  }
  for (let run = 1; run <= o.runs; run++) {
    const signal =
      o.signalArg === 'term' || (o.signalArg === 'both' && run % 2 === 0) ? 'SIGTERM' : 'SIGKILL';
    const r = o.host ? await hostTorture({ ...o, signal }) : await torture(o);
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
        `${r.seconds.toFixed(1)} s, ${(r.acknowledged / r.seconds).toFixed(1)} acked/s, sqlite ${JSON.stringify(r.sqliteCodes)}` +
        (o.host
          ? `, host stopped ${r.kills}× by ${signal}, down ${(r.downMs / 1000).toFixed(1)} s, UNAVAILABLE answers ${r.unavailable}, ` +
            `writers waited ${(r.waitedMs / 1000).toFixed(1)} s in total, ` +
            `resent and refused as stale but already held (saved before the stop) ${r.resentHeld}, refused on resend but present ${r.resentRefusedPresent}`
          : ''),
    );
  }
  console.log(
    `total: ${o.runs} runs, attempted ${total.attempts}, acknowledged ${total.acked}, lost ${total.lost}, ` +
      `refused-but-present ${total.refusedButPresent}, INTERNAL ${total.internal}, integrity failed in ${total.badIntegrity}, ` +
      `${(total.acked / total.secs).toFixed(1)} acked/s`,
  );
  process.exit(total.lost + total.refusedButPresent + total.internal + total.badIntegrity > 0 ? 1 : 0);
}
