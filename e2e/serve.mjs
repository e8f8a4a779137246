// Starts browser mode on a fresh demo database for the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { DEMO_TEMPLATE } from './files.mjs';
import { DIARY_PORT, STAFF_PORT } from './ports.mjs';

const db = 'test-results/e2e.sqlite';
mkdirSync('test-results', { recursive: true });
for (const file of [DEMO_TEMPLATE, db])
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
// The server never creates a demo at a named path, so the demo school is written first, explicitly,
// into a template no server ever opens: the specs that start their own service copy it (e2e/server.ts
// copyDemo), untouched by what specs on this shared service change (a password, a lock, a mark).
const demo = spawnSync('npx', ['tsx', 'src/main/demo/cli.ts', DEMO_TEMPLATE], { stdio: 'inherit' });
if (demo.status !== 0) process.exit(demo.status ?? 1);
for (const suffix of ['', '-wal'])
  if (existsSync(`${DEMO_TEMPLATE}${suffix}`)) copyFileSync(`${DEMO_TEMPLATE}${suffix}`, `${db}${suffix}`);
const child = spawn(
  process.execPath,
  ['dist/main/serve.mjs', '--db', db, '--port', String(STAFF_PORT), '--diary-port', String(DIARY_PORT)],
  {
    stdio: 'inherit',
    env: { ...process.env, JOURNAL_CHECK_OUTPUTS: '1' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
