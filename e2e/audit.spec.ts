import { expect, type Page, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';

/**
 * The administrator's check of the audit log: the result of the check made at start, a check on
 * demand, and a row edited straight in the file named on the screen.
 */
async function signIn(page: Page, login: string) {
  await page.goto('/');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

/** Someone with a plain SQLite connection edits the newest audit row; `undo` puts it back. */
function editNewestAuditRow(): { id: number; undo(): void } {
  const db = new BetterSqlite3('test-results/e2e.sqlite');
  db.pragma('busy_timeout = 5000');
  const row = db.prepare('SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
    id: number;
    action: string;
  };
  const trigger = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'")
    .pluck()
    .get() as string;
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare("UPDATE audit_log SET action = 'auth.logout' WHERE id = ?").run(row.id);
  db.close();
  return {
    id: row.id,
    undo() {
      const again = new BetterSqlite3('test-results/e2e.sqlite');
      again.pragma('busy_timeout = 5000');
      again.prepare('UPDATE audit_log SET action = ? WHERE id = ?').run(row.action, row.id);
      again.exec(trigger);
      again.close();
    },
  };
}

test('the administrator sees the audit chain whole, checks it again, and is shown an edited row', async ({
  page,
}) => {
  await signIn(page, 'admin');
  // The administrator lands on the backups; the check is a section beside them.
  await page.getByRole('link', { name: 'Журнал изменений' }).click();
  await expect(page.getByRole('heading', { name: 'Журнал изменений' })).toBeVisible();
  // The check's result (the shell has a live region of its own for waiting saves).
  const result = page.getByRole('status').filter({ hasText: 'Журнал изменений' });
  // The check made when the server started.
  await expect(result).toContainText('Журнал изменений не нарушен');
  await expect(result).toContainText('при запуске программы');
  await page.getByRole('button', { name: 'Проверить сейчас' }).click();
  await expect(result).toContainText('по запросу');
  await expect(result).toContainText(/не нарушен: \d+ запис/);

  const edit = editNewestAuditRow();
  try {
    await page.getByRole('button', { name: 'Проверить сейчас' }).click();
    await expect(page.getByRole('alert')).toContainText(
      `Журнал изменений нарушен: запись № ${edit.id} изменена после того, как была сделана`,
    );
  } finally {
    edit.undo();
  }
  await page.getByRole('button', { name: 'Проверить сейчас' }).click();
  await expect(result).toContainText('Журнал изменений не нарушен');
});

test('the director finds the check among the sections; a teacher does not', async ({ page }) => {
  await signIn(page, 'director');
  await page.getByRole('link', { name: 'Журнал изменений' }).click();
  await expect(page.getByRole('button', { name: 'Проверить сейчас' })).toBeVisible();
  await page.getByRole('button', { name: 'Выйти' }).click();
  await signIn(page, 'teacher');
  await expect(page.getByRole('heading', { name: 'Журнал', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Журнал изменений' })).toHaveCount(0);
});
