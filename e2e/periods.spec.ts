import { expect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * The end of a period on a copy of the demo: the deputy closes the period in progress for the teacher's
 * class on «Закрытие периодов» (the demo has closed the periods already over), the teacher sees it
 * closed in «Итоговые отметки» with no control to change it, the deputy reopens it with a reason, and
 * the teacher sets a period mark in it. Its own copy: closing a period must not disturb the other specs.
 */
const server = demoServer('test-results/e2e-periods.sqlite', STAFF_PORT + 8);

/** The teacher's first whole-class page with marks, and a student with enough marks in the current period. */
function facts() {
  const db = new BetterSqlite3('test-results/e2e-periods.sqlite', { readonly: true });
  try {
    const load = db
      .prepare(
        `SELECT l.id AS loadId, c.name AS className, s.name AS subject, c.grade FROM teaching_load l
         JOIN class c ON c.id = l.class_id JOIN subject s ON s.id = l.subject_id JOIN user_account t ON t.id = l.teacher_id
         JOIN academic_year y ON y.id = l.academic_year_id AND y.archived_at IS NULL
         WHERE t.login = 'teacher' AND l.group_id IS NULL AND l.marking_mode = 'points' ORDER BY c.grade, c.letter, s.sort_order LIMIT 1`,
      )
      .get() as { loadId: number; className: string; subject: string; grade: number };
    const period = db
      .prepare(
        `SELECT p.id, p.name, p.starts_on AS startsOn, p.ends_on AS endsOn FROM period p
         WHERE p.academic_year_id = (SELECT academic_year_id FROM teaching_load WHERE id = ?)
           AND p.grade_from <= ? AND p.grade_to >= ? AND p.starts_on <= date('now') ORDER BY p.starts_on DESC LIMIT 1`,
      )
      .get(load.loadId, load.grade, load.grade) as {
      id: number;
      name: string;
      startsOn: string;
      endsOn: string;
    };
    const student = db
      .prepare(
        `SELECT st.last_name || ' ' || st.first_name || ' ' || coalesce(st.middle_name, '') AS name, count(*) AS n
         FROM mark m JOIN lesson s ON s.id = m.lesson_id JOIN student st ON st.id = m.student_id
         WHERE s.load_id = ? AND s.date BETWEEN ? AND ? GROUP BY m.student_id HAVING n >= 3 ORDER BY st.last_name LIMIT 1`,
      )
      .get(load.loadId, period.startsOn, period.endsOn) as { name: string };
    return { ...load, period, student: student.name.trim() };
  } finally {
    db.close();
  }
}

async function login(page: Page, login: string) {
  await page.goto(server.url);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

test('the deputy closes a period for a class, the teacher sets period marks, the deputy reopens with a reason', async ({
  browser,
}) => {
  const f = facts();
  const deputy = await (await browser.newContext()).newPage();
  await login(deputy, 'zavuch');
  await deputy.getByRole('link', { name: 'Закрытие периодов' }).click();
  await expect(deputy.getByRole('heading', { name: 'Закрытие периодов' })).toBeVisible();
  const period = f.period.name;
  const cell = deputy.getByRole('cell', { name: `${f.className}, ${period}` });
  await expect(cell).toContainText('открыт');
  await cell.getByRole('button', { name: 'Закрыть' }).click();
  await expect(deputy.getByText(`Период «${period}» закрыт: ${f.className}`)).toBeVisible();
  await expect(cell).toContainText('закрыт');

  const teacher = await (await browser.newContext()).newPage();
  await login(teacher, 'teacher');
  await teacher.getByRole('link', { name: 'Итоговые отметки' }).click();
  await expect(teacher.getByRole('columnheader', { name: `${period} (закрыт)` })).toBeVisible();
  // The closed period shows no control to change its mark.
  await expect(teacher.getByLabel(`${f.student}: отметка за период «${period}»`)).toHaveCount(0);

  await cell.getByRole('button', { name: 'Открыть…' }).click();
  await deputy.getByLabel('Причина').fill('Исправление отметки по заявлению родителей');
  await deputy.getByRole('button', { name: 'Открыть период' }).click();
  await expect(deputy.getByText(`Период «${period}» открыт: ${f.className}`)).toBeVisible();
  await expect(cell).toContainText('Исправление отметки по заявлению родителей');

  // Open again: the teacher sets the period mark, with the suggestion beside it.
  await teacher.reload();
  const mark = teacher.getByLabel(`${f.student}: отметка за период «${period}»`);
  await mark.selectOption('4');
  await expect(mark).toHaveValue('4');
  await teacher.reload();
  await expect(teacher.getByLabel(`${f.student}: отметка за период «${period}»`)).toHaveValue('4');
});
