import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * A teacher imports a plan of topics (КТП) from an .xlsx and sees its topics on the journal page's
 * lessons. On a copy of the demo with its own server: the fill writes topics on a whole year's
 * lessons, which the other specs sharing the main server must not see.
 */
const DB = 'test-results/e2e-topic-plan.sqlite';
const FILE = 'test-results/ktp-5.xlsx';
const server = demoServer(DB, STAFF_PORT + 8);

function query<T>(sql: string, ...params: unknown[]): T {
  const db = new BetterSqlite3(DB, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

test('a teacher imports a КТП from an .xlsx, skipping a broken row, and sees its topics on the journal page', async ({
  page,
}) => {
  const load = query<{ loadId: number; className: string; lessons: number }>(
    `SELECT l.id AS loadId, c.name AS className,
       (SELECT count(*) FROM lesson WHERE load_id = l.id AND cancelled_at IS NULL) AS lessons
     FROM teaching_load l JOIN class c ON c.id = l.class_id JOIN subject s ON s.id = l.subject_id
     JOIN user_account t ON t.id = l.teacher_id JOIN academic_year y ON y.id = l.academic_year_id AND y.archived_at IS NULL
     WHERE t.login = 'teacher' AND s.name = 'Русский язык' AND l.group_id IS NULL ORDER BY c.grade, c.letter LIMIT 1`,
  );
  // One topic per lesson of the year, numbered, and one row whose hours are written in words.
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('КТП');
  sheet.addRow(['№', 'Тема урока', 'Часов']);
  for (let k = 1; k <= load.lessons; k++) sheet.addRow([k, `Урок ${k} по плану`, 1]);
  sheet.addRow([load.lessons + 1, 'Итоговое повторение', 'два']);
  mkdirSync('test-results', { recursive: true });
  await book.xlsx.writeFile(FILE);

  await page.goto(server.url);
  await page.getByLabel('Логин').fill('teacher');
  await page.getByLabel('Пароль').fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await page.getByRole('link', { name: `КТП (план тем), ${load.className}, Русский язык` }).click();
  await expect(
    page.getByRole('heading', { name: `Планирование (КТП): ${load.className} · Русский язык` }),
  ).toBeVisible();

  await page.locator('input[type=file]').setInputFiles(FILE);
  const preview = page.getByLabel('Предпросмотр');
  // The demo's page has its КТП already: the file's rows replace its topics.
  await expect(preview.getByText(/строк(и|а)? — обновлены.*1 строка — с ошибкой/)).toBeVisible();
  await expect(preview.getByText('Часов: «два» — нужно целое число от 1 до 200')).toBeVisible();
  // A file with a broken row imports nothing until the teacher chooses to skip it.
  const upload = page.getByRole('button', { name: 'Загрузить план' });
  await expect(upload).toBeDisabled();
  await page.getByLabel('Пропустить строки с ошибками').check();
  await upload.click();
  await expect(page.getByRole('status').filter({ hasText: 'План загружен' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Темы плана' }).getByRole('row')).toHaveCount(
    load.lessons + 1,
  );

  // The page opens on today's lesson (or the next one), the k-th of the year's lessons, which carries
  // the plan's k-th topic.
  const last = query<{ k: number; topic: string; planTopic: string | null }>(
    `WITH s AS (SELECT date, number, topic, plan_topic, row_number() OVER (ORDER BY date, number) AS k
                FROM lesson WHERE load_id = @load AND cancelled_at IS NULL)
     SELECT k, topic, plan_topic AS planTopic FROM s WHERE s.date >= date('now', 'localtime')
     ORDER BY date, number LIMIT 1`,
    { load: load.loadId },
  );
  expect(last).toMatchObject({ topic: `Урок ${last.k} по плану`, planTopic: `Урок ${last.k} по плану` });
  await page.getByRole('link', { name: 'страница журнала' }).click();
  await expect(
    page.getByRole('columnheader', { name: new RegExp(`тема: Урок ${last.k} по плану$`) }),
  ).toBeVisible();
});
