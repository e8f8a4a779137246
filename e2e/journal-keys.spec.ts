import { expect, type Locator, type Page, test } from '@playwright/test';
import { clearFocusedCell, lastPastDay, openWholeYear } from './grid';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * The grid as a teacher expects it (issue 9): the page opens with the keyboard on today's (or the
 * last given) lesson, PageUp/PageDown and Ctrl+Home/End move as in a spreadsheet, a key that means
 * nothing says what the keys are (once), an absence replaced or deleted is undone like a mark, the
 * dates never paint over «Ученик» when scrolled, and a read-only page shows no editing hints. On a
 * copy of the demo with its own server, so the cells it fills do not disturb other specs.
 */
const server = demoServer('test-results/e2e-keys.sqlite', STAFF_PORT + 12);

async function signIn(page: Page, who: string | RegExp = 'Войти как Учитель (русский язык и литература)') {
  await page.goto(server.url);
  await page.getByRole('button', { name: who }).click();
}

/** The focused cell's place, «строка:столбец» (row -1 is the dates). */
const focusedPos = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement).dataset.pos);

test("the page opens on today's (or the last given) lesson, first student, ready to type", async ({
  page,
}) => {
  await signIn(page);
  const grid = await openWholeYear(page);
  const today = new Date().toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' }).slice(0, 5);
  const hasToday =
    (await grid
      .getByRole('columnheader', { name: new RegExp(`^Урок ${today.replace('.', '\\.')}`) })
      .count()) > 0;
  const day = hasToday ? today : await lastPastDay(page);

  const focused = page.locator(':focus');
  await expect(focused).toHaveRole('gridcell');
  await expect(focused).toHaveAttribute(
    'aria-label',
    new RegExp(`^[^,]+, ${day.replace('.', '\\.')}(:|,|$)`),
  );
  expect(await focusedPos(page)).toMatch(/^0:/);
  const cell = page.locator(`[data-pos="${await focusedPos(page)}"]`);
  // Typing goes straight into it; the page's heading names the class, the subject and the period.
  await clearFocusedCell(page, cell);
  await page.keyboard.press('5');
  await expect(cell).toHaveText('5');
  await expect(page.getByRole('heading', { name: /^5А · Русский язык · весь год$/ })).toBeVisible();
});

test('PageUp/PageDown move a screen of rows, Ctrl+Home/End go to the first and the last cell', async ({
  page,
}) => {
  await signIn(page);
  const grid = await openWholeYear(page);
  await expect(page.locator(':focus')).toHaveRole('gridcell');
  const students = await grid.locator('tbody tr').count();
  const col = (await focusedPos(page))!.split(':')[1];

  await page.keyboard.press('PageDown');
  const [down] = (await focusedPos(page))!.split(':').map(Number) as [number];
  expect(down, 'more than one row, as many as fit').toBeGreaterThan(5);
  expect(await focusedPos(page)).toBe(`${Math.min(down, students - 1)}:${col}`);
  await page.keyboard.press('PageUp');
  expect(await focusedPos(page)).toBe(`0:${col}`);

  // Ctrl+End: the last student in the column End reaches (the last lesson).
  await page.keyboard.press('End');
  const last = (await focusedPos(page))!.split(':')[1];
  expect(Number(last)).toBeGreaterThan(Number(col));
  await page.keyboard.press('Control+End');
  await expect.poll(() => focusedPos(page)).toBe(`${students - 1}:${last}`);
  await page.keyboard.press('Control+Home');
  await expect.poll(() => focusedPos(page)).toBe('0:0');
  await expect(page.locator(':focus')).toBeInViewport();

  // The focused cell taken out of the document and put back (as a re-render moving it does): Chromium
  // drops the focus to <body>, and the grid takes it back, so the next key still works.
  await page.evaluate(() => {
    const cell = document.activeElement!;
    cell.parentNode!.insertBefore(cell, cell.nextSibling);
  });
  await expect.poll(() => focusedPos(page)).toBe('0:0');
  await page.keyboard.press('ArrowDown');
  expect(await focusedPos(page)).toBe('1:0');
});

test('a key that means nothing says what the keys are, once per visit', async ({ page }) => {
  await signIn(page);
  await openWholeYear(page);
  const focused = page.locator(':focus');
  await expect(focused).toHaveRole('gridcell');
  const before = await focused.textContent();
  await page.keyboard.press('7');
  const help = page.getByRole('alert').filter({ hasText: 'Эта клавиша в журнале ничего не делает' });
  await expect(help).toBeVisible();
  for (const line of [
    '2–5 — отметка',
    'Н, Б, У, О — пропуск',
    'Delete — очистить клетку',
    'F2 — меню клетки',
    'Ctrl+Z — отменить',
  ])
    await expect(help).toContainText(line);
  await expect(focused).toHaveText(before ?? '');
  await page.screenshot({ path: 'test-results/journal-keys-help.png' });
  await help.getByRole('button').first().click();
  await expect(help).toBeHidden();
  // Once: a Latin letter now says nothing more; Tab and Escape never did.
  await page.locator('[data-pos^="0:"][tabindex="0"]').focus();
  await page.keyboard.press('q');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  await expect(help).toHaveCount(0);
});

