import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * «Печать журнала» (issue 10): the deputy prints one class's book for the whole year. The browser's
 * folder picker is taken away first (a headless browser cannot answer its dialog), so the book arrives
 * as a download, which is what a browser without the picker gets; the progress bar shows the count.
 */
const server = demoServer('test-results/e2e-print-book.sqlite', STAFF_PORT + 18);

test('the deputy prints a class journal: the progress shows and a PDF arrives', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as unknown as { showDirectoryPicker?: unknown }).showDirectoryPicker;
  });
  await page.goto(server.url);
  await page.getByRole('button', { name: /^Войти как Заместитель директора/ }).click();
  await page.getByRole('link', { name: 'Печать журнала' }).click();
  await expect(page.getByRole('heading', { name: 'Печать журнала' })).toBeVisible();

  await page.getByRole('combobox', { name: 'Класс' }).click();
  const first = page.getByRole('option').first();
  const className = (await first.textContent())?.trim() ?? '';
  await first.click();
  await expect(page.getByText('Будет напечатано: 1 журнал.')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Печатать' }).click(),
  ]);
  expect(download.suggestedFilename()).toContain(`${className} Журнал.pdf`);
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  await expect(page.getByRole('progressbar', { name: 'Напечатано 1 из 1' })).toBeVisible();
  const files = page.getByRole('table', { name: 'Напечатанные файлы' });
  await expect(files).toContainText(download.suggestedFilename());
  const pages = Number(await files.locator('tbody tr td').nth(1).textContent());
  expect(pages).toBeGreaterThan(3);
});
