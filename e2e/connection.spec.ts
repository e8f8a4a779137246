import { type ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, request, test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { DEMO_TEMPLATE } from './files.mjs';
import { lastPastDay, openWholeYear } from './grid';
import { STAFF_PORT } from './ports.mjs';

/**
 * A staff computer set up from its own screen (issue 7, host mode): a real host
 * (`serve.mjs --host-mode` on a copy of the demo, its own certificate) and a staff computer in browser
 * mode with no journal of its own (`--connection-file`). In Chromium the administrator types the host's
 * address and first a wrong fingerprint (refused, showing the one the host presented), then the right
 * one; a teacher then logs in and sets a mark, which lands in the host's file.
 */
const HOST_PORT = STAFF_PORT + 2; // its diary: +3
const STAFF_COMPUTER_PORT = STAFF_PORT + 4; // its diary port +5 (not opened: no journal of its own)
const dir = resolve('test-results/connection');
const hostDb = join(dir, 'host', 'journal.sqlite');
const settingsFile = join(dir, 'staff', 'host.json');
const staffUrl = `http://127.0.0.1:${STAFF_COMPUTER_PORT}/`;
const hostUrl = `https://127.0.0.1:${HOST_PORT}`;
const children: ChildProcess[] = [];

/** Starts dist/main/serve.mjs and resolves once it printed `ready`. */
async function serve(args: string[], ready: RegExp): Promise<string> {
  const { JOURNAL_DB: _db, ...env } = process.env;
  const child = spawn(process.execPath, ['dist/main/serve.mjs', ...args], {
    env: { ...env, JOURNAL_CHECK_OUTPUTS: '1' },
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 30_000;
  while (!ready.test(out)) {
    if (child.exitCode !== null) throw new Error(`serve.mjs ${args.join(' ')} exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`serve.mjs ${args.join(' ')} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}

let fingerprint: string;

test.beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'host'), { recursive: true });
  mkdirSync(join(dir, 'staff'), { recursive: true });
  // A consistent copy of the e2e demo as generated (what specs on the shared server change is not in it).
  const source = new BetterSqlite3(DEMO_TEMPLATE, { readonly: true });
  try {
    source.exec(`VACUUM INTO '${hostDb.replaceAll("'", "''")}'`);
  } finally {
    source.close();
  }
  const hostOut = await serve(
    [
      '--host-mode',
      '--db',
      hostDb,
      '--host',
      '127.0.0.1',
      '--port',
      String(HOST_PORT),
      '--diary-port',
      String(HOST_PORT + 1),
    ],
    /Школьный журнал \(для сотрудников\)/,
  );
  // The fingerprint as the administrator reads it off the host's screen: four lines of eight pairs.
  const printed = hostOut.match(/\(SHA-256\)[^\n]*\n((?:\s+[0-9A-F:]+\n){4})/)?.[1];
  fingerprint = (printed ?? '').trim().split(/\s+/).join(':');
  expect(fingerprint).toBe(new X509Certificate(readFileSync(`${hostDb}.tls-cert.pem`)).fingerprint256);
  await serve(
    [
      '--connection-file',
      settingsFile,
      '--port',
      String(STAFF_COMPUTER_PORT),
      '--diary-port',
      String(STAFF_COMPUTER_PORT + 1),
    ],
    /Школьный журнал \(для сотрудников\)/,
  );
});

test.afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
});

