import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { demoFacts } from './demo';

/**
 * The administrator loads two new students into an existing class of the demo school from an .xlsx
 * made here, after downloading the template; the class's teacher then sees them on the journal page.
 */

async function login(page: Page, login: string) {
  await page.goto('/');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

/** Picks the file as a person does: the field opens the file chooser. */
async function pick(page: Page, buffer: Buffer, name = 'новые ученики.xlsx') {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByLabel('Файл списка').click(),
  ]);
  await chooser.setFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
}

/** The class of the teacher's Russian page (e2e/demo.ts), as the journal names it. */
function classOfTeacherPage(loadId: number): string {
  const db = new BetterSqlite3('test-results/e2e.sqlite', { readonly: true });
  try {
    return (
      db
        .prepare('SELECT c.name FROM teaching_load l JOIN class c ON c.id = l.class_id WHERE l.id = ?')
        .get(loadId) as { name: string }
    ).name;
  } finally {
    db.close();
  }
}

test('the administrator imports two students of a class from .xlsx, and their teacher sees them', async ({
  page,
}) => {
  const { loadId } = demoFacts();
  const className = classOfTeacherPage(loadId);
  await login(page, 'admin');
  await page.getByRole('link', { name: 'Импорт' }).click();
  await expect(page.getByRole('heading', { name: 'Импорт' })).toBeVisible();

  // The template: an .xlsx whose first row holds the Russian headers.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать шаблон' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Шаблон — ученики.xlsx');
  const template = new ExcelJS.Workbook();
  await template.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
  const headers = (template.worksheets[0]!.getRow(1).values as string[]).slice(1);
  expect(headers.slice(0, 7)).toEqual([
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Пол',
    'Класс',
    'Представитель 1: ФИО',
  ]);

  // The list, filled in the template's own columns: two brothers with their mother.
  const sheet = template.worksheets[0]!;
  sheet.spliceRows(2, 1);
  const mother = ['Новосёлова Инна Павловна', 'мать', '+7 900 777-00-11', 'novoselova@example.ru'];
  sheet.addRow([
    'Новосёлов',
    'Платон',
    'Игоревич',
    new Date(Date.UTC(2014, 4, 6)),
    'м',
    className,
    ...mother,
  ]);
  sheet.addRow([
    'Новосёлов',
    'Савва',
    'Игоревич',
    '06.05.2014',
    'м',
    className.replace(/(\d+)/, '$1 '),
    ...mother,
  ]);
  const buffer = Buffer.from(await template.xlsx.writeBuffer());
  await pick(page, buffer);

  const preview = page.getByRole('table', { name: 'Строки файла' });
  await expect(preview.getByRole('row')).toHaveCount(3);
  await expect(preview.getByRole('row').nth(1)).toContainText('Новосёлов Платон Игоревич');
  await expect(preview.getByRole('row').nth(1)).toContainText('новая запись');
  await expect(preview.getByRole('row').nth(2)).toContainText(
    'представитель: Новосёлова Инна Павловна (мать), как в строке 2',
  );
  await expect(page.getByText('2 строки — новые.')).toBeVisible();
  await page.screenshot({ path: '/tmp/import-preview.png', fullPage: true });

  await page.getByRole('button', { name: 'Импортировать' }).click();
  await expect(page.getByRole('status', { name: 'Импорт выполнен' })).toContainText('Импорт выполнен');
  await expect(page.getByRole('status', { name: 'Импорт выполнен' })).toContainText('2 строки — новые');
  await page.screenshot({ path: '/tmp/import-done.png', fullPage: true });

  // The same file again: every row «без изменений», nothing to import.
  await pick(page, buffer);
  await expect(page.getByText('2 строки — без изменений.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Импортировать' })).toBeDisabled();

  // The teacher of that class sees both on the journal page.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await login(page, 'teacher');
  await page.goto(`/#/journal/${loadId}`);
  await expect(page.getByText('Новосёлов Платон')).toBeVisible();
  await expect(page.getByText('Новосёлов Савва')).toBeVisible();
});

test('a file with a class that does not exist: the row says why, and nothing is imported unless skipped', async ({
  page,
}) => {
  await login(page, 'admin');
  await page.getByRole('link', { name: 'Импорт' }).click();
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Ученики');
  sheet.addRow(['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Пол', 'Класс']);
  sheet.addRow(['Юдина', 'Ксения', 'Олеговна', '12.10.2016', 'ж', '4Я']);
  sheet.addRow(['Юдин', 'Марк', 'Олегович', '31.02.2016', 'м', '4А']);
  sheet.addRow(['Юдин', 'Лев', 'Олегович', '01.03.2016', 'м', '4А']);
  await pick(page, Buffer.from(await book.xlsx.writeBuffer()));
  await expect(page.getByText('1 строка — новая, 2 строки — с ошибками.')).toBeVisible();
  // The errors are shown first.
  const table = page.getByRole('table', { name: 'Строки файла' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toContainText('класса «4Я» нет в учебном году');
  await expect(table.getByRole('row').nth(2)).toContainText('даты «31.02.2016» не существует');
  await expect(page.getByRole('button', { name: 'Импортировать' })).toBeDisabled();
  await page.screenshot({ path: '/tmp/import-errors.png', fullPage: true });
  await page.getByLabel('Пропустить строки с ошибками').check();
  await expect(page.getByRole('button', { name: 'Импортировать' })).toBeEnabled();
});

test('the staff list: a new teacher gets an account with a login and no password until the slip', async ({
  page,
}) => {
  await login(page, 'admin');
  await page.getByRole('link', { name: 'Импорт' }).click();
  await page.getByText('Сотрудники', { exact: true }).click();
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Сотрудники');
  sheet.addRow(['Фамилия', 'Имя', 'Отчество', 'Роли', 'E-mail', 'Телефон']);
  sheet.addRow(['Щукина', 'Юлия', 'Андреевна', 'учитель, завуч', 'shchukina@example.ru', '8 900 123 45 67']);
  sheet.addRow(['Щукин', 'Юрий', '', 'физрук', '', '']);
  await pick(page, Buffer.from(await book.xlsx.writeBuffer()), 'сотрудники.xlsx');
  const table = page.getByRole('table', { name: 'Строки файла' });
  await expect(table).toContainText('роль «физрук» неизвестна');
  await page.getByText('Все: 2').click();
  await expect(table.getByRole('row').nth(1)).toContainText('новая учётная запись, логин shchukina.ia');
  await page.screenshot({ path: '/tmp/import-staff.png', fullPage: true });
  await page.getByLabel('Пропустить строки с ошибками').check();
  await page.getByRole('button', { name: 'Импортировать' }).click();
  await expect(page.getByRole('status', { name: 'Импорт выполнен' })).toContainText(
    '1 строка — новая, 1 строка — с ошибкой',
  );
  const db = new BetterSqlite3('test-results/e2e.sqlite', { readonly: true });
  try {
    expect(
      db
        .prepare(
          `SELECT u.password_hash, u.must_change_password, u.credentials_issued_at,
                  (SELECT group_concat(role) FROM (SELECT role FROM user_role WHERE user_id = u.id ORDER BY role)) AS roles
           FROM user_account u WHERE login = 'shchukina.ia'`,
        )
        .get(),
    ).toEqual({
      password_hash: '!',
      must_change_password: 1,
      credentials_issued_at: null,
      roles: 'deputy,teacher',
    });
  } finally {
    db.close();
  }
});
