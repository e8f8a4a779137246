// npm test: the whole check — typecheck, lint/format, build, unit tests (vitest, real SQLite files),
// end-to-end tests (Playwright in Debian's Chromium against browser mode).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function step(title, cmd, args, env = {}) {
  console.log(`\n── ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`✗ ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function ensureChromium() {
  if (existsSync(chromium)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log(`Chromium not found at ${chromium}: installing Debian's package "chromium" (apt-get).`);
    step('apt-get update', 'apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'update', '-qq']);
    step(
      'apt-get install chromium',
      'apt-get',
      ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '-qq', 'chromium'],
      {
        DEBIAN_FRONTEND: 'noninteractive',
      },
    );
    if (existsSync(chromium)) return;
  }
  console.error(
    `End-to-end tests need Chromium at ${chromium}. Install Debian's package as root: apt-get install chromium ` +
      '(or set CHROMIUM_PATH to a Chromium binary). Playwright must not download its own browser.',
  );
  process.exit(1);
}

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('lint and format (biome)', 'npx', ['biome', 'ci', '.']);
step('build renderer', 'npx', ['vite', 'build', '--logLevel', 'warn']);
step('build main', 'node', ['scripts/build-main.mjs']);
step('unit tests (vitest)', 'npx', ['vitest', 'run']);
ensureChromium();
step('end-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test'], {
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
});
console.log('\nAll checks passed.');
