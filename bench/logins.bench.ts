import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../src/main/db/migrate';
import { DEMO_PASSWORD, generateDemoSchool } from '../src/main/demo/generate';
import type { CallMeta } from '../src/main/router/answer';
import { type DbWorker, startDbWorker } from '../src/main/worker/client';

/**
 * The diary's throughput with and without logins running at the same time (issue 6, §4: logins must
 * not take the database thread; the goal is ≥ 80 % of the throughput without them). Through the
 * database worker thread, as the application runs it: DIARY_CLIENTS parents read weeks back to back
 * while, in the "with logins" phases, LOGINS more sign in back to back (each a full scrypt check and a
 * session written). The phases alternate, RUNS of each, so the machine's noise hits both alike; the
 * spread over runs is printed, not one figure. Short phases, many of them: other work on the machine
 * changes over seconds, and a pair of neighbouring phases sees about the same.
 */
const WORKER = join(process.cwd(), 'dist', 'main', 'db-worker.mjs');
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const SECONDS = Number(process.env.BENCH_LOGIN_SECONDS ?? 1);
const RUNS = Number(process.env.BENCH_LOGIN_RUNS ?? 15);
const DIARY_CLIENTS = Number(process.env.BENCH_DIARY_CLIENTS ?? 4);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 5);

interface Phase {
  diaryPerSecond: number;
  loginsPerSecond: number;
}

async function phase(worker: DbWorker, meta: CallMeta, week: object, logins: number): Promise<Phase> {
  const until = performance.now() + SECONDS * 1000;
  let diary = 0;
  let signedIn = 0;
  const reader = async () => {
    while (performance.now() < until) {
      const r = await worker.callJson('diary.week', week, meta);
      if (!r.ok) throw new Error(r.json);
      diary++;
    }
  };
  const signer = async (n: number) => {
    while (performance.now() < until) {
      const r = await worker.callJson(
        'auth.login',
        { login: 'roditel', password: DEMO_PASSWORD },
        { door: 'family', client: `198.51.100.${n}` },
      );
      if (!r.ok) throw new Error(r.json);
      signedIn++;
    }
  };
  const started = performance.now();
  // Each side over its own time: a login still queued for the hashing thread when the phase ends
  // finishes after the readers stopped, and that tail (up to a hash per signer) is no diary time.
  const readers = Promise.all(Array.from({ length: DIARY_CLIENTS }, reader)).then(() => performance.now());
  const signers = Promise.all(Array.from({ length: logins }, (_, n) => signer(n))).then(() =>
    performance.now(),
  );
  const [readersEnd, signersEnd] = await Promise.all([readers, signers]);
  return {
    diaryPerSecond: diary / ((readersEnd - started) / 1000),
    loginsPerSecond: signedIn / ((signersEnd - started) / 1000),
  };
}

function spread(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

async function main() {
  if (!existsSync(WORKER)) throw new Error(`Build the worker first: node scripts/build-main.mjs (${WORKER})`);
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-logins-'));
  const path = join(dir, 'bench.sqlite');
  {
    const { db } = openJournal(path, { storage: 'local' });
    await generateDemoSchool(db, { students: STUDENTS, seed: 1, today: '2027-05-27' });
    db.close();
  }
  const worker = await startDbWorker(WORKER, { dbPath: path, createDemo: false });
  try {
    const login = await worker.call(
      'auth.login',
      { login: 'roditel', password: DEMO_PASSWORD },
      { door: 'family' },
    );
    if (!login.ok) throw new Error(login.error.message);
    const meta: CallMeta = { token: (login.value as { token: string }).token, door: 'family' };
    const children = await worker.call('diary.children', {}, meta);
    if (!children.ok) throw new Error(children.error.message);
    const child = (children.value as { studentId: number }[])[0]!;
    const week = { studentId: child.studentId, weekOf: '2027-05-17' };

    await phase(worker, meta, week, 1); // warm-up: statements prepared, the dummy hash made
    const without: Phase[] = [];
    const withLogins: Phase[] = [];
    for (let i = 0; i < RUNS; i++) {
      without.push(await phase(worker, meta, week, 0));
      withLogins.push(await phase(worker, meta, week, LOGINS));
    }
    const ratios = withLogins.map((w, i) => w.diaryPerSecond / without[i]!.diaryPerSecond);
    const a = spread(without.map((p) => p.diaryPerSecond));
    const b = spread(withLogins.map((p) => p.diaryPerSecond));
    const l = spread(withLogins.map((p) => p.loginsPerSecond));
    const r = spread(ratios);
    const f = (n: number) => n.toFixed(0);
    console.log(
      `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    console.log(
      `School: ${STUDENTS} students; ${DIARY_CLIENTS} diary readers, ${LOGINS} parents signing in back to back; ${RUNS} × ${SECONDS} s per phase, alternating.\n`,
    );
    console.log('| phase | diary.week per second (min – median – max) | logins per second (median) |');
    console.log('|---|---|---|');
    console.log(`| without logins | ${f(a.min)} – ${f(a.median)} – ${f(a.max)} | 0 |`);
    console.log(`| with logins | ${f(b.min)} – ${f(b.median)} – ${f(b.max)} | ${l.median.toFixed(1)} |`);
    console.log(
      `\nWith logins / without, per pair of runs: ${ratios.map((x) => `${(x * 100).toFixed(0)} %`).join(', ')} (median ${(r.median * 100).toFixed(0)} %, min ${(r.min * 100).toFixed(0)} %; goal ≥ 80 %)`,
    );
  } finally {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
