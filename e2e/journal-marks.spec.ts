import { expect, test } from '@playwright/test';
import { clearCell, openTeacherPage } from './grid';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * Several marks in one cell (issue 9): a teacher puts a second mark beside the first, a sixth is
 * refused, changes a mark's work type from the cell, undoes an overwrite with Ctrl+Z and a deletion
 * with «Отменить», and gives a lesson the work type of a контрольная. On a copy of the demo with its
 * own server, so the cells it fills do not disturb the specs sharing the main one.
 */
const server = demoServer('test-results/e2e-marks.sqlite', STAFF_PORT + 8);

test('two marks in one cell, a sixth refused, a work type changed, an overwrite and a deletion undone', async ({
  page,
}) => {
  const { cellOf } = await openTeacherPage(page, server.url);
  const cell = cellOf(0);
  await clearCell(page, cell);

  // 4, then «/» and 3: the cell holds both, and its name says them with their work types.
  await page.keyboard.press('4');
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveText('4');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await page.keyboard.press('/');
  await expect(cell).toHaveClass(/is-adding/);
  await page.keyboard.press('3');
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveText('4/3');
  await expect(cell).toHaveAttribute('aria-label', /: 4, работа на уроке; 3, работа на уроке$/);

  // Shift with a digit adds too, up to five; the sixth is refused in Russian and nothing changes.
  for (const key of ['Shift+Digit5', 'Shift+Digit4', 'Shift+Digit5']) {
    await page.keyboard.press(key);
    await page.keyboard.press('ArrowUp');
  }
  await expect(cell).toHaveText('4/3/5/4/5');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await expect(cell).toBeFocused();
  await page.keyboard.press('Shift+Digit2');
  await expect(page.getByText('В одной клетке не больше 5 отметок').first()).toBeVisible();
  await expect(cell).toHaveText('4/3/5/4/5');
  await expect(cell).toBeFocused();

  // A digit replaces the last mark; Ctrl+Z puts it back.
  await page.keyboard.press('2');
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveText('4/3/5/4/2');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await expect(page.getByText('отметка 5 заменена на 2')).toBeVisible();
  await page.keyboard.press('Control+KeyZ');
  await expect(cell).toHaveText('4/3/5/4/5');

  // The cell's menu (F2): the first mark becomes a контрольная работа with a comment.
  await cell.focus();
  await page.keyboard.press('F2');
  const menu = page.getByRole('dialog', { name: /^Отметки: / });
  await expect(menu).toBeVisible();
  const first = menu.getByRole('group', { name: 'Отметка 4' }).first();
  await first.getByRole('combobox', { name: 'Вид работы отметки 4' }).click();
  await page.getByRole('option', { name: 'Контрольная работа (вес 4)' }).click();
  await first.getByRole('textbox', { name: 'Комментарий' }).fill('вариант 2');
  await page.screenshot({ path: 'test-results/journal-mark-menu.png' });
  await first.getByRole('button', { name: 'Сохранить' }).click();
  await expect(menu).toBeHidden();
  await expect(cell).toHaveAttribute(
    'aria-label',
    /: 4, контрольная работа, «вариант 2»; 3, работа на уроке;/,
  );
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');

  // Delete asks first (a контрольная is among them), then empties the cell; «Отменить» fills it again.
  await cell.focus();
  await page.keyboard.press('Delete');
  const ask = page.getByRole('dialog', { name: 'Удалить отметку?' });
  await expect(ask).toContainText('«4» (контрольная работа, вес 4)');
  await ask.getByRole('button', { name: 'Удалить', exact: true }).click();
  await expect(cell).toHaveText('');
  await page.getByRole('button', { name: 'Отменить' }).click();
  await expect(cell).toHaveText('4/3/5/4/5');
  await expect(cell).toHaveAttribute('aria-label', /: 4, контрольная работа, «вариант 2»;/);

  // All of it is in the journal, not only on the screen.
  await page.reload();
  await page.getByText('Весь год', { exact: true }).click();
  await expect(cellOf(0)).toHaveText('4/3/5/4/5');
  await page.screenshot({ path: 'test-results/journal-marks.png' });
});

test('an undo refused when somebody changed the mark since, with what is there now', async ({
  page,
  browser,
}) => {
  const { cellOf } = await openTeacherPage(page, server.url);
  const cell = cellOf(1);
  await clearCell(page, cell);
  await page.keyboard.press('4');
  await page.keyboard.press('ArrowUp');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');
  await page.keyboard.press('2');
  await page.keyboard.press('ArrowUp');
  await expect(cell).toHaveText('2');
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');

  // A colleague (the same teacher on another computer) sets 5 meanwhile.
  const other = await browser.newPage();
  const { cellOf: theirs } = await openTeacherPage(other, server.url);
  await theirs(1).click();
  await other.keyboard.press('5');
  await expect(theirs(1)).toHaveText('5');
  await expect(theirs(1)).not.toHaveAttribute('aria-busy', 'true');
  await other.close();

  await cell.focus();
  await page.keyboard.press('Control+KeyZ');
  await expect(
    page.getByText(/Отметку уже изменил другой пользователь \(сейчас стоит «5»\)/).first(),
  ).toBeVisible();
  // The cell shows what is there now, and why the undo was not saved.
  await expect(cell).toHaveAttribute('aria-label', /: 5, работа на уроке$/);
  await expect(cell).toHaveAttribute('aria-invalid', 'true');
});

test("a контрольная lesson gives its new marks the lesson's work type", async ({ page }) => {
  const { grid, day, cellOf } = await openTeacherPage(page, server.url);
  await grid.getByRole('columnheader', { name: new RegExp(`^Урок ${day.replace('.', '\\.')}`) }).dblclick();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Вид работы для отметок урока' }).click();
  await page.getByRole('option', { name: 'Контрольная работа (вес 4)' }).click();
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  // (Its own header: the demo's контрольные nearby carry that work type too.)
  await expect(
    grid.getByRole('columnheader', {
      name: new RegExp(`^Урок ${day.replace('.', '\\.')}.*контрольная работа$`),
    }),
  ).toBeVisible();
  const cell = cellOf(2);
  await clearCell(page, cell);
  await page.keyboard.press('3');
  await expect(cell).toHaveAttribute('aria-label', /: 3, контрольная работа$/);
  await expect(page.getByRole('combobox', { name: 'Вид работы для новых отметок' })).toHaveCount(0);
});
