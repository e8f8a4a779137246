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

/**
 * What the tests need from Debian: Chromium for the end-to-end tests; pdftotext/pdfinfo (poppler-utils)
 * and LibreOffice Calc (soffice) read the printed PDFs and exported spreadsheets back as their readers
 * do. Run as root, missing packages are installed with apt-get; otherwise it says what to install.
 */
const TOOLS = [
  { package: 'chromium', path: chromium },
  { package: 'poppler-utils', path: '/usr/bin/pdftotext' },
  { package: 'libreoffice-calc-nogui', path: '/usr/bin/soffice' },
];

function ensureTools() {
  const missing = () => TOOLS.filter((t) => !existsSync(t.path));
  if (missing().length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    const packages = missing().map((t) => t.package);
    console.log(`Installing Debian's ${packages.join(', ')} (apt-get): the tests need them.`);
    step('apt-get update', 'apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'update', '-qq']);
    step(
      `apt-get install ${packages.join(' ')}`,
      'apt-get',
      ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '-qq', ...packages],
      { DEBIAN_FRONTEND: 'noninteractive' },
    );
    if (missing().length === 0) return;
  }
  console.error(
    `The tests need Debian's packages ${missing()
      .map((t) => t.package)
      .join(
        ', ',
      )}. Install them as root (apt-get install …); Chromium may be elsewhere with CHROMIUM_PATH. ` +
      'Playwright must not download its own browser.',
  );
  process.exit(1);
}

ensureTools();
step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('lint and format (biome)', 'npx', ['biome', 'ci', '.']);
step('build renderer', 'npx', ['vite', 'build', '--logLevel', 'warn']);
step('build main', 'node', ['scripts/build-main.mjs']);
step('unit tests (vitest)', 'npx', ['vitest', 'run']);
step('end-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test'], {
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
});
console.log('\nAll checks passed.');
