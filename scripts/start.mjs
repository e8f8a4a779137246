// npm start: the desktop application; where Electron's binary is missing (as on machines without
// internet), one clear line, then the same interface in browser mode on 127.0.0.1.
// npm run serve: browser mode directly. npm run publish: only the parents' diary endpoint.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const serverArgs = args.filter((a) => a !== '--browser');

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Build what is needed (a few seconds): the renderer pages and the main-process bundles.
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('node', ['scripts/build-main.mjs']);

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = browserOnly ? null : electronBinary();
if (!browserOnly && !electron) {
  console.log(
    'Electron недоступен на этом компьютере (его файлы не скачаны) — запускаю тот же интерфейс в браузерном режиме.',
  );
}
const child = electron
  ? spawn(electron, ['.', ...serverArgs], { stdio: 'inherit' })
  : spawn(process.execPath, ['dist/main/serve.mjs', ...serverArgs], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
