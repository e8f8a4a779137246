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

/**
 * The folder route, as Electron and Chromium take it: the picker is answered with a real folder
 * handle of the File System Access API — the page's private file system (OPFS), since a headless
 * browser cannot answer the system dialog — so the same writes land in a folder the test reads back.
 * A parallel is printed and cancelled after its first class: the files written so far and their
 * manifest are there, the rest are not.
 */
test('printing a parallel into a folder writes each book and manifest.sha256, and «Отменить» stops it', async ({
  page,
}) => {
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker = async () => {
      const root = await navigator.storage.getDirectory();
      return root.getDirectoryHandle('Журналы', { create: true });
    };
  });
  await page.goto(server.url);
  await page.getByRole('button', { name: /^Войти как Заместитель директора/ }).click();
  await page.getByRole('link', { name: 'Печать журнала' }).click();
  await page.getByLabel('Параллель').first().check();
  await page.getByRole('combobox', { name: 'Параллель' }).click();
  await page.getByRole('option', { name: '5 классы' }).click();
  const planned = page.getByText(/^Будет напечатано: \d+ журнал/);
  await expect(planned).toContainText('запишутся в папку');
  const total = Number((await planned.textContent())?.match(/\d+/)?.[0]);
  expect(total).toBeGreaterThan(1);

  await page.getByRole('button', { name: 'Печатать' }).click();
  await page.getByRole('button', { name: 'Отменить' }).click();
  await expect(page.getByRole('button', { name: 'Остановится после текущего класса' })).toBeDisabled();
  const run = page.getByLabel('Ход печати');
  await expect(run).toContainText(`Напечатано 1 из ${total} — печать отменена · папка «Журналы»`, {
    timeout: 60_000,
  });

  const written = await page.evaluate(async () => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('Журналы');
    const files: Record<string, { head: string; sha256: string; text: string }> = {};
    for await (const [name, handle] of folder as unknown as AsyncIterable<[string, FileSystemFileHandle]>) {
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      files[name] = {
        head: new TextDecoder('latin1').decode(bytes.subarray(0, 5)),
        sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
        text: name.endsWith('.sha256') ? new TextDecoder().decode(bytes) : '',
      };
    }
    return files;
  });
  const books = Object.keys(written).filter((n) => n.endsWith('.pdf'));
  expect(books).toHaveLength(1);
  expect(books[0]).toMatch(/^\d{4}-\d{4} 5[А-Я] Журнал\.pdf$/);
  expect(written[books[0] as string]?.head).toBe('%PDF-');
  // sha256sum's format: «<hex>  <name>», one line per book written.
  expect(written['manifest.sha256']?.text).toBe(`${written[books[0] as string]?.sha256}  ${books[0]}\n`);
  await expect(page.getByRole('table', { name: 'Напечатанные файлы' })).toContainText(books[0] as string);
});
