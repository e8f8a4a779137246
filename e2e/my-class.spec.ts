import { expect, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { formatDate, formatDayMonth } from '../src/shared/i18n/dates';

/**
 * The class teacher keeps the class (issue 8) on the demo school: «Мой класс», a student's card with a
 * new phone, a departure under an order, and the class's journal page showing the student as left.
 */

function facts(fullName: string) {
  const db = new BetterSqlite3('test-results/e2e.sqlite', { readonly: true });
  try {
    const [last, first, middle] = fullName.split(' ');
    const student = db
      .prepare(
        `SELECT s.id, s.phone FROM student s WHERE s.last_name = ? AND s.first_name = ? AND coalesce(s.middle_name, '') = ?`,
      )
      .get(last, first, middle ?? '') as { id: number; phone: string };
    const enrollment = db
      .prepare(
        `SELECT e.class_id AS classId, e.left_on AS leftOn, e.left_kind AS leftKind, e.left_order_no AS orderNo
         FROM class_enrollment e WHERE e.student_id = ? ORDER BY e.enrolled_on DESC LIMIT 1`,
      )
      .get(student.id) as {
      classId: number;
      leftOn: string | null;
      leftKind: string | null;
      orderNo: string | null;
    };
    const load = db
      .prepare('SELECT id FROM teaching_load WHERE class_id = ? AND group_id IS NULL ORDER BY id LIMIT 1')
      .get(enrollment.classId) as { id: number };
    return { ...student, ...enrollment, loadId: load.id };
  } finally {
    db.close();
  }
}

test('the class teacher edits a card, records a departure, and the journal shows the student as left', async ({
  page,
}) => {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  await page.goto('/');
  await page.getByRole('button', { name: /^Войти как Классный руководитель/ }).click();
  await page.getByRole('link', { name: 'Мой класс' }).click();

  const list = page.getByRole('table', { name: /Список класса/ });
  await expect(list).toBeVisible();
  await expect(page.getByRole('heading', { name: /класс, \d{4}\/\d{4}/ })).toBeVisible();
  await page.screenshot({ path: '/tmp/my-class-list.png', fullPage: true });

  // The second student of the list (the first may be the demo parent's child).
  const row = list.locator('tr[data-student]').nth(1);
  const name = (await row.getAttribute('data-student'))!;
  const [lastName, firstName] = name.split(' ');

  // The card: a new mobile phone.
  await row.getByRole('button', { name }).click();
  const card = page.getByRole('dialog', { name: `Карточка ученика: ${name}` });
  await expect(card).toBeVisible();
  await card.getByLabel('Мобильный телефон').fill('+7 912 000-11-22');
  await page.screenshot({ path: '/tmp/my-class-card.png', fullPage: true });
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await expect(card.getByText('Карточка сохранена.')).toBeVisible();
  expect(facts(name).phone).toBe('+7 912 000-11-22');
  await card.getByRole('button', { name: 'Отмена' }).click();

  // A bad phone is refused in Russian under its field, before anything is sent.
  await row.getByRole('button', { name }).click();
  await card.getByLabel('Мобильный телефон').fill('звонить маме');
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await expect(card.getByText(/Мобильный телефон: только цифры/)).toBeVisible();
  await card.getByRole('button', { name: 'Отмена' }).click();
  expect(facts(name).phone).toBe('+7 912 000-11-22');

  // Выбыл today, under order № 77-у.
  await row.getByRole('button', { name: 'Выбыл' }).click();
  const leave = page.getByRole('dialog', { name: 'Выбыл ученик' });
  await leave.getByLabel('Приказ №').fill('77-у');
  await leave.getByLabel('Куда выбыл').fill('МАОУ СОШ № 20 г. Тюмени');
  await page.screenshot({ path: '/tmp/my-class-leave.png', fullPage: true });
  await leave.getByRole('button', { name: 'Записать' }).click();
  await expect(leave).toBeHidden();
  const left = list.locator(`tr[data-student="${name}"]`);
  await expect(left).toContainText(
    `выбыл ${formatDate(today)}, МАОУ СОШ № 20 г. Тюмени (приказ № 77-у от ${formatDate(today)})`,
  );
  await expect(left.getByRole('button', { name: 'Выбыл' })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/my-class-after-leave.png', fullPage: true });
  const f = facts(name);
  expect([f.leftOn, f.leftKind, f.orderNo]).toEqual([today, 'left', '77-у']);

  // The class's journal page: the row stays with «выбыл ДД.ММ», and the cells after today are closed.
  await page.goto(`/#/journal/${f.loadId}`);
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(
    grid.getByRole('rowheader', {
      name: new RegExp(`${lastName} ${firstName} выбыл ${formatDayMonth(today)}`),
    }),
  ).toBeVisible();
  await expect(
    grid.locator(`td[aria-label^="${lastName} ${firstName}, "][aria-disabled="true"]`).first(),
  ).toBeVisible();
  await page.screenshot({ path: '/tmp/my-class-journal.png', fullPage: true });
});

test('an arrival with its group, a transfer, and the same list read-only for the deputy', async ({
  page,
}) => {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  await page.goto('/');
  await page.getByRole('button', { name: /^Войти как Классный руководитель/ }).click();
  await page.getByRole('link', { name: 'Мой класс' }).click();
  const list = page.getByRole('table', { name: /Список класса/ });
  await expect(list).toBeVisible();

  // Прибыл: a date outside the year is refused under its field, in Russian; then the right one.
  await page.getByRole('button', { name: 'Прибыл ученик' }).click();
  const arrive = page.getByRole('dialog', { name: 'Прибыл ученик' });
  await arrive.getByLabel('Фамилия').fill('Тихонов');
  await arrive.getByLabel(/^Имя/).fill('Марк');
  await arrive.getByLabel('Отчество').fill('Ильич');
  const date = arrive.getByLabel(/Дата прибытия/);
  await date.fill('01.07.2030');
  await arrive.getByLabel('Приказ №').fill('78-у');
  await arrive.getByRole('button', { name: 'Записать' }).click();
  await expect(arrive.getByText(/Дата 01\.07\.2030 вне учебного года/)).toBeVisible();
  await page.screenshot({ path: '/tmp/my-class-arrive-refused.png', fullPage: true });
  await date.fill(formatDate(today));
  await date.press('Tab');
  await arrive.getByRole('button', { name: 'Записать' }).click();
  await expect(arrive).toBeHidden();
  await expect(list.locator('tr[data-student="Тихонов Марк Ильич"]')).toContainText(
    `прибыл ${formatDate(today)} (приказ № 78-у от ${formatDate(today)})`,
  );

  // Groups: he is in no English group yet; the class teacher is told, and puts him into one.
  await page.getByRole('tab', { name: 'Группы' }).click();
  await expect(page.getByText(/не в группе — .*Тихонов Марк/)).toBeVisible();
  await page.screenshot({ path: '/tmp/my-class-groups.png', fullPage: true });
  await page.getByRole('combobox', { name: 'Тихонов Марк: Иностранный язык (английский)' }).click();
  await page.getByRole('option', { name: /^1 группа/ }).click();
  await expect(page.getByText('Каждый ученик — ровно в одной группе по каждому предмету.')).toBeVisible();

  // Перевод to 7Б from tomorrow: the row says where and under which order.
  await page.getByRole('tab', { name: 'Ученики' }).click();
  const row = list.locator('tr[data-student]').nth(2);
  const name = (await row.getAttribute('data-student'))!;
  await row.getByRole('button', { name: 'Перевод' }).click();
  const transfer = page.getByRole('dialog', { name: 'Перевод в другой класс' });
  await transfer.getByRole('combobox', { name: 'В класс' }).click();
  await page.getByRole('option', { name: '7Б' }).click();
  await transfer.getByLabel(/Дата перевода/).fill(formatDate(tomorrow));
  await transfer.getByLabel('Приказ №').fill('79-у');
  await page.screenshot({ path: '/tmp/my-class-transfer.png', fullPage: true });
  await transfer.getByRole('button', { name: 'Записать' }).click();
  await expect(transfer).toBeHidden();
  await expect(list.locator(`tr[data-student="${name}"]`)).toContainText(
    `переведён в 7Б с ${formatDate(tomorrow)} (приказ № 79-у`,
  );

  // Recorded by mistake: taken back, the student is on the list again with the buttons of a current student.
  await list.locator(`tr[data-student="${name}"]`).getByRole('button', { name: 'Отменить движение' }).click();
  const undo = page.getByRole('dialog', { name: 'Отменить движение' });
  await expect(undo).toContainText(`${name}: перевод из 7А будет отменён`);
  await undo.getByRole('button', { name: 'Отменить движение' }).click();
  await expect(undo).toBeHidden();
  await expect(list.locator(`tr[data-student="${name}"]`)).not.toContainText('переведён');
  await expect(
    list.locator(`tr[data-student="${name}"]`).getByRole('button', { name: 'Перевод' }),
  ).toBeVisible();

  // The deputy reads the same list: no movement buttons, the card read-only.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByRole('button', { name: /^Войти как Заместитель директора/ }).click();
  await page.getByRole('link', { name: 'Списки классов' }).click();
  await page.getByRole('link', { name: '7А', exact: true }).click();
  await expect(list).toBeVisible();
  await expect(
    page.getByText('Только просмотр: список ведут классный руководитель и администратор.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Прибыл ученик' })).toHaveCount(0);
  await expect(list.getByRole('button', { name: 'Выбыл' })).toHaveCount(0);
  await list.getByRole('button', { name: 'Тихонов Марк Ильич' }).click();
  const card = page.getByRole('dialog', { name: 'Карточка ученика: Тихонов Марк Ильич' });
  await expect(
    card.getByText('Только просмотр: карточку ведут классный руководитель ученика и администратор.'),
  ).toBeVisible();
  await expect(card.getByRole('button', { name: 'Сохранить' })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/my-class-deputy-card.png', fullPage: true });
});
