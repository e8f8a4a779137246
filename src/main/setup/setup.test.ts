import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, one, tempDir } from '../../../test/school';
import type { Input } from '../../shared/api/contract';
import { DEFAULT_WORK_TYPES } from '../../shared/journal/work-types';
import { FEDERAL_CURRICULUM } from '../../shared/school-year/curriculum-defaults';
import { type Startup, startApp } from '../app';
import { ALREADY_CREATED } from './setup';

/**
 * The first start on a named journal file that does not exist: nothing exists until the person
 * confirms the path and fills the form; then the journal has the school, the defaults every school
 * shares and one administrator who logs in with the password typed there — and nothing of the demo.
 */

let tmp: ReturnType<typeof tempDir>;
let started: Startup[] = [];
beforeEach(() => {
  tmp = tempDir();
  started = [];
});
afterEach(() => {
  for (const s of started) s.close();
  tmp.cleanup();
});

const staff = { door: 'staff' as const, client: 'test' };

async function start(path: string): Promise<Startup> {
  const s = await startApp({ dbPath: path, createDemo: false, checkOutputs: true });
  started.push(s);
  return s;
}

function form(path: string, changes: Partial<Input<'setup.create'>> = {}): Input<'setup.create'> {
  return {
    path,
    confirmed: true,
    schoolName: 'МБОУ «СОШ № 7»',
    fullName:
      'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»',
    address: 'г. Энск, ул. Школьная, д. 7',
    directorName: 'Петрова Анна Сергеевна',
    lastName: 'Смирнова',
    firstName: 'Ольга',
    middleName: 'Ивановна',
    login: 'smirnova.oi',
    password: 'Ключ-к-журналу-7',
    ...changes,
  };
}

