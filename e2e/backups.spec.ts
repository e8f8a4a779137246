import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';

const root = resolve('test-results/backups');
const a = join(root, 'drive-a');
const b = join(root, 'drive-b');

test('the administrator sets two targets, takes a copy with a progress bar and sees both good', async ({
  page,
}) => {
  rmSync(root, { recursive: true, force: true });
  // Journals kept by the restores of an earlier run (beside that run's journal) are not this one's.
  for (const f of readdirSync('test-results'))
    if (f.startsWith('e2e.sqlite.before-restore-')) rmSync(join('test-results', f));
  mkdirSync(a, { recursive: true });
  mkdirSync(b, { recursive: true });

  await page.goto('/');
  await page.getByLabel('Логин').fill('admin');
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  // The admin's start page: the warnings are there from the start while no copy exists.
  await expect(page.getByRole('heading', { name: 'Резервные копии' })).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Копии требуют внимания' })).toContainText(
    'Папка 1: не задана',
  );

  await page.getByLabel('Папка 1 (например, внешний диск)').fill(a);
  await page.getByLabel('Папка 2 (другой диск или папка на сервере)').fill(a);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Две копии должны лежать в разных папках')).toBeVisible();
  await page.getByLabel('Папка 2 (другой диск или папка на сервере)').fill(b);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByLabel('Папка 2', { exact: true })).toContainText(b);
  await expect(page.getByLabel('Папка 1', { exact: true })).toContainText('Исправной копии нет');

  await page.getByRole('button', { name: 'Сделать копию сейчас' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByLabel('Ход работы')).toContainText('Копирование: готово, всё проверено', {
    timeout: 30_000,
  });
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  for (const target of ['Папка 1', 'Папка 2']) {
    await expect(page.getByLabel(target, { exact: true })).toContainText('Последняя исправная копия');
  }
  await expect(page.getByRole('alert', { name: 'Копии требуют внимания' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/backups/screen.png', fullPage: true });

  // On the drives: one verified copy and its manifest each, readable by their owner only.
  for (const drive of [a, b]) {
    const folder = join(drive, 'journal-backups');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(2);
    for (const f of files) expect(statSync(join(folder, f)).mode & 0o777).toBe(0o600);
  }
});

async function login(page: Page) {
  await page.getByLabel('Логин').fill('admin');
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

test('the administrator restores a copy, and undoes the restore from the file kept beside the journal', async ({
  page,
}) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto('/');
  await login(page);
  // The copy taken by the test above (its targets are saved in the journal). This session is newer
  // than the copy, so the restored journal does not know it: everyone signs in again.
  await page
    .getByLabel('Папка 1', { exact: true })
    .getByRole('button', { name: 'Восстановить' })
    .first()
    .click();
  await expect(page.getByLabel('Логин')).toBeVisible({ timeout: 30_000 });
  await login(page);
  await expect(page.getByLabel('Ход работы')).toContainText('Восстановление: готово, всё проверено', {
    timeout: 30_000,
  });
  const kept = page.getByRole('heading', { name: 'Журналы, заменённые при восстановлении' });
  await expect(kept).toBeVisible();
  await page.screenshot({ path: 'test-results/backups/restored.png', fullPage: true });
  // Undo: restoring the kept journal (which knows the first session of this test, not the second).
  await page.locator('div', { has: kept }).getByRole('button', { name: 'Восстановить' }).first().click();
  await expect(page.getByLabel('Логин')).toBeVisible({ timeout: 30_000 });
  await login(page);
  await expect(page.getByLabel('Ход работы')).toContainText('Восстановление: готово, всё проверено', {
    timeout: 30_000,
  });
});
