import { expect, test } from '@playwright/test';
import { DIARY_URL } from './ports.mjs';

const DIARY = DIARY_URL;

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the diary fits the screen: lessons as a list, nothing to scroll sideways', async ({ page }) => {
    await page.goto(DIARY);
    await page.getByRole('button', { name: 'Войти как Родитель' }).click();
    await expect(page.getByRole('combobox', { name: 'Ребёнок' })).toBeVisible();
    await expect(page.getByRole('region', { name: /^понедельник/ })).toBeVisible();
    // A holiday week has no lessons: go back to a week that has some.
    for (let i = 0; i < 6 && (await page.getByRole('listitem').count()) === 0; i++) {
      await page.getByRole('button', { name: '← Предыдущая неделя' }).click();
      await page.waitForLoadState('networkidle');
    }
    await expect(page.getByRole('listitem').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
