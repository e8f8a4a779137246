import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { _electron, expect, test } from '@playwright/test';

/**
 * The desktop application itself, over IPC (not browser mode): Electron starts the built app on a
 * demo journal, a teacher signs in and sees marks on a journal page. Electron's binary is downloaded
 * by its own install script, which needs internet (package.json allowScripts keeps it off here), so
 * where it is absent the test is skipped with the reason in the report.
 */
function electronBinary(): { path: string } | { missing: string } {
  try {
    // The electron package answers the path of its binary (from path.txt, written by its download).
    const path: unknown = createRequire(import.meta.url)('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `${String(path)} does not exist` };
  } catch (e) {
    return { missing: e instanceof Error ? e.message : String(e) };
  }
}

const electron = electronBinary();
const why =
  'missing' in electron
    ? `Electron binary not present (${electron.missing}). With internet: node node_modules/electron/install.js, then npx playwright test e2e/electron.spec.ts`
    : '';
if (why) console.log(`e2e/electron.spec.ts skipped: ${why}`);
const skipIf = test.skip;
skipIf(why !== '', why);

test('the desktop application: a teacher signs in over IPC and sees marks on a journal page', async () => {
  if (!('path' in electron)) return;
  // The app never creates a demo at a path it was given, so the demo school is written first.
  mkdirSync('test-results', { recursive: true });
  const db = 'test-results/electron.sqlite';
  const demo = spawnSync('npx', ['tsx', 'src/main/demo/cli.ts', db], { encoding: 'utf8' });
  expect(demo.status, demo.stderr).toBe(0);

  const app = await _electron.launch({
    executablePath: electron.path,
    // '.' as npm start runs it: package.json's main, the built dist/electron/main.mjs.
    args: ['.', '--db', db],
    env: { ...process.env, JOURNAL_UPDATE_URL: '' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveURL(/^app:\/\/journal\//);
    // The page runs in Electron with the preload's bridge: calls go over IPC, not HTTP.
    expect(await page.evaluate(() => typeof (window as { journalBridge?: unknown }).journalBridge)).toBe(
      'object',
    );

    await page.getByLabel('Логин').fill('teacher');
    await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Мои классы и предметы' })).toBeVisible();

    await page
      .getByRole('link', { name: /Русский язык/ })
      .first()
      .click();
    await expect(page.getByRole('grid')).toBeVisible();
    await page.getByText('Весь год', { exact: true }).click();
    const grid = page.getByRole('grid', { name: /весь год/ });
    await expect(grid).toBeVisible();
    await expect(
      grid
        .getByRole('gridcell')
        .filter({ hasText: /^[2-5]$/ })
        .first(),
    ).toBeVisible();
    await expect(page.getByText(/Нет связи с программой журнала|ответила непонятно/)).toHaveCount(0);
  } finally {
    await app.close();
  }
});
