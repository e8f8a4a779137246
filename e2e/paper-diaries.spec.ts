import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * Paper diaries (issue 10): the class teacher prints the week's diaries of the class from «Мой класс»,
 * a parent downloads their child's week from the diary and is refused another child's, asking the API
 * directly with their own session.
 */

const DB = 'test-results/e2e-paper.sqlite';
const server = demoServer(DB, STAFF_PORT + 20);
const DIARY = `http://127.0.0.1:${STAFF_PORT + 21}/`;

async function downloaded(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = (await file.path())!;
  const bytes = readFileSync(path);
  return { name: file.suggestedFilename(), head: bytes.subarray(0, 5).toString('latin1'), path };
}

test('the class teacher prints the week of the whole class as one PDF', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: /^Войти как Классный руководитель/ }).click();
  await page.getByRole('link', { name: 'Мой класс' }).click();
  await page.getByRole('tab', { name: 'Печать' }).click();
  const panel = page.getByRole('region', { name: 'Бумажные дневники за неделю' });
  await expect(panel).toBeVisible();
  await panel.getByText('Весь класс').click();
  const file = await downloaded(page, () => panel.getByRole('button', { name: 'Скачать PDF' }).click());
  expect(file.head).toBe('%PDF-');
  expect(file.name).toMatch(/^Дневники \d+[А-Я] неделя с \d{4}-\d{2}-\d{2}\.pdf$/);
  // Two students a sheet: as many sheets as half the class's students of that week, rounded up, each
  // student's tear-off strip in the text.
  const [, className, monday] = /^Дневники (\S+) неделя с (\S+)\.pdf$/.exec(file.name)!;
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const db = new BetterSqlite3(DB, { readonly: true });
  const { students } = db
    .prepare(
      `SELECT count(*) AS students FROM class_enrollment e JOIN class c ON c.id = e.class_id
       JOIN academic_year y ON y.id = c.academic_year_id
       WHERE c.name = ? AND ? BETWEEN y.starts_on AND y.ends_on
         AND e.enrolled_on <= ? AND (e.left_on IS NULL OR e.left_on >= ?)`,
    )
    .get(className, monday, sunday, monday) as { students: number };
  db.close();
  expect(students).toBeGreaterThan(2);
  const info = execFileSync('pdfinfo', [file.path], { encoding: 'utf8' });
  expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(Math.ceil(students / 2));
  const text = execFileSync('pdftotext', ['-layout', file.path, '-'], { encoding: 'utf8' });
  expect(text.match(/Ознакомлен\(а\): _+ подпись родителя/g)?.length).toBe(students);

  // The period's report cards of the whole class, from the same tab.
  const cards = page.getByRole('region', { name: 'Табель успеваемости' });
  await expect(cards.getByLabel('Период')).not.toHaveValue('');
  const card = await downloaded(page, () =>
    cards.getByRole('button', { name: 'Скачать табель (PDF)' }).click(),
  );
  expect(card.head).toBe('%PDF-');
  expect(card.name).toMatch(/^Табель \d+[А-Я] .+\.pdf$/);
});

