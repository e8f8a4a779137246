import { expect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { escapeRegExp } from './grid';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * The end of a quarter in the journal grid, as issue 9 walks it: the teacher sees the suggested mark in
 * the pinned columns and puts it as the period mark with the space bar; the deputy closes the quarter;
 * the teacher's next mark in that quarter is refused in the cell; the parent sees the period mark and
 * the forecast in the diary. Its own copy of the demo: closing a period must not disturb other specs.
 */
const FILE = 'test-results/e2e-period-end.sqlite';
const server = demoServer(FILE, STAFF_PORT + 14);
const diaryUrl = `http://127.0.0.1:${STAFF_PORT + 15}/`;

/** The demo parent's child on the teacher's Русский язык page, and the quarter in progress. */
function facts() {
  const db = new BetterSqlite3(FILE, { readonly: true });
  try {
    const child = db
      .prepare(
        `SELECT st.id, st.last_name || ' ' || st.first_name AS name, c.id AS classId, c.name AS className, c.grade, l.id AS loadId
         FROM user_account u JOIN student_guardian sg ON sg.guardian_id = u.guardian_id JOIN student st ON st.id = sg.student_id
         JOIN class_enrollment e ON e.student_id = st.id AND e.left_on IS NULL JOIN class c ON c.id = e.class_id
         JOIN teaching_load l ON l.class_id = c.id JOIN subject s ON s.id = l.subject_id JOIN user_account t ON t.id = l.teacher_id
         WHERE u.login = 'roditel' AND t.login = 'teacher' AND s.name = 'Русский язык' LIMIT 1`,
      )
      .get() as {
      id: number;
      name: string;
      classId: number;
      className: string;
      grade: number;
      loadId: number;
    };
    const period = db
      .prepare(
        `SELECT p.id, p.name FROM period p WHERE p.grade_from <= ? AND p.grade_to >= ? AND p.starts_on <= date('now')
         ORDER BY p.starts_on DESC LIMIT 1`,
      )
      .get(child.grade, child.grade) as { id: number; name: string };
    return { child, period };
  } finally {
    db.close();
  }
}

async function login(page: Page, url: string, login: string) {
  await page.goto(url);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

test('the teacher puts the suggested period mark, the deputy closes the quarter, the parent sees mark and forecast', async ({
  browser,
}) => {
  const { child, period } = facts();
  const teacher = await (await browser.newContext()).newPage();
  await login(teacher, server.url, 'teacher');
  await teacher.getByRole('link', { name: `${child.className} · Русский язык`, exact: true }).click();
  const grid = teacher.getByRole('grid', { name: new RegExp(escapeRegExp(period.name)) });
  await expect(grid).toBeVisible();

  // The suggestion is there before anything is set, with its reason.
  const suggested = grid.getByRole('gridcell', {
    name: new RegExp(`^${escapeRegExp(child.name)}, предлагаемая отметка за период: предлагается`),
  });
  await expect(suggested).toBeVisible();
  const value = (await suggested.textContent())!.trim();
  expect(value).toMatch(/^([2-5]|н\/а)$/);
  const periodMark = grid.getByRole('gridcell', {
    name: new RegExp(`^${escapeRegExp(child.name)}, отметка за период «${escapeRegExp(period.name)}»`),
  });
  await expect(periodMark).toHaveAccessibleName(/не выставлена/);
  await periodMark.click();
  await teacher.keyboard.press('Space');
  await expect(periodMark).toHaveText(value);
  await expect(periodMark).toHaveAccessibleName(new RegExp(`: ${escapeRegExp(value)}$`));
  await teacher.reload();
  await expect(periodMark).toHaveText(value);

  // The deputy closes the quarter for the class.
  const deputy = await (await browser.newContext()).newPage();
  await login(deputy, server.url, 'zavuch');
  await deputy.getByRole('link', { name: 'Закрытие периодов' }).click();
  const closing = deputy.getByRole('cell', { name: `${child.className}, ${period.name}` });
  await closing.getByRole('button', { name: 'Закрыть' }).click();
  await expect(closing).toContainText('закрыт');

  // The teacher's page says so, and a mark typed in that quarter is refused in the cell.
  await teacher.reload();
  await expect(teacher.getByText(`Период «${period.name}» закрыт заместителем директора`)).toBeVisible();
  const cell = grid.locator('td[tabindex="0"]');
  await cell.click();
  await teacher.keyboard.press('4');
  await expect(teacher.getByText(/закрыт/).last()).toBeVisible();
  await expect(grid.locator('td.is-error').first()).toBeVisible();
  // The period mark too: read-only now.
  await periodMark.click();
  await teacher.keyboard.press('5');
  await expect(teacher.getByText(/период закрыт заместителем директора/)).toBeVisible();
  await expect(periodMark).toHaveText(value);

  // The parent sees the period mark and the forecast of the subject.
  const parent = await (await browser.newContext()).newPage();
  await login(parent, diaryUrl, 'roditel');
  // A parent of two chooses the child (the first one is shown otherwise).
  const tab = parent.getByText(
    new RegExp(`^${escapeRegExp(child.name)} .*, ${escapeRegExp(child.className)}$`),
  );
  if ((await tab.count()) > 0) await tab.first().click();
  const results = parent.getByRole('region', { name: 'Успеваемость за периоды и год' });
  await expect(results).toBeVisible();
  const row = results.getByRole('row', { name: /^Русский язык/ });
  await expect(row).toContainText(value);
  await expect(results.getByRole('columnheader', { name: 'Прогноз' })).toBeVisible();
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^[2-5]/);
});
