import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * «Отчёты» on a copy of the demo: the deputy opens the сводная ведомость of 5А, sees the figures under
 * the subjects, and downloads the same report as Excel and PDF, both of which read back with the
 * students and the totals.
 */
const server = demoServer('test-results/e2e-reports.sqlite', STAFF_PORT + 16);

test('the deputy opens the сводная ведомость of a class and downloads it as XLSX and PDF', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.getByLabel('Логин').fill('zavuch');
  await page.getByLabel('Пароль').fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await page.getByRole('link', { name: 'Отчёты' }).click();
  await expect(page.getByRole('heading', { name: 'Отчёты' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Класс' }).click();
  await page.getByRole('option', { name: '5А', exact: true }).click();

  const q1 = page.getByRole('table', { name: 'I четверть', exact: true });
  await expect(q1).toBeVisible();
  const success = q1.getByRole('row').filter({ hasText: 'Успеваемость, %' });
  await expect(success).toBeVisible();
  // Every subject column has a figure: a number from 0 to 100 in the Russian form («91,3»).
  const figures = (await success.getByRole('cell').allInnerTexts()).slice(2);
  expect(figures.length).toBeGreaterThan(3);
  for (const f of figures) expect(f).toMatch(/^\d{1,3}(,\d)?$/);
  const firstStudent = (await q1.getByRole('row').nth(2).getByRole('cell').nth(1).innerText()).trim();

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Excel' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toBe('2026-2027 5А Сводная ведомость.xlsx');
  const xlsxPath = test.info().outputPath('ledger.xlsx');
  await xlsx.saveAs(xlsxPath);
  const outDir = test.info().outputPath('');
  execFileSync('soffice', [
    '--headless',
    `-env:UserInstallation=file://${outDir}/lo`,
    '--convert-to',
    'csv:Text - txt - csv (StarCalc):59,34,76',
    '--outdir',
    outDir,
    xlsxPath,
  ]);
  const csv = readFileSync(test.info().outputPath('ledger.csv'), 'utf8');
  expect(csv).toContain(firstStudent);
  const csvFigures = csv
    .split('\n')
    .find((l) => l.includes('Успеваемость, %'))!
    .split(';')
    .slice(2, 2 + figures.length);
  expect(csvFigures.map(Number)).toEqual(figures.map((f) => Number(f.replace(',', '.'))));

  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'PDF' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe('2026-2027 5А Сводная ведомость.pdf');
  const pdfPath = test.info().outputPath('ledger.pdf');
  await pdf.saveAs(pdfPath);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain('Сводная ведомость успеваемости');
  expect(text).toContain(firstStudent);
  // The same figures in the PDF's totals row, in the same order.
  expect(text).toMatch(new RegExp(`Успеваемость, %\\s+${figures.slice(0, 3).join('\\s+')}`));
  expect(text).toMatch(/стр\. 1 из \d+/);
});
