import { defineConfig } from '@playwright/test';
import { STAFF_URL } from './e2e/ports.mjs';

// The page runs in Moscow time (timezoneId below); the journal services the specs start (webServer,
// e2e/server.ts), the demo they generate and the specs' own date sums must agree on the day, or around
// midnight the browser's «today» is not the server's. Every child process inherits this.
process.env.TZ = 'Europe/Moscow';

// Debian's Chromium, never a downloaded browser (machines here have no internet).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: STAFF_URL,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-gpu',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // A fresh demo school for every run, on its own ports.
    command: 'node e2e/serve.mjs',
    url: STAFF_URL,
    reuseExistingServer: false,
    // The demo is two academic years of a school (about 25 s on a busy two-core machine).
    timeout: 120_000,
  },
});
