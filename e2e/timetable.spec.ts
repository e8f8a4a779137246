import { expect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * The deputy sets a class's timetable from today on the demo school, and the teacher then sees the
 * generated lessons in the journal — in the IV quarter too, which the demo itself never filled.
 * On a copy of the demo with its own server: replacing a class's future lessons must not disturb the
 * other specs that share the main one.
 */
const server = demoServer('test-results/e2e-timetable.sqlite', STAFF_PORT + 2);

/**
 * The class and the Russian page of the named teacher, as the copy holds them, with the cells Russian
 * has in the class's current timetable (the demo's deputy made one for every class).
 */
function facts() {
  const db = new BetterSqlite3('test-results/e2e-timetable.sqlite', { readonly: true });
  try {
    const load = db
      .prepare(
        `SELECT l.id AS loadId, l.class_id AS classId, c.name AS className, t.last_name AS teacher FROM teaching_load l
         JOIN class c ON c.id = l.class_id JOIN subject s ON s.id = l.subject_id JOIN user_account t ON t.id = l.teacher_id
         JOIN academic_year y ON y.id = l.academic_year_id AND y.archived_at IS NULL
         WHERE t.login = 'teacher' AND s.name = 'Русский язык' AND l.group_id IS NULL ORDER BY c.grade, c.letter LIMIT 1`,
      )
      .get() as { loadId: number; classId: number; className: string; teacher: string };
    const cells = db
      .prepare(
        `SELECT ts.weekday, ts.number FROM timetable_slot ts JOIN timetable_version v ON v.id = ts.version_id
         WHERE ts.load_id = ? AND v.valid_from = (SELECT max(valid_from) FROM timetable_version WHERE class_id = ?)
         ORDER BY ts.weekday, ts.number`,
      )
      .all(load.loadId, load.classId) as { weekday: number; number: number }[];
    return { ...load, cells };
  } finally {
    db.close();
  }
}

const DAY_NAMES = ['', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота'];
const ON_DAY = ['', 'в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу'];

async function login(page: Page, login: string) {
  await page.goto(server.url);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

async function pick(page: Page, cell: string, option: RegExp) {
  // Focus opens the cell's list (a click may land on the sticky header after scrolling).
  await page.getByLabel(cell, { exact: true }).first().focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option }).click();
  await page.keyboard.press('Escape');
}

test('the deputy sets a timetable from today and the teacher sees the generated lessons', async ({
  page,
  browser,
}) => {
  const f = facts();
  await login(page, 'zavuch');
  await page.getByRole('link', { name: 'Расписание' }).click();
  await expect(page.getByRole('heading', { name: /^Расписание/ })).toBeVisible();
  await page.getByLabel('Класс', { exact: true }).first().click();
  await page.getByRole('option', { name: f.className, exact: true }).click();
  await expect(page.getByRole('table', { name: `Расписание ${f.className}` })).toBeVisible();

  // Mathematics added to a cell that holds Russian: a collision inside the class is refused.
  const dropped = f.cells[0]!;
  const cell = `${DAY_NAMES[dropped.weekday]}, ${dropped.number}-й урок`;
  await pick(page, cell, /^Математика — /);
  await page.getByRole('button', { name: 'Сохранить расписание' }).click();
  await expect(page.getByRole('alert')).toContainText(
    `${ON_DAY[dropped.weekday]}, ${dropped.number}-й урок: «Математика» и «Русский язык» в одно время`,
  );
  await page.screenshot({ path: '/tmp/timetable-conflict.png', fullPage: true });
  // Take mathematics (the last one chosen) and then Russian out of that cell, and save from today:
  // the class has one Russian lesson a week fewer from now on.
  await page.getByLabel(cell, { exact: true }).first().focus();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Сохранить расписание' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Расписание сохранено' });
  await expect(saved).toContainText(/Создано \d+ урок/);
  await page.screenshot({ path: '/tmp/timetable-saved.png', fullPage: true });

  // The teacher opens the page: the IV quarter has Russian only on the days of the cells left.
  const left = f.cells.slice(1);
  const teacher = await browser.newPage();
  await login(teacher, 'teacher');
  await teacher.goto(`${server.url}#/journal/${f.loadId}`);
  await teacher.getByText('IV четверть', { exact: true }).click();
  const headers = teacher.getByRole('columnheader', { name: /^Урок / });
  await expect(headers.first()).toBeVisible();
  const dates = await headers.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const weeks = new Set<string>();
  for (const label of dates) {
    const [dd, mm] = label.slice(5, 10).split('.');
    const date = new Date(Date.UTC(2027, Number(mm) - 1, Number(dd)));
    expect(
      left.map((c) => c.weekday),
      label,
    ).toContain(date.getUTCDay());
    weeks.add(String(Math.floor(date.getTime() / (7 * 86400000))));
  }
  // About as many lessons as the cells left give in the quarter's weeks (holidays take a few).
  expect(dates.length).toBeLessThanOrEqual(left.length * weeks.size);
  expect(dates.length).toBeGreaterThan((left.length - 1) * weeks.size);
  await teacher.screenshot({ path: '/tmp/timetable-teacher-journal.png', fullPage: true });
  // The teacher reads the timetable, without the deputy's controls.
  await teacher.getByRole('link', { name: 'Расписание' }).click();
  await expect(teacher.getByRole('table', { name: /^Расписание / })).toBeVisible();
  await expect(teacher.getByRole('button', { name: 'Сохранить расписание' })).toHaveCount(0);
  await teacher.screenshot({ path: '/tmp/timetable-teacher-view.png', fullPage: true });
  await teacher.close();
});

