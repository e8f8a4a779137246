import {
  closeSync,
  copyFileSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeBackup } from '../src/main/backups/copy';
import { openJournal } from '../src/main/db/migrate';
import { generateDemoSchool } from '../src/main/demo/generate';
import { addPastYears } from './past-years';

/**
 * A backup to both targets with verification (online backup from one snapshot, integrity_check,
 * schema version, row counts, SHA-256 and manifest, rename, rotation) next to a plain copy of the same
 * file to the same two folders (copyFile + fsync, as durable as SQLite's own writes), interleaved
 * round by round so the machine's noise hits both. Goal (issue 7): ≤ 3×. The school: 2,000 students,
 * five academic years (bench/past-years.ts), as in bench/journal.bench.ts.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const YEARS = Number(process.env.BENCH_YEARS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function plainCopy(from: string, to: string) {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  fsyncSync(fd);
  closeSync(fd);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-backup-bench-'));
  // BENCH_DB: an already built school (e.g. kept from an earlier run) instead of building one.
  const path = process.env.BENCH_DB ?? join(dir, 'bench.sqlite');
  let t = performance.now();
  if (!process.env.BENCH_DB) {
    const { db } = openJournal(path, { storage: 'local' });
    await generateDemoSchool(db, { students: STUDENTS, seed: 1, today: '2027-05-27', previousYear: false });
    addPastYears(db.sqlite, YEARS);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  const size = statSync(path).size;
  console.log(
    `school: ${STUDENTS} students, ${YEARS} years, ${(size / 1024 / 1024).toFixed(1)} MB, built in ${((performance.now() - t) / 1000).toFixed(1)} s; load ${loadavg()[0]?.toFixed(2)}`,
  );
  const plain: number[] = [];
  const full: number[] = [];
  const quick: number[] = [];
  const backupTo = async (round: number, check: 'integrity_check' | 'quick_check', into: number[]) => {
    const targets = [join(dir, `${check}-a${round}`), join(dir, `${check}-b${round}`)];
    for (const d of targets) mkdirSync(d);
    const t0 = performance.now();
    const results = await takeBackup({ sourcePath: path, targets, kind: 'weekly', keep: 4, check });
    into.push(performance.now() - t0);
    if (!results.every((r) => r.ok)) throw new Error(results.map((r) => r.error).join('; '));
    for (const d of targets) rmSync(d, { recursive: true, force: true });
  };
  for (let round = 0; round < ROUNDS; round++) {
    const targets = [join(dir, `a${round}`), join(dir, `b${round}`)];
    for (const d of targets) mkdirSync(d);
    t = performance.now();
    for (const d of targets) plainCopy(path, join(d, 'plain.sqlite'));
    plain.push(performance.now() - t);
    for (const d of targets) rmSync(d, { recursive: true, force: true });
    await backupTo(round, 'integrity_check', full);
    await backupTo(round, 'quick_check', quick);
    console.log(
      `round ${round + 1}: plain copy ×2 ${plain.at(-1)?.toFixed(0)} ms, verified backup ×2 with integrity_check ${full.at(-1)?.toFixed(0)} ms, with quick_check ${quick.at(-1)?.toFixed(0)} ms`,
    );
  }
  const range = (xs: number[]) =>
    `median ${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  const ratio = (xs: number[]) => {
    const r = plain.map((p, i) => (xs[i] as number) / p);
    return `${median(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
  };
  console.log(`plain copy to both targets: ${range(plain)}`);
  console.log(
    `backup to both targets, integrity_check: ${range(full)}; ratio to the plain copy ${ratio(full)}, goal ≤ 3×`,
  );
  console.log(
    `backup to both targets, quick_check: ${range(quick)}; ratio to the plain copy ${ratio(quick)}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

await main();
