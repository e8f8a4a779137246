import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { demoAcademicStart } from '../src/main/demo/generate';
import { formatDayMonthLong } from '../src/shared/i18n/dates';
import { demoFacts } from './demo';
import { cellName, clearFocusedCell } from './grid';
import { DIARY_URL } from './ports.mjs';

const DIARY = DIARY_URL;

/** The ISO date of a "ДД.ММ" column header, in the academic year the demo school shows. */
function isoOf(ddmm: string, today: string): string {
  const month = Number(ddmm.slice(3, 5));
  const startYear = demoAcademicStart(today);
  return `${month >= 9 ? startYear : startYear + 1}-${ddmm.slice(3, 5)}-${ddmm.slice(0, 2)}`;
}

async function loginAs(page: Page, url: string, title: string) {
  await page.goto(url);
  await page.getByRole('button', { name: `Войти как ${title}` }).click();
}

/** A key press on a Russian (ЙЦУКЕН) layout: Playwright's keyboard knows only US keys. */
async function pressRussian(page: Page, key: string, code: string) {
  const cdp = await page.context().newCDPSession(page);
  const vk = code.startsWith('Key') ? code.charCodeAt(3) : 188;
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'keyDown',
    key,
    code,
    text: key,
    unmodifiedText: key,
    windowsVirtualKeyCode: vk,
  });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: vk });
  await cdp.detach();
}

/** Opens the whole-year view and returns the dates of its past lessons in view (there are always some). */
async function pastLessonsOfYear(page: Page): Promise<string[]> {
  await page.getByText('Весь год', { exact: true }).click();
  await expect(page.getByRole('grid', { name: /весь год/ })).toBeVisible();
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const past = (await lessonDates(page)).filter((d) => isoOf(d, today) < today);
  expect(past.length, 'the demo year has past lessons').toBeGreaterThanOrEqual(2);
  return past;
}

/**
 * Another staff computer (its own session) sets the child's mark on the lesson of that day, choosing
 * the new value from the current mark; returns the value it saved.
 */
async function fromAnotherComputer(
  request: APIRequestContext,
  facts: ReturnType<typeof demoFacts>,
  day: string,
  next: (mark: { value: string } | undefined) => string,
): Promise<{ current: string }> {
  const login = await request.post('/api/auth.login', { data: { login: 'teacher', password: 'demo2026' } });
  const headers = {
    Authorization: `Bearer ${((await login.json()) as { value: { token: string } }).value.token}`,
  };
  const page = (await (
    await request.post('/api/journal.page', { data: { loadId: facts.loadId, wholeYear: true }, headers })
  ).json()) as {
    value: {
      lessons: { id: number; date: string }[];
      marks: { lessonId: number; studentId: number; version: number; value: string }[];
    };
  };
  const lesson = page.value.lessons.find((l) => l.date.slice(5) === `${day.slice(3, 5)}-${day.slice(0, 2)}`)!;
  const mark = page.value.marks.find((m) => m.lessonId === lesson.id && m.studentId === facts.child.id);
  const value = next(mark);
  const saved = await request.post('/api/journal.setMark', {
    data: { lessonId: lesson.id, studentId: facts.child.id, value, expectedVersion: mark?.version ?? null },
    headers,
  });
  expect(saved.ok()).toBe(true);
  return { current: value };
}

/** The dates of the page's lesson columns, read from the grid's headers as the teacher sees them. */
async function lessonDates(page: Page): Promise<string[]> {
  const labels = await page
    .getByRole('columnheader', { name: /^Урок / })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.slice(5, 10));
}

