import { expect, type Locator, type Page } from '@playwright/test';

/** Opens «5А · Русский язык» for the whole year (from the list, unless the address already names it). */
export async function openWholeYear(page: Page, fromList = true) {
  if (fromList) await page.getByRole('link', { name: /5А · Русский язык/ }).click();
  await page.getByText('Весь год', { exact: true }).click();
  const grid = page.getByRole('grid', { name: /весь год/ });
  await expect(grid).toBeVisible();
  return grid;
}

/** The latest lesson before today in view, as its column header's «ДД.ММ». */
export async function lastPastDay(page: Page): Promise<string> {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const now = new Date(today);
  // The demo year spans September to August; a header shows day and month only.
  const year = now.getMonth() + 1 >= 9 ? now.getFullYear() : now.getFullYear() - 1;
  const labels = await page
    .getByRole('columnheader', { name: /^Урок / })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const past = labels
    .map((l) => l.slice(5, 10))
    .filter((d) => {
      const [dd, mm] = d.split('.').map(Number) as [number, number];
      const iso = `${mm >= 9 ? year : year + 1}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
      return iso < today;
    });
  expect(past.length, 'the demo year has past lessons').toBeGreaterThan(0);
  return past.at(-1)!;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A cell's accessible name, «Фамилия Имя, ДД.ММ» followed by what it holds («: 4, контрольная
 * работа»): matched from the start, so the cell is found whatever it holds.
 */
export function cellName(student: string, day: string): RegExp {
  return new RegExp(`^${escapeRegExp(student)}, ${escapeRegExp(day)}(:|,|$)`);
}

/**
 * Delete on the focused cell; a mark of a heavy work type (a контрольная) is deleted only after the
 * teacher confirms, which this does. Waits until the cell is empty.
 */
export async function clearFocusedCell(page: Page, cell: Locator) {
  await page.keyboard.press('Delete');
  const ask = page.getByRole('dialog', { name: 'Удалить отметку?' });
  await expect(ask.or(cell.filter({ hasText: /^$/ })).first()).toBeVisible();
  if (await ask.isVisible()) await ask.getByRole('button', { name: 'Удалить', exact: true }).click();
  await expect(cell).toHaveText('');
}
