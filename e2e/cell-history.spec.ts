import { expect, type Page, test } from '@playwright/test';
import { clearFocusedCell, lastPastDay, openWholeYear } from './grid';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * «История клетки» (issue 9): the teacher sets a mark and replaces it, opens the cell's history with
 * F3, reads who changed what, closes it with Esc and is back on the cell; the cell's menu opens it
 * too. On a copy of the demo with its own server, so the cell it fills disturbs no other spec.
 */
const server = demoServer('test-results/e2e-history.sqlite', STAFF_PORT + 11);

async function open(page: Page) {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Войти как Учитель (русский язык и литература)' }).click();
  const grid = await openWholeYear(page);
  const day = await lastPastDay(page);
  const cell = grid
    .locator('tbody tr')
    .nth(1)
    .getByRole('gridcell', { name: new RegExp(`, ${day.replace('.', '\\.')}(:|,|$)`) })
    .first();
  return { day, cell };
}

test('F3 opens the cell history with who set which mark and what it replaced; Esc gives the cell back', async ({
  page,
}) => {
  const { day, cell } = await open(page);
  await cell.click();
  await clearFocusedCell(page, cell);
  await page.keyboard.press('4');
  await expect(cell).toHaveText('4');
  await page.keyboard.press('ArrowUp');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await expect(cell).toBeFocused();
  await page.keyboard.press('5');
  await expect(cell).toHaveText('5');
  await page.keyboard.press('ArrowUp');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await expect(cell).toBeFocused();

  // The lesson's topic, from its date (two rows up): the panel lists the lesson's changes too.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const lessonDialog = page.getByRole('dialog', { name: /^Урок: / });
  await lessonDialog.getByLabel('Тема урока').fill('Однородные члены предложения');
  await lessonDialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(lessonDialog).toBeHidden();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(cell).toBeFocused();

  await page.keyboard.press('F3');
  const panel = page.getByRole('dialog', {
    name: new RegExp(`^История клетки: .+, ${day.replace('.', '\\.')}$`),
  });
  await expect(panel).toBeVisible();
  const changes = panel.getByRole('region', { name: 'Отметки и пропуски' }).getByRole('listitem');
  const texts = await changes.allInnerTexts();
  // The newest changes are the teacher's: set, replaced (older entries are the demo's or the clearing).
  await expect(changes.nth(texts.length - 2)).toContainText('поставлена 4');
  await expect(changes.last()).toContainText('4 заменена на 5');
  await expect(changes.last()).toContainText('(учитель)');
  await expect(panel.getByRole('region', { name: 'Урок: тема, задание, замена' })).toContainText(
    'тема «Однородные члены предложения»',
  );
  await page.screenshot({ path: 'test-results/cell-history.png' });

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(cell).toBeFocused();

  // The cell's menu (F2) has «История» too.
  await page.keyboard.press('F2');
  await page
    .getByRole('dialog', { name: /^Отметки: / })
    .getByRole('button', { name: 'История' })
    .click();
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('listitem').filter({ hasText: '4 заменена на 5' })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(cell).toBeFocused();
});

test("the deputy reads a demo cell's history on a read-only page: the mark with its author", async ({
  page,
}) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: /Войти как Заместитель директора/ }).click();
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  // The whole school, a row per class: 5А's Russian.
  await page
    .getByRole('row', { name: /^5А / })
    .getByRole('link', { name: 'Русский язык', exact: true })
    .click();
  const grid = await openWholeYear(page, false);
  await expect(grid).toHaveAttribute('aria-readonly', 'true');
  // A cell the demo filled, pinned by its name (the grid scrolls and renders other columns).
  const label =
    (await grid
      .getByRole('gridcell', { name: /, \d\d\.\d\d: [2-5],/ })
      .first()
      .getAttribute('aria-label')) ?? '';
  const mark = label.match(/: ([2-5]),/)![1]!;
  const cell = grid.getByRole('gridcell', { name: label, exact: true });
  await cell.click();
  await page.keyboard.press('F3');
  const panel = page.getByRole('dialog', { name: /^История клетки: / });
  await expect(panel).toBeVisible();
  const first = panel.getByRole('region', { name: 'Отметки и пропуски' }).getByRole('listitem').first();
  await expect(first).toContainText(`поставлена ${mark} (`);
  // The demo wrote its marks without the audit log: the panel says so, with the teacher who gave it.
  await expect(first).toContainText('(учитель) · внесено без записи в журнале операций');
  await page.screenshot({ path: 'test-results/cell-history-deputy.png' });
  await page.keyboard.press('Escape');
  await expect(cell).toBeFocused();
});
