// npm run bench: builds the benchmark school and measures the figures docs/benchmarks.md reports.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['tsx', 'bench/journal.bench.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
