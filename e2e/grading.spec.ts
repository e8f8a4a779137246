import { expect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { STAFF_PORT } from './ports.mjs';
import { journalServer } from './server';

/**
 * The deputy's «Оценивание» on a copy of the demo (its own server: the settings it changes would
 * change every other spec's journal): a weight changed without touching the marks already given,
 * a weight of zero refused, a used work type archived, the rounding rule and the minimum saved;
 * the director sees the same settings read-only.
 */
const path = 'test-results/e2e-grading.sqlite';
const server = journalServer(path, STAFF_PORT + 8);

test.beforeAll(async () => {
  server.copyDemo();
  // auth.spec locks the director's account on the shared demo with five wrong passwords; this copy
  // starts with nobody locked out.
  const db = new BetterSqlite3(path);
  try {
    db.exec('UPDATE user_account SET failed_logins = 0, locked_until = NULL');
  } finally {
    db.close();
  }
  await server.start();
});
test.afterAll(async () => {
  await server.stop();
});

function read<T>(sql: string): T {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

const controlWeights = () =>
  read<{ n: number; sum: number }>(
    `SELECT count(*) AS n, sum(m.weight) AS sum FROM mark m JOIN work_type w ON w.id = m.work_type_id
     WHERE w.name = 'Контрольная работа'`,
  );

async function open(page: Page, login: string) {
  await page.goto(server.url);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await page.getByRole('link', { name: 'Оценивание' }).click();
  await expect(page.getByRole('heading', { name: 'Оценивание', level: 2 })).toBeVisible();
}

test('the deputy changes a weight, refuses zero, archives a used work type and sets the rounding', async ({
  page,
}) => {
  const given = controlWeights();
  expect(given.n).toBeGreaterThan(0);
  await open(page, 'zavuch');
  const control = page.getByRole('row', { name: /Контрольная работа/ });
  await expect(control).toContainText('4');

  await page.getByRole('button', { name: 'Изменить: Контрольная работа' }).click();
  const dialog = page.getByRole('dialog', { name: 'Изменить вид работы' });
  await dialog.getByLabel('Вес').fill('0');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog.getByText('Вес: должен быть больше нуля')).toBeVisible();
  await dialog.getByLabel('Вес').fill('5');
  await expect(dialog.getByText(/сохранят вес 4; новый вес получат только новые отметки/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Вид работы «Контрольная работа» сохранён')).toBeVisible();
  await expect(control.getByRole('cell').nth(1)).toHaveText('5');
  // The marks already given keep the weight copied on them.
  expect(controlWeights()).toEqual(given);

  await page.getByRole('button', { name: 'В архив: Диагностическая работа' }).click();
  await expect(page.getByText(/«Диагностическая работа» перенесён в архив/)).toBeVisible();
  await expect(page.getByRole('row', { name: /Диагностическая работа/ })).toContainText('в архиве');

  await page.getByRole('radio', { name: /С 0,65/ }).check();
  await expect(page.getByText('По выбранному правилу: 3,50 → «3», 3,60 → «3», 3,65 → «4»')).toBeVisible();
  await page.getByLabel('Минимум текущих отметок за период').fill('4');
  await page.getByRole('button', { name: 'Сохранить правила' }).click();
  await expect(page.getByText('Правила сохранены')).toBeVisible();
  expect(read<{ value: string }>("SELECT value FROM setting WHERE key = 'marks.rules'").value).toBe(
    '{"rounding":"x.65","minMarks":4}',
  );
});

test('the director sees the settings read-only', async ({ page }) => {
  await open(page, 'director');
  await expect(page.getByText('здесь они только для просмотра')).toBeVisible();
  await expect(page.getByText('Минимум текущих отметок за период: 4')).toBeVisible();
  await expect(page.getByRole('button', { name: /Изменить|Добавить|Сохранить/ })).toHaveCount(0);
});
