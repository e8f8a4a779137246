import { expect, type Page, test } from '@playwright/test';
import { clearFocusedCell, lastPastDay, openWholeYear } from './grid';

/**
 * The journal grid's save states (TanStack Query mutations) and its forms (the contract's schemas),
 * as a teacher sees them. Screenshots of the states go to test-results/.
 */

async function openYear(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Войти как Учитель (русский язык и литература)' }).click();
  return openWholeYear(page);
}

test('a cell shows its save while it is sent, a failure until it is saved again, and a correction in time', async ({
  page,
}) => {
  const grid = await openYear(page);
  const day = await lastPastDay(page);
  const cellOf = (row: number) =>
    grid
      .locator('tbody tr')
      .nth(row)
      .getByRole('gridcell', { name: new RegExp(`, ${day.replace('.', '\\.')}`) })
      .first();
  const [a, b] = [cellOf(0), cellOf(1)];
  for (const cell of [a, b]) {
    await cell.click();
    await clearFocusedCell(page, cell);
    await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  }

  // The journal refuses the first student's mark: the cell says so, in Russian, and keeps it. (A mark
  // that cannot reach the journal at all waits on this computer instead: e2e/offline.spec.ts.)
  await page.route('**/api/journal.setMark', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: { code: 'INTERNAL', message: 'Внутренняя ошибка. Изменения не сохранены.' },
      }),
    }),
  );
  await a.click();
  await page.keyboard.press('3');
  await expect(a).toHaveAttribute('aria-invalid', 'true');
  await expect(a).toContainText('Внутренняя ошибка');
  await expect(page.getByRole('status').filter({ hasText: 'отметка 3' })).toContainText(
    'отметка 3: не сохранено. Внутренняя ошибка',
  );
  await page.unroute('**/api/journal.setMark');

  // The next student's mark is on its way (held): shown at once, greyed and busy.
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/api/journal.setMark', async (route) => {
    await held;
    await route.continue();
  });
  await expect(b).toBeFocused();
  await page.keyboard.press('4');
  await expect(b).toHaveText('4');
  await expect(b).toHaveAttribute('aria-busy', 'true');
  await expect(b).toHaveClass(/is-pending/);
  await expect(a).toHaveAttribute('aria-invalid', 'true');
  // The page's grid as the teacher sees it: the failed cell (red) above the one being saved (grey).
  const box = (await a.boundingBox())!;
  await page.screenshot({
    path: 'test-results/journal-cell-states.png',
    clip: { x: 0, y: Math.max(0, box.y - 160), width: 1400, height: 320 },
  });

  // Corrected before the first save is back: the correction waits for it and replaces it, not
  // refused as a change by someone else.
  await page.keyboard.press('ArrowUp');
  await expect(b).toBeFocused();
  await page.keyboard.press('5');
  await expect(b).toHaveText('5');
  release();
  await expect(page.getByRole('status').filter({ hasText: 'отметка 5' })).toContainText(
    'отметка 5: сохранено',
  );
  await expect(b).not.toHaveAttribute('aria-busy', 'true');
  await expect(b).not.toHaveAttribute('aria-invalid', 'true');
  await expect(b).toHaveText('5');
  await page.unroute('**/api/journal.setMark');

  // Saved again, the failed cell is an ordinary cell.
  await a.click();
  await page.keyboard.press('2');
  await expect(a).toHaveText('2');
  await expect(a).not.toHaveAttribute('aria-invalid', 'true');
  await expect(a).not.toHaveAttribute('aria-busy', 'true');

  // And both survive a reload.
  await page.reload();
  await page.getByText('Весь год', { exact: true }).click();
  await expect(cellOf(0)).toHaveText('2');
  await expect(cellOf(1)).toHaveText('5');
});

test('a computer the browser thinks offline still tries, keeps the mark as waiting, and sends it when it can', async ({
  page,
  context,
}) => {
  const grid = await openYear(page);
  const day = await lastPastDay(page);
  const cell = grid
    .locator('tbody tr')
    .nth(2)
    .getByRole('gridcell', { name: new RegExp(`, ${day.replace('.', '\\.')}`) })
    .first();
  await cell.click();
  await context.setOffline(true);
  await page.keyboard.press('3');
  // In browser mode the request fails; what matters is that the save ran instead of being paused,
  // and that the mark, which could not reach the journal, is kept and said to be waiting.
  await expect(cell).toHaveAttribute('aria-label', /, ожидает отправки$/);
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('alert', { name: 'Нет связи с сервером журнала' })).toBeVisible();
  await context.setOffline(false);
  await expect(cell).not.toHaveAttribute('aria-label', /ожидает отправки/, { timeout: 15_000 });
  await expect(cell).toHaveText('3');
  await expect(cell).not.toHaveAttribute('aria-invalid', 'true');
});

test('the lesson dialog says the contract’s limits under the field, in Russian, and saves once they hold', async ({
  page,
}) => {
  const grid = await openYear(page);
  const day = await lastPastDay(page);
  const header = grid.getByRole('columnheader', { name: new RegExp(`^Урок ${day.replace('.', '\\.')}`) });
  await header.first().dblclick();
  const dialog = page.getByRole('dialog');
  const topic = dialog.getByLabel('Тема урока');
  await topic.fill('Сложные предложения. '.repeat(40));
  await dialog.getByLabel('Домашнее задание').focus();
  await expect(dialog.getByText(/^Тема урока: не длиннее \d+ символов$/)).toBeVisible();
  await expect(topic).toHaveAttribute('aria-invalid', 'true');
  await dialog.screenshot({ path: 'test-results/lesson-dialog-error.png' });
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeVisible();

  await topic.fill('Сложные предложения');
  await dialog.getByLabel('Домашнее задание').focus();
  await expect(dialog.getByText(/^Тема урока: не длиннее/)).toBeHidden();
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  await expect(grid.getByRole('columnheader', { name: /тема: Сложные предложения$/ }).first()).toBeVisible();
});

test('the add-lesson dialog refuses an empty date and number under their fields, sending nothing', async ({
  page,
}) => {
  await openYear(page);
  let sent = 0;
  await page.route('**/api/journal.addLesson', (route) => {
    sent++;
    return route.continue();
  });
  await page.getByRole('button', { name: 'Добавить урок' }).click();
  const dialog = page.getByRole('dialog', { name: 'Добавить урок' });
  await dialog.getByLabel('Номер урока в расписании').fill('');
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog.getByText('Заполните это поле')).toHaveCount(2);
  await expect(dialog.getByLabel('Номер урока в расписании')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).not.toContainText('undefined');
  await dialog.screenshot({ path: 'test-results/add-lesson-dialog-error.png' });
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(dialog).toBeHidden();
  expect(sent).toBe(0);
});