test('a teacher works the journal page from the keyboard and a parent sees it in the diary', async ({
  page,
  browser,
}) => {
  const facts = demoFacts();
  await loginAs(page, '/', 'Учитель (русский язык и литература)');
  await expect(page.getByRole('heading', { name: 'Мои классы и предметы' })).toBeVisible();
  await page.getByRole('link', { name: /5А · Русский язык/ }).click();
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();

  // The whole year, so that there are past lessons on any day the test runs (a period may have just begun);
  // the two latest lessons before today that are in the grid.
  const past = await pastLessonsOfYear(page);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const [prevDay, lastDay] = past.slice(-2) as [string, string];

  // Type a mark: the cell shows it, focus moves to the next student.
  const cell = grid.getByRole('gridcell', { name: cellName(facts.child.name, lastDay) });
  await cell.click();
  await clearFocusedCell(page, cell);
  await page.keyboard.press('4');
  await expect(cell).toHaveText('4');
  // A screen reader hears the result, since focus has moved on to the next student.
  await expect(page.getByRole('status').filter({ hasText: 'отметка 4' })).toHaveText(
    `${facts.child.name}, ${lastDay}, отметка 4: сохранено`,
  );
  await expect(cell).not.toHaveAttribute('aria-busy', 'true');

  // Back up, left to the previous lesson, and mark an absence with the Russian letter Н.
  await page.keyboard.press('ArrowUp');
  await expect(cell).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  const prevCell = grid.getByRole('gridcell', { name: cellName(facts.child.name, prevDay) });
  await expect(prevCell).toBeFocused();
  await clearFocusedCell(page, prevCell);
  await pressRussian(page, 'н', 'KeyY');
  await expect(prevCell).toHaveText('Н');

  // Delete clears a mark.
  await cell.click();
  await page.keyboard.press('ArrowDown');
  const below = page.locator(':focus');
  await clearFocusedCell(page, below);
  await page.keyboard.press('3');
  await page.keyboard.press('ArrowUp');
  await expect(below).toHaveText('3');
  await page.keyboard.press('Delete');
  await expect(below).toHaveText('');

  // Enter on the lesson's date edits topic and homework.
  await cell.click();
  for (let i = 0; i < 30; i++) {
    if (
      (await page.evaluate(
        () => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName,
      )) === 'columnheader'
    )
      break;
    await page.keyboard.press('ArrowUp');
  }
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Тема урока').fill('Имя прилагательное как часть речи');
  await dialog.getByLabel('Домашнее задание').fill('§ 41, упр. 318');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    grid.getByRole('columnheader', { name: `Урок ${lastDay}, тема: Имя прилагательное как часть речи` }),
  ).toBeVisible();

  // Everything survives a reload.
  await page.reload();
  await page.getByText('Весь год', { exact: true }).click();
  await expect(
    page.getByRole('grid').getByRole('gridcell', { name: cellName(facts.child.name, lastDay) }),
  ).toHaveText('4');
  await expect(
    page.getByRole('grid').getByRole('gridcell', { name: cellName(facts.child.name, prevDay) }),
  ).toHaveText('Н');
  await expect(
    page.getByRole('columnheader', { name: `Урок ${lastDay}, тема: Имя прилагательное как часть речи` }),
  ).toBeVisible();

  // The parent, in a browser of their own, sees the week with the topic, homework, mark and absence.
  const parentContext = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const parent = await parentContext.newPage();
  await loginAs(parent, DIARY, 'Родитель');
  await expect(
    parent.getByRole('heading', { name: new RegExp(`${facts.child.name}.*5А класс`) }),
  ).toBeVisible();
  // Go back week by week until the lesson's day is shown.
  const dayHeading = new RegExp(formatDayMonthLong(isoOf(lastDay, today)));
  for (let i = 0; i < 12 && !(await parent.getByRole('region', { name: dayHeading }).isVisible()); i++) {
    await parent.getByRole('button', { name: '← Предыдущая неделя' }).click();
    await parent.waitForLoadState('networkidle');
  }
  const day = parent.getByRole('region', { name: dayHeading });
  const row = day
    .getByRole('row', { name: /Русский язык/ })
    .filter({ hasText: 'Имя прилагательное как часть речи' });
  await expect(row).toContainText('§ 41, упр. 318');
  await expect(row.getByLabel(/^Отметка 4:/)).toBeVisible();
  const prevHeading = new RegExp(formatDayMonthLong(isoOf(prevDay, today)));
  const prevRegion = parent.getByRole('region', { name: prevHeading });
  if (await prevRegion.isVisible()) {
    await expect(
      prevRegion.getByRole('row', { name: /Русский язык/ }).getByLabel(/^Пропуск: Н,/),
    ).toBeVisible();
  }
  await parentContext.close();
});