test('the administrator connects a staff computer to the host from its screen; a teacher’s mark lands in the host’s file', async ({
  page,
}) => {
  await page.goto(staffUrl);
  await page.getByRole('button', { name: 'Подключение к серверу журнала' }).click();
  const dialog = page.getByRole('dialog');
  const current = dialog.getByLabel('Журнал этого компьютера');
  await expect(current).toContainText('Этот компьютер ещё не подключён к журналу.');

  // A wrong fingerprint (one pair mistyped): refused, with the fingerprint the host actually presented.
  const pairs = fingerprint.split(':');
  const wrong = [...pairs.slice(0, 5), pairs[5] === '00' ? '01' : '00', ...pairs.slice(6)].join(':');
  await dialog.getByLabel('Адрес сервера журнала').fill(`127.0.0.1:${HOST_PORT}`);
  await dialog.getByLabel('Отпечаток сертификата (SHA-256)').fill(wrong);
  await dialog.getByRole('button', { name: 'Проверить и подключиться' }).click();
  const refusal = dialog.getByRole('alert');
  await expect(refusal).toContainText('Подключение не выполнено');
  await expect(refusal).toContainText(
    `Сервер по адресу ${hostUrl} предъявил сертификат с отпечатком ${fingerprint}, а введён ${wrong}.`,
  );
  await expect(refusal).toContainText('Сверьте введённый отпечаток с экраном сервера журнала');
  await page.screenshot({ path: 'test-results/connection-refused.png' });
  expect(() => statSync(settingsFile)).toThrow();

  // The right one, as the host's screen shows it, in lower case and without colons.
  await dialog
    .getByLabel('Отпечаток сертификата (SHA-256)')
    .fill(fingerprint.replaceAll(':', '').toLowerCase());
  await dialog.getByRole('button', { name: 'Проверить и подключиться' }).click();
  await expect(dialog.getByRole('status')).toContainText('Компьютер подключён к серверу журнала');
  await expect(dialog.getByRole('status')).toContainText(`Сервер ${hostUrl} предъявил сертификат`);
  await page.screenshot({ path: 'test-results/connection-connected.png' });
  // Remembered on the staff computer for its next start, readable by its user only.
  expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ address: hostUrl, fingerprint });
  expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
  await dialog.getByRole('button', { name: 'Перейти ко входу' }).click();

  // The screen now shows the host, answering.
  await page.getByRole('button', { name: 'Подключение к серверу журнала' }).click();
  await expect(current).toContainText(`Сервер журнала: ${hostUrl}`);
  await expect(current).toContainText('сервер отвечает');
  await expect(current.getByLabel('Отпечаток сертификата сервера')).toContainText(
    pairs.slice(0, 8).join(':'),
  );
  await page.screenshot({ path: 'test-results/connection-status.png' });
  await dialog.getByRole('button', { name: 'Назад ко входу' }).click();

  // A teacher logs in on the host's journal and sets a mark.
  await page.getByLabel('Логин').fill('teacher');
  await page.getByLabel('Пароль').fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  const grid = await openWholeYear(page);
  const day = await lastPastDay(page);
  const cell = grid
    .locator('tbody tr')
    .first()
    .getByRole('gridcell', { name: new RegExp(`, ${day.replace('.', '\\.')}`) })
    .first();
  const host = new BetterSqlite3(hostDb, { readonly: true });
  try {
    const lastAudit = () =>
      (host.prepare('SELECT max(id) AS id FROM audit_log').get() as { id: number | null }).id ?? 0;
    const before = lastAudit();
    await cell.click();
    await page.keyboard.press('Delete');
    await expect(cell).toHaveText('');
    await expect(cell).not.toHaveAttribute('aria-busy', 'true');
    await page.keyboard.press('4');
    await expect(cell).toHaveText('4');
    await expect(cell).not.toHaveAttribute('aria-busy', 'true');
    await expect(cell).not.toHaveAttribute('aria-label', /ожидает отправки|не сохранено/);
    // In the host's file, written by the host's router with its audit row.
    const saved = host
      .prepare(
        `SELECT m.value FROM audit_log a JOIN mark m ON m.id = a.entity_id
         WHERE a.id > ? AND a.action = 'journal.setMark' AND a.entity = 'mark' ORDER BY a.id DESC LIMIT 1`,
      )
      .get(before) as { value: string } | undefined;
    expect(saved?.value).toBe('4');
  } finally {
    host.close();
  }

  // The host's administrator finds the same screen in the application, able to choose another host.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByLabel('Логин').fill('admin');
  await page.getByLabel('Пароль').fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await page.getByRole('link', { name: 'Подключение' }).click();
  const section = page.getByLabel('Журнал этого компьютера');
  await expect(section).toContainText(`Сервер журнала: ${hostUrl}`);
  await expect(section).toContainText('сервер отвечает');
  await expect(page.getByText('Другой сервер может выбрать только администратор')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Проверить и подключиться' })).toBeVisible();
  await page.screenshot({ path: 'test-results/connection-admin.png' });

  // The host itself offers no way to repoint anything: its staff door does not know the method.
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  const answer = await api.post(`${hostUrl}/api/connection.setHost`, {
    data: { address: 'https://127.0.0.1:1', fingerprint },
  });
  expect((await answer.json()).error.code).toBe('UNKNOWN_METHOD');
  await api.dispose();
});
