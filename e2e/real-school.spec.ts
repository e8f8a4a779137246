import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, expect as baseExpect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { formatDate, formatDayMonthLong } from '../src/shared/i18n/dates';
import { cellName } from './grid';
import { STAFF_PORT } from './ports.mjs';
import { journalServer } from './server';

/**
 * A real school from an empty file to the first mark in a family's diary (issue 8, «How it is checked»),
 * every step through the screens of the role that does it: the first run and its administrator, staff
 * from an .xlsx and their printed slips, the deputy's year, plan, class, load and timetable, students
 * from an .xlsx and the families' slips, the teacher's first mark, the parent's diary.
 * Its own server on its own ports (+4/+5 are first-run's), on a file that does not exist yet.
 */
const dir = mkdtempSync(join(tmpdir(), 'journal-real-school-'));
const path = join(dir, 'school.sqlite');
// The journal's clock and the pages' stand still on a school Wednesday in December 2026: the school is
// set up and the first mark given that day, whatever day the suite runs (in summer there would be no
// lesson to mark).
const NOW = '2026-12-02T10:00:00+03:00';
const server = journalServer(path, STAFF_PORT + 6, { now: NOW });
const DIARY = `http://127.0.0.1:${STAFF_PORT + 7}/`;

// A loaded two-core machine may be slow: generous waits everywhere, never fixed sleeps.
const expect = baseExpect.configure({ timeout: 20_000 });
// A loaded machine may be slow, but a lost control must fail the step, not hang the whole run.
test.use({ actionTimeout: 30_000 });

test.beforeAll(async () => {
  await server.start();
});
test.afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads the school's file read-only, as it is at this moment. */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const shot = (page: Page, n: string) =>
  page.screenshot({ path: `/tmp/real-school-${n}.png`, fullPage: true });

async function newPage(browser: Browser, url = server.url): Promise<Page> {
  const context = await browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto(url);
  return page;
}

async function signIn(page: Page, login: string, password: string) {
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

/** The first sign-in with a slip's temporary password: the person must choose their own at once. */
async function firstSignIn(page: Page, login: string, temporary: string, own: string) {
  await signIn(page, login, temporary);
  await expect(page.getByRole('heading', { name: 'Смена временного пароля' })).toBeVisible();
  await page.getByLabel('Временный пароль').fill(temporary);
  await page.getByLabel('Новый пароль', { exact: true }).fill(own);
  await page.getByLabel('Новый пароль ещё раз').fill(own);
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByRole('heading', { name: 'Смена временного пароля' })).toBeHidden();
}

/** Picks a file in the import screen as a person does: the field opens the file chooser. */
async function pickFile(page: Page, buffer: Buffer, name: string) {
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

/** Clicks a print button, saves the PDF it downloads, and returns the PDF's text as pdftotext lays it out. */
async function printedText(page: Page, button: string, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: button }).click(),
  ]);
  const file = join(dir, name);
  await download.saveAs(file);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

