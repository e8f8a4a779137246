import { expect, type Page, test } from '@playwright/test';
import { DIARY_URL } from './ports.mjs';

async function signIn(page: Page, url: string, login: string) {
  await page.goto(url);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

const loginForm = (page: Page) => page.getByRole('button', { name: 'Войти', exact: true });

test('a family stays signed in when the diary opens in a new tab, and signs out everywhere', async ({
  context,
  page,
}) => {
  await signIn(page, DIARY_URL, 'roditel');
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();

  const second = await context.newPage();
  await second.goto(DIARY_URL);
  await expect(second.getByRole('button', { name: 'Выйти' })).toBeVisible();
  await expect(loginForm(second)).toHaveCount(0);

  // Signing out in one tab ends the session in the other one too, without a reload.
  await second.getByRole('button', { name: 'Выйти' }).click();
  await expect(loginForm(second)).toBeVisible();
  await expect(loginForm(page)).toBeVisible();
});

test('staff sign in per tab: a new tab on a shared computer asks again', async ({ context, page }) => {
  await signIn(page, '/', 'teacher');
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
  const second = await context.newPage();
  await second.goto('/');
  await expect(loginForm(second)).toBeVisible();
});
