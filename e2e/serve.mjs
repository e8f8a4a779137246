// Starts browser mode on a fresh demo database for the end-to-end tests.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const db = 'test-results/e2e.sqlite';
mkdirSync('test-results', { recursive: true });
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true });
const child = spawn(
  process.execPath,
  ['dist/main/serve.mjs', '--db', db, '--port', '5190', '--diary-port', '5191'],
  {
    stdio: 'inherit',
    env: { ...process.env, JOURNAL_CHECK_OUTPUTS: '1' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
