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
    generateDemoSchool(db, { students: STUDENTS, seed: 1, today: '2027-05-27', lessonsUntil: 'year' });
    addPastYears(db.sqlite, YEARS);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  const size = statSync(path).size;
  console.log(
    `school: ${STUDENTS} students, ${YEARS} years, ${(size / 1024 / 1024).toFixed(1)} MB, built in ${((performance.now() - t) / 1000).toFixed(1)} s; load ${loadavg()[0]?.toFixed(2)}`,
  );
  const plain: number[] = [];
  const backup: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const targets = [join(dir, `a${round}`), join(dir, `b${round}`)];
    for (const d of targets) mkdirSync(d);
    t = performance.now();
    for (const d of targets) plainCopy(path, join(d, 'plain.sqlite'));
    plain.push(performance.now() - t);
    for (const d of targets) rmSync(join(d, 'plain.sqlite'));
    t = performance.now();
    const results = await takeBackup({ sourcePath: path, targets, kind: 'weekly', keep: 4 });
    backup.push(performance.now() - t);
    if (!results.every((r) => r.ok)) throw new Error(results.map((r) => r.error).join('; '));
    for (const d of targets) rmSync(d, { recursive: true, force: true });
    console.log(
      `round ${round + 1}: plain copy ×2 ${plain.at(-1)?.toFixed(0)} ms, verified backup ×2 ${backup.at(-1)?.toFixed(0)} ms`,
    );
  }
  const ratios = plain.map((p, i) => (backup[i] as number) / p);
  console.log(
    `backup to both targets with verification: median ${median(backup).toFixed(0)} ms (${Math.min(...backup).toFixed(0)}–${Math.max(...backup).toFixed(0)}); ` +
      `plain copy to both: median ${median(plain).toFixed(0)} ms (${Math.min(...plain).toFixed(0)}–${Math.max(...plain).toFixed(0)}); ` +
      `ratio median ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), goal ≤ 3×`,
  );
  rmSync(dir, { recursive: true, force: true });
}

await main();