test('a failed save is shown in the cell, in Russian', async ({ page, request }) => {
  const facts = demoFacts();
  await loginAs(page, '/', 'Учитель (русский язык и литература)');
  await page.getByRole('link', { name: /5А · Русский язык/ }).click();
  const grid = page.getByRole('grid');
  const day = (await pastLessonsOfYear(page)).at(-1)!;
  const cell = grid.getByRole('gridcell', { name: cellName(facts.child.name, day) });
  await cell.click();
  await clearFocusedCell(page, cell);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('2');
  await expect(cell).toHaveText('2');

  // Another computer changes the same cell meanwhile.
  const { current } = await fromAnotherComputer(request, facts, day, (mark) =>
    mark?.value === '5' ? '4' : '5',
  );
  expect(current).toBe('5');

  // This computer still shows «2» and tries to change it: refused, explained, then refreshed.
  await cell.click();
  await page.keyboard.press('3');
  await expect(
    page.getByText('Отметку уже изменил другой пользователь (сейчас стоит «5»)').first(),
  ).toBeVisible();
  await expect(cell).toHaveAttribute('aria-invalid', 'true');
  await expect(cell).toContainText('5');
});

test('a parent sees only their own children: another student id is refused, not served', async ({ page }) => {
  const facts = demoFacts();
  await loginAs(page, DIARY, 'Родитель');
  await expect(page.getByRole('heading', { name: new RegExp(facts.child.name) })).toBeVisible();
  const answer = await page.evaluate(async (studentId) => {
    const token = localStorage.getItem('journal.family.token');
    const r = await fetch('api/diary.week', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ studentId, weekOf: new Date().toISOString().slice(0, 10) }),
    });
    return { status: r.status, body: await r.json() };
  }, facts.otherStudentId);
  expect(answer).toEqual({
    status: 403,
    body: {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Нет доступа к дневнику этого ученика', field: 'studentId' },
    },
  });
});

test('the staff application refuses a wrong password in Russian and lists demo accounts', async ({
  page,
}) => {
  await page.goto('/');
  await expect(
    page
      .getByRole('region', { name: 'Демонстрационные учётные записи' })
      .or(page.getByLabel('Демонстрационные учётные записи')),
  ).toBeVisible();
  await page.getByLabel('Логин').fill('teacher');
  await page.getByLabel('Пароль').fill('неверный');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Неверный логин или пароль');
});

test('the whole year on one page: Home and End reach the first and the last lesson', async ({ page }) => {
  const facts = demoFacts();
  await loginAs(page, '/', 'Учитель (русский язык и литература)');
  await page.getByRole('link', { name: /5А · Русский язык/ }).click();
  await page.getByText('Весь год', { exact: true }).click();
  const grid = page.getByRole('grid', { name: /весь год/ });
  await expect(grid).toBeVisible();
  // The lessons: every column but the names and the ones pinned at the right (average, marks…).
  const pinned = await grid.locator('thead th.journal-pinned').count();
  const columns = Number(await grid.getAttribute('aria-colcount')) - 1 - pinned;
  expect(columns).toBeGreaterThan(40);
  // A cell of the child's row in the middle of those rendered (so in view), pinned by its name: the
  // rendered set changes as the grid scrolls.
  const cells = grid.getByRole('gridcell', { name: new RegExp(`^${facts.child.name}, `) });
  const label = await cells.nth(Math.floor((await cells.count()) / 2)).getAttribute('aria-label');
  const inView = grid.getByRole('gridcell', { name: label!, exact: true });
  await inView.click();
  await expect(inView).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.locator(':focus')).toHaveAttribute('aria-colindex', '2');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', new RegExp(`^${facts.child.name}, `));
  await page.keyboard.press('End');
  await expect(page.locator(':focus')).toHaveAttribute('aria-colindex', String(columns + 1));
  await expect(page.locator(':focus')).toBeInViewport();
});

test('a mark set on another computer appears on the open page without a reload', async ({
  page,
  request,
}) => {
  const facts = demoFacts();
  await loginAs(page, '/', 'Учитель (русский язык и литература)');
  await page.getByRole('link', { name: /5А · Русский язык/ }).click();
  const grid = page.getByRole('grid');
  const day = (await pastLessonsOfYear(page)).at(-1)!;
  const cell = grid.getByRole('gridcell', { name: cellName(facts.child.name, day) });
  await expect(cell).toBeVisible();

  const { current: value } = await fromAnotherComputer(request, facts, day, (mark) =>
    mark?.value === '3' ? '2' : '3',
  );
  // The cell may also hold an absence code before the mark.
  await expect(cell).toHaveText(new RegExp(`(^| )${value}$`), { timeout: 15_000 });
});