test('an absence replaced or deleted is undone, with «Отменить» and with Ctrl+Z', async ({ page }) => {
  await signIn(page);
  const grid = await openWholeYear(page);
  const day = await lastPastDay(page);
  const cell: Locator = grid
    .locator('tbody tr')
    .nth(3)
    .getByRole('gridcell', { name: new RegExp(`, ${day.replace('.', '\\.')}(:|,|$)`) })
    .first();
  await cell.click();
  await clearFocusedCell(page, cell);

  // Н (the key of Н in any layout), then Б over it: «Отменить» gives the Н back, and the keyboard stays.
  await page.keyboard.press('KeyY');
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveText('Н');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await page.keyboard.press('Comma');
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveText('Б');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  const notice = page.getByRole('alert').filter({ hasText: 'Н заменено на Б' });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Отменить' }).click();
  await expect(cell).toHaveText('Н');
  await expect(cell).toBeFocused();
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');

  // Ctrl+Z takes the new Н away (the cell was empty).
  await page.keyboard.press('Control+KeyZ');
  await expect(cell).toHaveText('');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');

  // Delete of an absence is offered «Отменить» and undone by Ctrl+Z too.
  await page.keyboard.press('KeyY');
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveText('Н');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await page.keyboard.press('Delete');
  await expect(cell).toHaveText('');
  await expect(page.getByRole('alert').filter({ hasText: 'удалено «Н»' })).toBeVisible();
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await expect(cell).toBeFocused();
  await page.keyboard.press('Control+KeyZ');
  await expect(cell).toHaveText('Н');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');

  await page.reload();
  await page.getByText('Весь год', { exact: true }).click();
  await expect(cell).toHaveText('Н');
});

test('the dates scroll under «Ученик»', async ({ page }) => {
  await signIn(page);
  const grid = await openWholeYear(page);
  await page.locator('.journal-scroll').evaluate((el) => el.scrollBy({ left: 600 }));
  await page.waitForTimeout(200);
  const corner = grid.getByRole('columnheader', { name: 'Ученик' });
  const box = (await corner.boundingBox())!;
  // What is painted at the corner's middle right is the corner itself, not a date scrolled under it.
  const onTop = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x!, y!)?.closest('th')?.textContent,
    [box.x + box.width - 10, box.y + box.height / 2],
  );
  expect(onTop).toBe('Ученик');
  await page.screenshot({ path: 'test-results/journal-scrolled.png' });
  await expect(page.getByText(/Стрелки — переход по ячейкам/)).toBeVisible();
});

test('a read-only page (the deputy) shows no editing hints, and has a heading', async ({ page }) => {
  await signIn(page, /^Войти как Заместитель директора/);
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  await page
    .getByRole('row', { name: /^5А/ })
    .getByRole('link', { name: /^Русский язык/ })
    .first()
    .click();
  await expect(page.getByRole('grid')).toBeVisible();
  await expect(page.getByText('только просмотр')).toBeVisible();
  await expect(page.getByText(/Стрелки — переход по ячейкам/)).toHaveCount(0);
  await expect(page.getByText(/2–5 — отметка/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Добавить урок' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: /^5А · Русский язык · / })).toBeVisible();
  await page.locator(':focus').press('7');
  await page.waitForTimeout(300);
  await expect(page.getByText('Эта клавиша в журнале ничего не делает')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/journal-read-only.png' });
});

test('a page refetch answered before a save does not take the saved mark back (the CI flake of journal-marks)', async ({
  page,
}) => {
  await signIn(page);
  await openWholeYear(page);
  const cell = page.locator(`[data-pos="${await focusedPos(page)}"]`);
  await clearFocusedCell(page, cell);
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  // A loaded machine: the page's refetch (the live refresh after each save) answers late, so it is
  // still on its way when the next save lands.
  await page.route('**/api/journal.page', async (route) => {
    const response = await route.fetch();
    await new Promise((r) => setTimeout(r, 3000));
    await route.fulfill({ response });
  });
  const marks = ['4', '4/3', '4/3/5', '4/3/5/4', '4/3/5/4/5'];
  for (const [i, key] of ['4', 'Shift+Digit3', 'Shift+Digit5', 'Shift+Digit4', 'Shift+Digit5'].entries()) {
    await page.keyboard.press(key);
    await page.keyboard.press('ArrowUp');
    await expect(cell).not.toHaveAttribute('aria-busy', 'true');
    await page.waitForTimeout(1500);
    await expect(cell).toHaveText(marks[i]!);
  }
  await page.keyboard.press('Shift+Digit2');
  await expect(page.getByText('В одной клетке не больше 5 отметок').first()).toBeVisible();
  await page.waitForTimeout(4000);
  await expect(cell).toHaveText('4/3/5/4/5');
  await expect(cell).toBeFocused();
  await expect(page.getByText(/уже изменил другой пользователь/)).toHaveCount(0);
});