test('the «Печать» tab only for who may print there: the deputy yes, the administrator and the inspector no', async ({
  page,
}) => {
  const openClass = async (title: RegExp) => {
    await page.goto(server.url);
    await page.getByRole('button', { name: title }).click();
    await page.getByRole('link', { name: 'Списки классов' }).click();
    // The class screen asks who is signed in to decide on the tab: its answer is awaited, so that
    // «no tab» below is the decision and not a screen still loading.
    const me = page.waitForResponse((r) => r.url().endsWith('/api/auth.me'));
    await page.getByRole('link', { name: '7А', exact: true }).click();
    await me;
    await expect(page.getByRole('tab', { name: 'Ученики' })).toBeVisible();
  };
  await openClass(/^Войти как Заместитель директора/);
  await page.getByRole('tab', { name: 'Печать' }).click();
  await expect(page.getByRole('region', { name: 'Бумажные дневники за неделю' })).toBeVisible();
  await page.getByRole('button', { name: 'Выйти' }).click();

  // Both read or keep the class's list, yet the router refuses them the prints (diary contract roles).
  for (const title of [/^Войти как Администратор/, /^Войти как Проверяющий/]) {
    await openClass(title);
    await expect(page.getByRole('table', { name: 'Список класса 7А' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Печать' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Выйти' }).click();
  }
});

test('the class teacher reads the attendance of a period (посещаемость за четверть)', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: /^Войти как Классный руководитель/ }).click();
  await page.getByRole('link', { name: 'Отчёты' }).click();
  await page.getByRole('combobox', { name: 'Отчёт' }).click();
  await page.getByRole('option', { name: 'Посещаемость' }).click();
  await page.getByRole('combobox', { name: 'Класс' }).click();
  await page.getByRole('option', { name: '7А' }).click();
  await page.getByRole('combobox', { name: 'За период' }).click();
  await page.getByRole('option', { name: 'I четверть', exact: true }).click();

  // The lessons of 7А missed in the I quarter (ОП is no missed lesson), straight from the database.
  const db = new BetterSqlite3(DB, { readonly: true });
  const q1 = db
    .prepare(
      `SELECT p.starts_on AS startsOn, p.ends_on AS endsOn FROM period p JOIN class c ON c.academic_year_id = p.academic_year_id
       WHERE c.name = '7А' AND p.name = 'I четверть' AND c.grade BETWEEN p.grade_from AND p.grade_to
       ORDER BY p.starts_on DESC LIMIT 1`,
    )
    .get() as { startsOn: string; endsOn: string };
  const { missed } = db
    .prepare(
      `SELECT count(*) AS missed FROM absence a JOIN lesson le ON le.id = a.lesson_id
       JOIN teaching_load l ON l.id = le.load_id JOIN class c ON c.id = l.class_id
       WHERE c.name = '7А' AND c.academic_year_id = (SELECT academic_year_id FROM period p WHERE p.starts_on = ? LIMIT 1)
         AND a.code <> 'late' AND le.date BETWEEN ? AND ?`,
    )
    .get(q1.startsOn, q1.startsOn, q1.endsOn) as { missed: number };
  db.close();
  expect(missed).toBeGreaterThan(0);
  const dotted = (d: string) => d.split('-').reverse().join('.');
  await expect(
    page.getByRole('heading', {
      name: `7А класс, I четверть (${dotted(q1.startsOn)} – ${dotted(q1.endsOn)})`,
    }),
  ).toBeVisible();
  await expect(
    page
      .getByRole('row', { name: /^Итого/ })
      .getByRole('cell')
      .last(),
  ).toHaveText(String(missed));
});

test("a parent downloads their child's week and is refused another child's", async ({ page, request }) => {
  await page.goto(DIARY);
  await page.getByRole('button', { name: /^Войти как Родитель/ }).click();
  const file = await downloaded(page, () =>
    page.getByRole('button', { name: 'Скачать неделю (PDF)' }).click(),
  );
  expect(file.head).toBe('%PDF-');
  expect(file.name).toMatch(/^Дневник .+ неделя с \d{4}-\d{2}-\d{2}\.pdf$/);

  // The parent's own session, straight to the API: another child's week is refused as diary.week refuses it.
  const token = await page.evaluate(() => localStorage.getItem('journal.family.token'));
  expect(token).toBeTruthy();
  const headers = { Authorization: `Bearer ${token}` };
  const children = (await (
    await request.post(`${DIARY}api/diary.children`, { headers, data: {} })
  ).json()) as {
    value: { studentId: number }[];
  };
  const own = children.value.map((c) => c.studentId);
  const db = new BetterSqlite3(DB, { readonly: true });
  const other = (
    db
      .prepare(`SELECT id FROM student WHERE id NOT IN (${own.map(() => '?').join(',')}) ORDER BY id LIMIT 1`)
      .get(...own) as { id: number }
  ).id;
  db.close();
  const date = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const pdf = await (
    await request.post(`${DIARY}api/diary.weekPdf`, { headers, data: { studentId: other, date } })
  ).json();
  const week = await (
    await request.post(`${DIARY}api/diary.week`, { headers, data: { studentId: other, weekOf: date } })
  ).json();
  expect(pdf.ok).toBe(false);
  expect(pdf).toEqual(week);
  expect(pdf.error.message).toBe('Нет доступа к дневнику этого ученика');
});
