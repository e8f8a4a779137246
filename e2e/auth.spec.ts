import { expect, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { hashPassword } from '../src/main/auth/passwords';

/** The school's administrator issues a temporary password (written here straight into the file). */
function issueTemporaryPassword(login: string, password: string) {
  const db = new BetterSqlite3('test-results/e2e.sqlite');
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE user_account SET password_hash = ?, must_change_password = 1 WHERE login = ?').run(
      hashPassword(password),
      login,
    );
  } finally {
    db.close();
  }
}

test('a temporary password must be changed before the journal opens', async ({ page }) => {
  issueTemporaryPassword('inspector', 'Vremenny-1');
  await page.goto('/');
  await page.getByLabel('Логин').fill('inspector');
  await page.getByLabel('Пароль', { exact: true }).fill('Vremenny-1');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Смена временного пароля' })).toBeVisible();
  await page.getByLabel('Временный пароль').fill('Vremenny-1');
  await page.getByLabel('Новый пароль', { exact: true }).fill('короткий');
  await page.getByLabel('Новый пароль ещё раз').fill('другой');
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByRole('alert')).toHaveText('Новый пароль и повтор не совпадают');
  await page.getByLabel('Новый пароль', { exact: true }).fill('Свой-пароль-2026');
  await page.getByLabel('Новый пароль ещё раз').fill('Свой-пароль-2026');
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByRole('heading', { name: 'Страницы журнала по классам' })).toBeVisible();
});

test('five wrong passwords lock the account, and the screen says so in Russian', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Логин').fill('director');
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Пароль', { exact: true }).fill(`неверный-${i}`);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(
      i < 5 ? 'Неверный логин или пароль' : 'Вход заблокирован на 15 минут',
    );
  }
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Вход заблокирован после 5 неудачных попыток');
});
