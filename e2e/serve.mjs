// Starts browser mode on a fresh demo database for the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DIARY_PORT, STAFF_PORT } from './ports.mjs';

const db = 'test-results/e2e.sqlite';
mkdirSync('test-results', { recursive: true });
// The server never creates a demo at a named path, so the demo school is written first, explicitly.
const demo = spawnSync('npx', ['tsx', 'src/main/demo/cli.ts', db], { stdio: 'inherit' });
if (demo.status !== 0) process.exit(demo.status ?? 1);
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