describe('first start on a file that does not exist', () => {
  it('creates nothing until the form is sent, and says the journal is missing with its full path', async () => {
    const path = join(tmp.dir, 'school.sqlite');
    const app = await start(path);
    expect(app.pendingPath).toBe(path);
    expect(await app.call('setup.status', {}, staff)).toEqual({
      ok: true,
      value: { state: 'missing', path },
    });
    // Nothing else answers before the journal exists (and the family door has no first run).
    expect(await app.call('auth.login', { login: 'admin', password: 'demo2026' }, staff)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('Журнал ещё не создан') },
    });
    expect(await app.call('setup.status', {}, { door: 'family' })).toMatchObject({ ok: false });
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('creates the journal: the school, the defaults, one administrator who logs in, an audit row', async () => {
    const path = join(tmp.dir, 'new', 'school.sqlite');
    const app = await start(path);
    const created = await app.call('setup.create', form(path), staff);
    expect(created).toEqual({ ok: true, value: { login: 'smirnova.oi' } });
    expect(app.pendingPath).toBeNull();
    // Owner-only, as every journal file.
    expect(statSync(path).mode & 0o777).toBe(0o600);

    expect(await app.call('setup.status', {}, staff)).toEqual({
      ok: true,
      value: { state: 'ready', path: null },
    });
    const login = await app.call('auth.login', { login: 'smirnova.oi', password: 'Ключ-к-журналу-7' }, staff);
    expect(login).toMatchObject({
      ok: true,
      value: { user: { login: 'smirnova.oi', roles: ['admin'], mustChangePassword: false } },
    });
    // The login screen names the school, and lists no demo accounts.
    expect(await app.call('auth.demoAccounts', {}, staff)).toEqual({
      ok: true,
      value: { demo: false, schoolName: 'МБОУ «СОШ № 7»', accounts: [] },
    });

    const { db } = await app.opened;
    expect(
      one(db, 'SELECT name, short_name, full_name, address, director_name, is_demo FROM school'),
    ).toEqual({
      name: 'МБОУ «СОШ № 7»',
      short_name: 'МБОУ «СОШ № 7»',
      full_name: form(path).fullName,
      address: 'г. Энск, ул. Школьная, д. 7',
      director_name: 'Петрова Анна Сергеевна',
      is_demo: 0,
    });
    expect(all(db, 'SELECT name, weight FROM work_type ORDER BY sort_order')).toEqual(
      DEFAULT_WORK_TYPES.map((w) => ({ name: w.name, weight: w.weight })),
    );
    expect(
      all<{ name: string }>(db, 'SELECT name FROM subject ORDER BY sort_order').map((s) => s.name),
    ).toEqual(FEDERAL_CURRICULUM.map((s) => s.name));
    expect(all(db, 'SELECT login, last_name, first_name, middle_name FROM user_account')).toEqual([
      { login: 'smirnova.oi', last_name: 'Смирнова', first_name: 'Ольга', middle_name: 'Ивановна' },
    ]);
    expect(all(db, 'SELECT role FROM user_role')).toEqual([{ role: 'admin' }]);
    for (const table of ['academic_year', 'class', 'student', 'guardian', 'teaching_load', 'lesson'])
      expect(one<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`).n, table).toBe(0);
    expect(one<{ n: number }>(db, "SELECT count(*) AS n FROM setting WHERE key LIKE 'demo.%'").n).toBe(0);

    const audit = all<{ action: string; entity: string; after: string }>(
      db,
      "SELECT action, entity, after FROM audit_log WHERE action = 'setup.create' ORDER BY id",
    );
    expect(audit.map((a) => a.entity)).toEqual(['school', 'user_account']);
    expect(JSON.parse(audit[1]!.after)).toMatchObject({ login: 'smirnova.oi', roles: ['admin'] });
    expect(audit[1]!.after).not.toContain('scrypt');
  });

  it('refuses a second creation (another tab sent the form too): one administrator, the first one', async () => {
    const path = join(tmp.dir, 'school.sqlite');
    const app = await start(path);
    const [a, b] = await Promise.all([
      app.call('setup.create', form(path), staff),
      app.call('setup.create', form(path, { login: 'drugoi.admin', lastName: 'Другой' }), staff),
    ]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toEqual({ ok: false, error: { code: 'CONFLICT', message: ALREADY_CREATED } });
    const { db } = await app.opened;
    expect(all(db, 'SELECT login FROM user_account')).toEqual([{ login: 'smirnova.oi' }]);
  });

  it('refuses when the file appeared meanwhile, and never overwrites it', async () => {
    const path = join(tmp.dir, 'school.sqlite');
    const app = await start(path);
    // Another program put a file there after the start (not a journal at all).
    writeFileSync(path, 'чужой файл');
    const r = await app.call('setup.create', form(path), staff);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(r.ok || r.error.message).toMatch(/не является базой данных|не перезаписан/);
    expect(readFileSync(path, 'utf8')).toBe('чужой файл');
  });

  it('meets a journal another computer created meanwhile: refuses, and then opens it', async () => {
    const path = join(tmp.dir, 'school.sqlite');
    const first = await start(path);
    const second = await start(path);
    expect(await first.call('setup.create', form(path), staff)).toMatchObject({ ok: true });
    const r = await second.call('setup.create', form(path, { login: 'vtoroi.admin' }), staff);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('не перезаписан') },
    });
    expect(await second.call('setup.status', {}, staff)).toEqual({
      ok: true,
      value: { state: 'ready', path: null },
    });
    expect(
      await second.call('auth.login', { login: 'smirnova.oi', password: 'Ключ-к-журналу-7' }, staff),
    ).toMatchObject({ ok: true });
  });

  it.each([
    [
      'an empty school name',
      { schoolName: '  ' },
      'schoolName',
      'Краткое название школы: поле не должно быть пустым',
    ],
    [
      'an empty full name',
      { fullName: '' },
      'fullName',
      'Полное наименование школы: поле не должно быть пустым',
    ],
    [
      'an empty last name',
      { lastName: '' },
      'lastName',
      'Фамилия администратора: поле не должно быть пустым',
    ],
    ['a short password', { password: 'abc12' }, 'password', 'Новый пароль должен быть не короче 8 символов'],
    ['a common password', { password: 'Пароль2026' }, 'password', 'Этот пароль слишком распространён'],
    [
      'a password holding the login',
      { password: 'smirnova.oi-77' },
      'password',
      'Пароль не должен содержать логин',
    ],
    ['a login in Cyrillic', { login: 'смирнова' }, 'login', 'Логин: только латинские буквы'],
    ['a login with a space', { login: 'smirnova oi' }, 'login', 'Логин: только латинские буквы'],
    ['an unconfirmed path', { confirmed: false as true }, 'confirmed', 'Подтвердите, что новый журнал'],
  ])(
    'refuses %s with a Russian message naming the field, creating nothing',
    async (_what, change, field, message) => {
      const path = join(tmp.dir, 'school.sqlite');
      const app = await start(path);
      const r = await app.call('setup.create', form(path, change), staff);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field } });
      expect(r.ok || r.error.message).toContain(message);
      expect(readdirSync(tmp.dir)).toEqual([]);
      expect(await app.call('setup.status', {}, staff)).toMatchObject({
        ok: true,
        value: { state: 'missing' },
      });
    },
  );

  it('refuses a path other than the one it was started with', async () => {
    const path = join(tmp.dir, 'school.sqlite');
    const app = await start(path);
    const r = await app.call('setup.create', form(join(tmp.dir, 'other.sqlite')), staff);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'path' } });
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('lets the same form fill a journal nobody can log into yet (an empty file made by hand)', async () => {
    const path = join(tmp.dir, 'school.sqlite');
    writeFileSync(path, '', { mode: 0o600 });
    const app = await start(path);
    expect(app.pendingPath).toBeNull();
    expect(await app.call('setup.status', {}, staff)).toEqual({ ok: true, value: { state: 'empty', path } });
    expect(await app.call('setup.create', form(path), staff)).toMatchObject({ ok: true });
    expect(await app.call('setup.create', form(path, { login: 'eshche.odin' }), staff)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: ALREADY_CREATED },
    });
  });
});