test('a real school: from an empty file to the first mark in a parent’s diary', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const today = new Date(NOW).toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const startYear = 2026;
  const yearName = `${startYear}/${startYear + 1}`;

  // 1. The first run: the path confirmed, the school, its first administrator, who logs in.
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Первый запуск: новый журнал' })).toBeVisible();
  await expect(page.getByLabel('Путь к файлу журнала')).toHaveText(path);
  await page.getByLabel('Да, создать новый журнал школы именно в этом файле').check();
  await page.getByLabel('Краткое название').fill('МБОУ «СОШ № 12»');
  await page
    .getByLabel('Полное наименование (по уставу)')
    .fill('Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12»');
  await page.getByLabel('Адрес').fill('г. Энск, ул. Садовая, д. 12');
  await page.getByLabel('Директор (ФИО)').fill('Григорьева Нина Павловна');
  await page.getByLabel(/^Фамилия/).fill('Лаптева');
  await page.getByLabel(/^Имя/).fill('Ольга');
  await page.getByLabel(/^Отчество/).fill('Игоревна');
  await expect(page.getByLabel('Логин')).toHaveValue('lapteva.oi');
  await page.getByLabel(/^Пароль \*?$|^Пароль$/).fill('Админ-школы-12');
  await page.getByLabel('Пароль ещё раз').fill('Админ-школы-12');
  await shot(page, '1-first-run');
  await page.getByRole('button', { name: 'Создать журнал' }).click();
  await expect(page.getByText('МБОУ «СОШ № 12»')).toBeVisible({ timeout: 30_000 });
  await signIn(page, 'lapteva.oi', 'Админ-школы-12');
  await expect(page.getByText('Лаптева Ольга Игоревна · Администратор')).toBeVisible();

  // 2. Staff from an .xlsx: a deputy and a teacher; then the slips of everybody who has none yet.
  await page.getByRole('link', { name: 'Импорт' }).click();
  await page.getByText('Сотрудники', { exact: true }).click();
  const staffBook = new ExcelJS.Workbook();
  const staffSheet = staffBook.addWorksheet('Сотрудники');
  staffSheet.addRow(['Фамилия', 'Имя', 'Отчество', 'Роли', 'E-mail', 'Телефон']);
  staffSheet.addRow(['Орлова', 'Марина', 'Викторовна', 'завуч', 'orlova@example.ru', '8 900 100 20 30']);
  staffSheet.addRow(['Соколов', 'Дмитрий', 'Андреевич', 'учитель', '', '+7 900 100-20-31']);
  await pickFile(page, Buffer.from(await staffBook.xlsx.writeBuffer()), 'сотрудники.xlsx');
  await expect(page.getByText('2 строки — новые.')).toBeVisible();
  await shot(page, '2a-staff-preview');
  await page.getByRole('button', { name: 'Импортировать' }).click();
  await expect(page.getByRole('status', { name: 'Импорт выполнен' })).toContainText('2 строки — новые');

  await page.getByRole('link', { name: 'Пользователи' }).click();
  const staffTable = page.getByRole('table', { name: 'Сотрудники' });
  await expect(staffTable.getByRole('row').filter({ hasText: 'Орлова Марина Викторовна' })).toContainText(
    'Не выдан',
  );
  await shot(page, '2b-staff');
  const staffSlips = await printedText(page, 'Листки всем, кто не получил', 'staff.pdf');
  const staffCredentials = slips(staffSlips);
  const staffLogins = query<{ login: string }>(
    `SELECT login FROM user_account WHERE last_name IN ('Орлова', 'Соколов') ORDER BY last_name`,
  ).map((r) => r.login);
  // Exactly the people without credentials were printed (not the administrator), with the file's logins.
  expect([...staffCredentials.keys()].sort()).toEqual([...staffLogins].sort());
  const [deputyLogin, teacherLogin] = staffLogins as [string, string];
  await expect(staffTable.getByRole('row').filter({ hasText: 'Орлова Марина Викторовна' })).toContainText(
    'Выдан',
  );
  await shot(page, '2c-staff-printed');
  await page.getByRole('button', { name: 'Выйти' }).click();

  // 3. The deputy: the year from the federal defaults, the plan, class 5А with its load, the timetable.
  await firstSignIn(page, deputyLogin, staffCredentials.get(deputyLogin)!, 'Завуч-своя-2026');
  await page.getByRole('link', { name: 'Учебный год' }).click();
  await expect(page.getByText('Учебных годов пока нет')).toBeVisible();
  await page.getByRole('button', { name: 'Новый учебный год' }).click();
  await expect(page.getByLabel('Год начала (1 сентября)')).toHaveValue(String(startYear));
  await shot(page, '3a-new-year');
  await page.getByRole('button', { name: `Создать ${yearName}` }).click();
  await expect(page.getByRole('combobox', { name: 'Учебный год' })).toHaveValue(yearName);
  await expect(page.getByText(/учебных дн/)).toBeVisible();
  await shot(page, '3b-year');

  await page.getByRole('link', { name: 'Учебный план' }).click();
  await expect(page.getByRole('textbox', { name: 'Русский язык: часов в неделю' })).toHaveValue('5');
  await shot(page, '3c-curriculum');

  await page.getByRole('link', { name: 'Классы и нагрузка' }).click();
  await expect(page.getByRole('heading', { name: 'Классы и нагрузка' })).toBeVisible();
  await page.getByLabel('Буква').fill('А');
  await page.getByRole('combobox', { name: 'Классный руководитель', exact: true }).first().click();
  await page.getByRole('option', { name: /^Соколов Дмитрий/ }).click();
  await page.getByRole('button', { name: 'Создать класс 5А' }).click();
  await expect(page.getByRole('heading', { name: 'Класс 5А' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Предмет', exact: true }).click();
  await page.getByRole('option', { name: 'Русский язык', exact: true }).click();
  await page.getByRole('combobox', { name: 'Учитель', exact: true }).click();
  await page.getByRole('option', { name: /^Соколов Дмитрий/ }).click();
  await page.getByLabel('Часов в неделю').fill('5');
  await page.getByRole('button', { name: 'Назначить' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'весь класс' })).toContainText('Русский язык');
  await shot(page, '3d-class');

  await page.getByRole('link', { name: 'Расписание' }).click();
  await page.getByLabel('Класс', { exact: true }).first().click();
  await page.getByRole('option', { name: '5А', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Расписание 5А' })).toBeVisible();
  for (const day of ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница']) {
    await page.getByLabel(`${day}, 1-й урок`, { exact: true }).first().focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: /^Русский язык — Соколов/ }).click();
    await page.keyboard.press('Escape');
  }
  // From the first day of the year: the lessons of the autumn are in the journal too.
  const yearStart = query<{ starts_on: string }>('SELECT starts_on FROM academic_year')[0]!.starts_on;
  const validFrom = page.getByLabel('Действует с');
  await validFrom.fill(formatDate(yearStart));
  await validFrom.press('Tab');
  await shot(page, '3e-timetable');
  await page.getByRole('button', { name: 'Сохранить расписание' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Расписание сохранено' });
  await expect(saved).toContainText(/Создано \d+ урок/, { timeout: 30_000 });
  await expect(saved).toContainText(`Действует с ${formatDate(yearStart)}`);
  await shot(page, '3f-timetable-saved');
  await page.getByRole('button', { name: 'Выйти' }).click();

  // 4. The administrator imports 5А's students with their mothers, then makes and prints the families' slips.
  await signIn(page, 'lapteva.oi', 'Админ-школы-12');
  await page.getByRole('link', { name: 'Импорт' }).click();
  await expect(page.getByRole('heading', { name: 'Импорт' })).toBeVisible();
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Ученики');
  sheet.addRow([
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Пол',
    'Класс',
    'Представитель 1: ФИО',
    'Представитель 1: кем приходится',
    'Представитель 1: телефон',
  ]);
  sheet.addRow([
    'Белова',
    'Анна',
    'Сергеевна',
    '14.03.2015',
    'ж',
    '5А',
    'Белова Елена Викторовна',
    'мать',
    '+7 912 345-67-01',
  ]);
  sheet.addRow([
    'Кузнецов',
    'Иван',
    'Петрович',
    '02.11.2014',
    'м',
    '5 А',
    'Кузнецова Татьяна Олеговна',
    'мать',
    '8 912 345 67 02',
  ]);
  await pickFile(page, Buffer.from(await book.xlsx.writeBuffer()), '5А.xlsx');
  await expect(page.getByText('2 строки — новые.')).toBeVisible();
  // The school loads its lists after 1 September: the children have been in 5А since the year began.
  const enrolled = page.getByLabel('Зачислить новых учеников с');
  await enrolled.fill(`01.09.${startYear}`);
  await enrolled.blur();
  await expect(page.getByText(`Новые ученики зачисляются с 01.09.${startYear}.`)).toBeVisible();
  await shot(page, '4a-students-preview');
  await page.getByRole('button', { name: 'Импортировать' }).click();
  await expect(page.getByRole('status', { name: 'Импорт выполнен' })).toContainText('2 строки — новые');

  await page.getByRole('link', { name: 'Пользователи' }).click();
  await page.getByRole('tab', { name: 'Ученики и родители' }).click();
  await page.getByRole('combobox', { name: /^Класс/ }).click();
  await page.getByRole('option', { name: /^5А — 2 ученика/ }).click();
  const parents = page.getByRole('table', { name: 'Родители' });
  await expect(parents).toContainText('Белова Елена Викторовна');
  await page.getByRole('button', { name: 'Создать недостающие учётные записи' }).click();
  await expect(parents.getByRole('row').filter({ hasText: 'Белова Елена' })).toContainText('Не выдан');
  await shot(page, '4b-families');
  const familySlips = slips(await printedText(page, 'Листки и ведомость для 5А класса', '5А.pdf'));
  const familyLogins = query<{ login: string }>(
    `SELECT u.login FROM user_account u
     WHERE u.guardian_id IN (SELECT guardian_id FROM student_guardian WHERE student_id IN
             (SELECT student_id FROM class_enrollment e JOIN class c ON c.id = e.class_id WHERE c.name = '5А'))
        OR u.student_id IN (SELECT student_id FROM class_enrollment e JOIN class c ON c.id = e.class_id WHERE c.name = '5А')`,
  ).map((r) => r.login);
  expect([...familySlips.keys()].sort()).toEqual([...familyLogins].sort());
  const [parentLogin] = query<{ login: string }>(
    `SELECT u.login FROM user_account u JOIN guardian g ON g.id = u.guardian_id WHERE g.last_name = 'Белова'`,
  ).map((r) => r.login);
  expect(familySlips.has(parentLogin!)).toBe(true);
  await expect(parents.getByRole('row').filter({ hasText: 'Белова Елена' })).toContainText('Выдан');
  await shot(page, '4c-families-printed');
  await page.getByRole('button', { name: 'Выйти' }).click();

  // 5. The teacher: the generated lessons on school days only, and the first mark.
  await firstSignIn(page, teacherLogin, staffCredentials.get(teacherLogin)!, 'Учитель-свой-2026');
  await expect(page.getByRole('heading', { name: 'Мои классы и предметы' })).toBeVisible();
  await page.getByRole('link', { name: /5А · Русский язык/ }).click();
  await page.getByText('Весь год', { exact: true }).click();
  const grid = page.getByRole('grid', { name: /весь год/ });
  await expect(grid).toBeVisible();
  const isoOf = (ddmm: string) =>
    `${Number(ddmm.slice(3, 5)) >= 9 ? startYear : startYear + 1}-${ddmm.slice(3, 5)}-${ddmm.slice(0, 2)}`;
  const holidays = query<{ starts_on: string; ends_on: string }>(
    'SELECT starts_on, ends_on FROM holiday WHERE grade_from <= 5 AND grade_to >= 5',
  );
  expect(holidays.length).toBeGreaterThan(0);
  // The imported students are in the class from 1 September: the mark goes on the latest lesson up to
  // today (whatever weekday the suite runs on).
  expect(query('SELECT DISTINCT enrolled_on FROM class_enrollment')).toEqual([
    { enrolled_on: `${startYear}-09-01` },
  ]);
  const [{ day }] = query<{ day: string | null }>(
    'SELECT max(l.date) AS day FROM lesson l WHERE l.date <= ?',
    today,
  ) as [{ day: string | null }];
  expect(day, 'a lesson of this year up to today').not.toBeNull();
  const ddmm = `${day!.slice(8, 10)}.${day!.slice(5, 7)}`;
  const cell = grid.getByRole('gridcell', { name: cellName('Белова Анна', ddmm) });
  // Scroll right as a person does, reading every lesson column on the way — school days only, none
  // in the holidays.
  const seen = new Set<string>();
  // The page opens on today's lesson: Ctrl+Home takes the keyboard (and the view) to the first lesson.
  await page.keyboard.press('Control+Home');
  await expect(page.getByRole('columnheader', { name: /^Урок 0[1-9]\.09/ }).first()).toBeVisible();
  const rendered = () =>
    page
      .getByRole('columnheader', { name: /^Урок / })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  for (let i = 0; i < 80; i++) {
    const raw = await rendered();
    const headers = raw.map((h) => isoOf(h.slice(5, 10)));
    for (const h of headers) seen.add(h);
    if (headers.at(-1)! >= day!) break;
    await grid.evaluate((el) => {
      let box = el.parentElement;
      while (box && box.scrollWidth <= box.clientWidth) box = box.parentElement;
      if (box) box.scrollLeft += 400;
    });
    // The columns are drawn as they scroll into view: wait until they are, so as not to overshoot.
    await expect.poll(async () => (await rendered()).at(-1)).not.toBe(raw.at(-1));
  }
  expect(seen.size).toBeGreaterThan(40);
  // What the screen showed, and the whole year the timetable generated.
  const generated = query<{ date: string }>('SELECT date FROM lesson').map((r) => r.date);
  expect(generated.length).toBeGreaterThan(150);
  for (const date of new Set([...seen, ...generated])) {
    expect([1, 2, 3, 4, 5], date).toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
    expect(
      holidays.filter((h) => h.starts_on <= date && date <= h.ends_on),
      date,
    ).toEqual([]);
  }
  await cell.click();
  await page.keyboard.press('5');
  await expect(cell).toHaveText('5');
  await expect(page.getByRole('status').filter({ hasText: 'отметка 5' })).toHaveText(
    `Белова Анна, ${ddmm}, отметка 5: сохранено`,
  );
  await shot(page, '5-journal');
  expect(
    query(
      `SELECT m.value FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN student s ON s.id = m.student_id
       WHERE l.date = ? AND s.last_name = 'Белова'`,
      day,
    ),
  ).toEqual([{ value: '5' }]);

  // 6. The mother, at the family door: the slip's login, her own password, and the «5» on that day.
  const parent = await newPage(browser, DIARY);
  await firstSignIn(parent, parentLogin!, familySlips.get(parentLogin!)!, 'Мама-Ани-2026');
  await expect(parent.getByRole('heading', { name: /Белова Анна.*5А класс/ })).toBeVisible();
  const region = parent.getByRole('region', { name: new RegExp(formatDayMonthLong(day!)) });
  for (let i = 0; i < 12 && !(await region.isVisible()); i++) {
    await parent.getByRole('button', { name: '← Предыдущая неделя' }).click();
    await parent.waitForLoadState('networkidle');
  }
  await expect(region.getByRole('row', { name: /Русский язык/ }).getByLabel(/^Отметка 5:/)).toBeVisible();
  await shot(parent, '6-diary');
  await parent.context().close();
});

/** The slips' logins and temporary passwords, from the PDF's text (two slips side by side on a line). */
function slips(text: string): Map<string, string> {
  const logins = [...text.matchAll(/^\s*Логин\s+(\S+)(?:\s+Логин\s+(\S+))?/gm)].flatMap((m) =>
    m.slice(1).filter(Boolean),
  );
  const passwords = [...text.matchAll(/Временный пароль\s+(\S+)/g)].map((m) => m[1]!);
  expect(passwords).toHaveLength(logins.length);
  return new Map(logins.map((l, i) => [l!, passwords[i]!]));
}
