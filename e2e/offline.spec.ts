import { expect, type Locator, test } from '@playwright/test';
import { clearFocusedCell, lastPastDay, openWholeYear } from './grid';
import { STAFF_PORT } from './ports.mjs';
import { demoServer } from './server';

/**
 * The staff application when its journal service goes away: it says so at once, keeps what the
 * teacher types on this computer (across a reload), and sends it when the service is back — a stale
 * write refused as always. The service here is a browser-mode server of this test's own, stopped and
 * started again on the same file.
 */

const server = demoServer('test-results/offline.sqlite', STAFF_PORT + 2);
const WRITES = /\/api\/journal\.(setMark|setAbsence|clearCell)$/;

test('a teacher keeps typing while the journal service is stopped; it is all sent when it is back', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Войти как Учитель (русский язык и литература)' }).click();
  let grid = await openWholeYear(page);
  const day = await lastPastDay(page);
  const cellOf = (row: number): Locator =>
    grid
      .locator('tbody tr')
      .nth(row)
      .getByRole('gridcell', { name: new RegExp(`, ${day.replace('.', '\\.')}`) })
      .first();
  for (const row of [0, 1, 2, 3]) {
    await cellOf(row).click();
    await clearFocusedCell(page, cellOf(row));
    await expect(cellOf(row)).not.toHaveAttribute('aria-busy', 'true');
  }

  await server.stop();
  const banner = page.getByRole('alert', { name: 'Нет связи с сервером журнала' });
  await cellOf(0).click();
  const typedAt = Date.now();
  await page.keyboard.press('5');
  // At once: the failed save itself tells the whole application, no poll or timeout is waited for.
  await expect(banner).toBeVisible({ timeout: 1500 });
  expect(Date.now() - typedAt).toBeLessThan(1500);
  await expect(banner).toContainText(
    'Нет связи с сервером журнала. Отметки сохраняются на этом компьютере и будут отправлены, когда связь восстановится',
  );
  await page.keyboard.press('KeyY'); // Н, on the second student
  await page.keyboard.press('4'); // the third
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('3'); // corrected: replaces the waiting «4»
  await page.keyboard.press('2'); // the fourth
  await expect(banner).toContainText('4 изменения ждут отправки.');
  const waiting = [
    [0, '5'],
    [1, 'Н'],
    [2, '3'],
    [3, '2'],
  ] as const;
  for (const [row, text] of waiting) {
    await expect(cellOf(row)).toHaveText(text);
    await expect(cellOf(row)).toHaveAttribute('aria-label', /, ожидает отправки$/);
    await expect(cellOf(row)).toHaveClass(/is-waiting/);
    await expect(cellOf(row)).not.toHaveAttribute('aria-invalid', 'true');
  }
  const box = (await cellOf(0).boundingBox())!;
  await page.screenshot({
    path: 'test-results/offline-waiting.png',
    clip: { x: 0, y: 0, width: 1400, height: Math.min(900, box.y + 200) },
  });

  // A lesson's topic is not queued: refused with a clear message, the text kept in the dialog.
  await grid
    .getByRole('columnheader', { name: new RegExp(`^Урок ${day.replace('.', '\\.')}`) })
    .first()
    .dblclick();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Тема урока').fill('Сложноподчинённые предложения');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Нет связи с сервером журнала: тема и домашнее задание не сохранены. Текст остаётся в этом окне — нажмите «Сохранить», когда связь восстановится.',
  );
  await expect(dialog.getByLabel('Тема урока')).toHaveValue('Сложноподчинённые предложения');
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(dialog).toBeHidden();

  // The service is back on the same file, but this computer's writes cannot reach it yet; and the
  // page is loaded afresh (a restart: in browser mode the page itself comes from the service), so
  // nothing typed is in the page's memory any more, only in the queue on this computer.
  await server.start();
  await page.route(WRITES, (route) => route.abort());
  await page.reload();
  grid = await openWholeYear(page, false);
  for (const [row, text] of waiting) {
    await expect(cellOf(row)).toHaveText(text);
    await expect(cellOf(row)).toHaveAttribute('aria-label', /, ожидает отправки$/);
  }

  // Meanwhile another computer sets the fourth student's mark: the waiting «2» is now stale.
  const other = page.context().request;
  const login = await other.post(`${server.url}api/auth.login`, {
    data: { login: 'teacher', password: 'demo2026' },
  });
  const token = ((await login.json()) as { value: { token: string } }).value.token;
  const headers = { Authorization: `Bearer ${token}` };
  const facts = (
    (await (
      await other.post(`${server.url}api/journal.page`, {
        data: { loadId: Number(page.url().match(/journal\/(\d+)/)![1]), wholeYear: true },
        headers,
      })
    ).json()) as { value: { lessons: { id: number; date: string }[]; students: { id: number }[] } }
  ).value;
  const lesson = facts.lessons
    .filter((l) => l.date.slice(8, 10) === day.slice(0, 2) && l.date.slice(5, 7) === day.slice(3, 5))
    .at(-1)!;
  const stale = await other.post(`${server.url}api/journal.setMark`, {
    data: { lessonId: lesson.id, studentId: facts.students[3]!.id, value: '5', expectedVersion: null },
    headers,
  });
  expect(stale.ok()).toBe(true);

  // The writes get through: the queue goes in order, the stale one is refused and shows what is there.
  await page.unroute(WRITES);
  await expect(banner).toBeHidden({ timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: 'отправляются' })).toBeHidden();
  for (const [row, text] of waiting.slice(0, 3)) {
    await expect(cellOf(row)).toHaveText(text);
    await expect(cellOf(row)).not.toHaveAttribute('aria-label', /ожидает отправки/);
    await expect(cellOf(row)).not.toHaveClass(/is-waiting/);
  }
  await expect(cellOf(3)).toHaveAttribute('aria-invalid', 'true');
  await expect(cellOf(3)).toContainText('сейчас стоит «5»');
  await expect(cellOf(3)).toHaveText(/^5/);

  // In the journal file: what the page loads afresh.
  await page.reload();
  grid = await openWholeYear(page, false);
  await expect(cellOf(0)).toHaveText('5');
  await expect(cellOf(1)).toHaveText('Н');
  await expect(cellOf(2)).toHaveText('3');
  await expect(cellOf(3)).toHaveText('5');
});
