import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { STAFF_PORT } from './ports.mjs';
import { journalServer } from './server';

/**
 * A real school's first start (`serve --db <a file that does not exist>`): the first-run screen shows
 * the full path and wants it confirmed, then the school and the first administrator; the journal is
 * created and the administrator logs in with the password typed there and sees their start screen.
 * Its own server on its own ports (the shared one serves the demo), on a path in a fresh folder.
 */
const dir = mkdtempSync(join(tmpdir(), 'journal-first-run-'));
const path = join(dir, 'new.sqlite');
// STAFF_PORT and the next serve the shared demo; offline.spec takes +2 and +3.
const server = journalServer(path, STAFF_PORT + 4);

test.beforeAll(async () => {
  await server.start();
});
test.afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the first run creates the school journal and its administrator, who then logs in', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Первый запуск: новый журнал' })).toBeVisible();
  await expect(page.getByLabel('Путь к файлу журнала')).toHaveText(path);
  await expect(page.getByText('Проверьте путь')).toBeVisible();
  // Nothing can be typed or created before the path is confirmed.
  await expect(page.getByLabel('Краткое название')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Создать журнал' })).toBeDisabled();
  await page.screenshot({ path: '/tmp/first-run-1-path.png', fullPage: true });

  await page.getByLabel('Да, создать новый журнал школы именно в этом файле').check();
  // Sent empty: every required field says what it wants, and nothing is created.
  await page.getByRole('button', { name: 'Создать журнал' }).click();
  await expect(page.getByText('Краткое название школы: поле не должно быть пустым')).toBeVisible();
  await expect(page.getByText('Фамилия администратора: поле не должно быть пустым')).toBeVisible();
  expect(statSync(path, { throwIfNoEntry: false })).toBeUndefined();
  await page.screenshot({ path: '/tmp/first-run-1b-empty.png', fullPage: true });

  await page.getByLabel('Краткое название').fill('МБОУ «СОШ № 7»');
  await page
    .getByLabel('Полное наименование (по уставу)')
    .fill('Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»');
  await page.getByLabel('Адрес').fill('г. Энск, ул. Школьная, д. 7');
  await page.getByLabel('Директор (ФИО)').fill('Петрова Анна Сергеевна');
  await page.getByLabel(/^Фамилия/).fill('Щукина');
  await page.getByLabel(/^Имя/).fill('Юлия');
  await page.getByLabel(/^Отчество/).fill('Андреевна');
  // The login is made from the name by the one login rule.
  await expect(page.getByLabel('Логин')).toHaveValue('shchukina.ia');
  await page.getByLabel(/^Пароль \*?$|^Пароль$/).fill('qwerty123');
  await expect(page.getByText('Этот пароль слишком распространён')).toBeVisible();
  await page.getByLabel(/^Пароль \*?$|^Пароль$/).fill('Журнал-школы-7');
  await page.getByLabel('Пароль ещё раз').fill('Журнал-школы-8');
  await page.getByRole('button', { name: 'Создать журнал' }).click();
  await expect(page.getByText('Пароль и повтор не совпадают')).toBeVisible();
  expect(statSync(path, { throwIfNoEntry: false })).toBeUndefined();
  await page.getByLabel('Пароль ещё раз').fill('Журнал-школы-7');
  await page.screenshot({ path: '/tmp/first-run-2-form.png', fullPage: true });
  await page.getByRole('button', { name: 'Создать журнал' }).click();

  // The journal exists now: the ordinary login screen, with the school's name and no demo accounts.
  await expect(page.getByRole('button', { name: 'Войти', exact: true })).toBeVisible();
  await expect(page.getByText('МБОУ «СОШ № 7»')).toBeVisible();
  await expect(page.getByText('Демонстрационная школа')).toHaveCount(0);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  await page.screenshot({ path: '/tmp/first-run-3-login.png', fullPage: true });

  // A reload finds the journal ready: no first-run screen again.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Войти', exact: true })).toBeVisible();
  await page.getByLabel('Логин').fill('shchukina.ia');
  await page.getByLabel('Пароль').fill('Журнал-школы-7');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(page.getByText('Щукина Юлия Андреевна · Администратор')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Разделы' })).toBeVisible();
  await page.screenshot({ path: '/tmp/first-run-4-admin.png', fullPage: true });
});