test('the deputy substitutes a lesson of the day and sees it in the month’s register', async ({ page }) => {
  await login(page, 'zavuch');
  // The first day from today on that has lessons (today may be a weekend or a holiday).
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const db = new BetterSqlite3('test-results/e2e-timetable.sqlite', { readonly: true });
  const day = db.prepare('SELECT min(date) AS d FROM lesson WHERE date >= ?').get(today) as { d: string };
  // A whole-class lesson of that day whose time leaves one of the demo's teachers free (the other
  // teachers' accounts wait for their slips), and that teacher.
  const target = db
    .prepare(
      `SELECT c.name AS className, s.number, sub.name AS subject, u.last_name || ' ' || substr(u.first_name, 1, 1) || '. ' || substr(u.middle_name, 1, 1) || '.' AS name
       FROM lesson s JOIN teaching_load l ON l.id = s.load_id JOIN class c ON c.id = l.class_id
       JOIN subject sub ON sub.id = l.subject_id
       JOIN user_account u ON u.login IN ('teacher', 'klassruk')
       WHERE s.date = ? AND l.group_id IS NULL AND l.teacher_id <> u.id
         AND u.id NOT IN (SELECT teacher_id FROM lesson WHERE date = s.date AND number = s.number)
       ORDER BY c.grade, c.letter, s.number LIMIT 1`,
    )
    .get(day.d) as { className: string; number: number; subject: string; name: string };
  db.close();
  await page.goto(`${server.url}#/timetable/day/${day.d}`);
  const table = page.getByRole('table', { name: 'Уроки дня' });
  await expect(table).toBeVisible();
  await page.screenshot({ path: '/tmp/timetable-day.png', fullPage: true });
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: target.className, exact: true }) })
    .filter({ has: page.getByRole('cell', { name: String(target.number), exact: true }) })
    .filter({ has: page.getByRole('cell', { name: target.subject, exact: true }) });
  await row.getByRole('button', { name: 'Заменить' }).click();
  const dialog = page.getByRole('dialog', { name: 'Замена' });
  await dialog.getByLabel('Кто проводит урок').click();
  await page.getByRole('option', { name: target.name, exact: true }).click();
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByText('Замена').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/timetable-day-substituted.png', fullPage: true });

  // The substitute finds that page in their list and fills in the lesson they gave — only that one.
  const given = new BetterSqlite3('test-results/e2e-timetable.sqlite', { readonly: true });
  const sub = given
    .prepare(
      `SELECT s.id, s.load_id AS loadId, s.date, u.login FROM lesson s
       JOIN teaching_load l ON l.id = s.load_id JOIN user_account u ON u.id = s.teacher_id
       WHERE s.date = ? AND s.teacher_id <> l.teacher_id`,
    )
    .get(day.d) as { id: number; loadId: number; date: string; login: string };
  given.close();
  const substitute = await page.context().browser()!.newPage();
  await login(substitute, sub.login);
  await substitute.goto(`${server.url}#/journal/${sub.loadId}`);
  await substitute.getByText('Весь год', { exact: true }).click();
  await expect(substitute.getByText('ваши уроки в замену можно заполнить')).toBeVisible();
  const ddmm = `${sub.date.slice(8, 10)}.${sub.date.slice(5, 7)}`;
  const header = substitute.getByRole('columnheader', {
    name: new RegExp(`^Урок ${ddmm}.*, ваш \\(замена\\)`),
  });
  await header.scrollIntoViewIfNeeded();
  await header.dblclick();
  const lessonDialog = substitute.getByRole('dialog');
  await lessonDialog.getByLabel('Тема урока').fill('Повторение: дроби');
  await lessonDialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(lessonDialog).toBeHidden();
  await substitute.screenshot({ path: '/tmp/timetable-substitute-page.png' });
  const saved = new BetterSqlite3('test-results/e2e-timetable.sqlite', { readonly: true });
  expect(saved.prepare('SELECT topic FROM lesson WHERE id = ?').get(sub.id)).toEqual({
    topic: 'Повторение: дроби',
  });
  saved.close();
  await substitute.close();

  await page.getByRole('tab', { name: 'Журнал замен' }).click();
  await expect(page.getByRole('table', { name: 'Замены и отмены' })).toContainText('Замена:');
  await page.screenshot({ path: '/tmp/timetable-register.png', fullPage: true });

  // A lesson cancelled with its reason shows as cancelled and is counted too.
  await page.getByRole('tab', { name: 'Замены' }).click();
  await page.goto(`${server.url}#/timetable/day/${day.d}`);
  await table.getByRole('row').nth(2).getByRole('button', { name: 'Отменить' }).click();
  const cancel = page.getByRole('dialog', { name: 'Отменить урок' });
  await cancel.getByLabel('Причина отмены').fill('Учитель на курсах');
  await cancel.screenshot({ path: '/tmp/timetable-cancel-dialog.png' });
  await cancel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(cancel).toBeHidden();
  await expect(table.getByText('Отменён: Учитель на курсах')).toBeVisible();
  await page.getByRole('tab', { name: 'Журнал замен' }).click();
  await expect(page.getByRole('table', { name: 'Замены и отмены' })).toContainText(
    'Отменён: Учитель на курсах',
  );
});
