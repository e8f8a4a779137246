// npm run bench: builds the benchmark school and measures the figures docs/benchmarks.md reports.
import { spawnSync } from 'node:child_process';

// The database worker is measured from its built bundle, as the application runs it; the grid bench
// serves the built application (renderer and server) in browser mode.
const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
for (const bench of [
  'bench/journal.bench.ts',
  'bench/year-page.bench.ts',
  'bench/grid.bench.ts',
  'bench/logins.bench.ts',
  'bench/host.bench.ts',
  'bench/backup.bench.ts',
  'bench/import.bench.ts',
  'bench/timetable.bench.ts',
  'bench/reports.bench.ts',
  'bench/control-reports.bench.ts',
  'bench/week-diaries.bench.ts',
  'bench/print-book.bench.ts',
]) {
  const started = Date.now();
  const r = spawnSync('npx', ['tsx', bench, ...process.argv.slice(2)], { stdio: 'inherit' });
  // How long each took: the whole run is long, and docs/benchmarks.md says where the time goes.
  console.log(
    `${bench}: ${r.status === 0 ? 'done' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
