import { expect, test } from '@playwright/test';
import { clearCell, openTeacherPage } from './grid';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * What a cell holds besides plain marks (issue 9): a retake typed over an absence, an owed work set
 * from the cell's menu, the minutes of a late arrival, and the lesson's attendance taken. On a copy
 * of the demo with its own server (port offset 10), so the cells it fills disturb no other spec.
 */
const server = demoServer('test-results/e2e-cell-states.sqlite', STAFF_PORT + 10);

test('a retake over an absence, an owed work, minutes late and attendance taken', async ({ page }) => {
  const { grid, day, cellOf } = await openTeacherPage(page, server.url);

  // Н, then a 4 on the same missed lesson: a retake dated today, the absence beside it.
  const retake = cellOf(0);
  await clearCell(page, retake);
  await page.keyboard.press('KeyY'); // Н on a Russian keyboard
  await page.keyboard.press('ArrowUp');
  await expect(retake).toHaveText('Н');
  await expect(retake).not.toHaveAttribute('aria-busy', 'true');
  await page.keyboard.press('4');
  await expect(retake).toHaveText('Н 4');
  await expect(retake).toHaveAttribute('aria-label', /отсутствовал.*; 4, .*; пересдача \d\d\.\d\d$/);
  await expect(retake).toHaveAttribute('title', /Пересдано \d\d\.\d\d/);
  await expect(retake).toHaveClass(/has-retake/);

  // An owed work from the cell's menu: «•» with its due date.
  const owed = cellOf(1);
  await clearCell(page, owed);
  await page.keyboard.press('F2');
  const menu = page.getByRole('dialog', { name: /^Отметки: / });
  const debt = menu.getByRole('region', { name: 'Долг' });
  await debt.getByRole('button', { name: 'Поставить долг' }).click();
  await expect(debt).toContainText(/Долг до \d\d\.\d\d/);
  await page.screenshot({ path: 'test-results/cell-states-owed-menu.png' });
  await menu.getByRole('button', { name: 'Закрыть' }).click();
  await expect(owed).toHaveText('•');
  await expect(owed).toHaveAttribute('aria-label', /: долг до \d\d\.\d\d$/);

  // ОП with minutes: out of 1–45 refused in Russian, 10 saved and said.
  const late = cellOf(2);
  await clearCell(page, late);
  await page.keyboard.press('KeyJ'); // О on a Russian keyboard
  await page.keyboard.press('ArrowUp');
  await expect(late).toHaveText('ОП');
  await expect(late).not.toHaveAttribute('aria-busy', 'true');
  await page.keyboard.press('F2');
  const lateness = menu.getByRole('region', { name: 'Опоздание' });
  const minutes = lateness.getByRole('textbox', { name: 'Опоздал на, минут' });
  await minutes.fill('50');
  await expect(lateness).toContainText('Опоздание указывается в минутах: от 1 до 45');
  await expect(lateness.getByRole('button', { name: 'Сохранить минуты' })).toBeDisabled();
  await minutes.fill('10');
  await lateness.getByRole('button', { name: 'Сохранить минуты' }).click();
  await expect(lateness).toContainText('Опоздал на 10 минут');
  await page.screenshot({ path: 'test-results/cell-states-late-menu.png' });
  await menu.getByRole('button', { name: 'Закрыть' }).click();
  await expect(late).toHaveAttribute('aria-label', /: опоздал на 10 минут/);
  await expect(late).toHaveAttribute('title', /опоздал на 10 минут/);

  // The absences took the lesson's attendance: its header says so.
  const header = grid.getByRole('columnheader', { name: new RegExp(`^Урок ${day.replace('.', '\\.')}`) });
  await expect(header).toHaveAttribute('title', /Посещаемость отмечена/);
  await expect(header).toHaveClass(/journal-date--attended/);
  await owed.click();
  await page.locator('.journal-scroll').screenshot({ path: 'test-results/cell-states-grid.png' });
  await page.screenshot({ path: 'test-results/cell-states-page.png' });

  // A mark typed into the owed cell settles the debt.
  await owed.click();
  await page.keyboard.press('5');
  await expect(owed).toHaveText('5');
  await page.reload();
  await page.getByText('Весь год', { exact: true }).click();
  await expect(cellOf(1)).toHaveText('5');
  await expect(cellOf(0)).toHaveText('Н 4');
});
