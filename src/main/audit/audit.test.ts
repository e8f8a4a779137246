import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeSchool, type School } from '../../../test/school';
import type { ChainCheck } from '../../shared/audit/contract';
import { describeChainCheck } from '../../shared/audit/messages';
import { openApp } from '../app';

/**
 * The check as the administrator meets it: audit.verify on demand, audit.lastCheck for the screen,
 * and the check every start runs (app.ts), which logs a Russian line when the chain is broken.
 * (Who may call them: the access matrix, src/main/journal/access.test.ts.)
 */
let school: School;
beforeEach(() => {
  school = makeSchool();
});
afterEach(() => {
  vi.restoreAllMocks();
  school.close();
});

const count = () => (school.db.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number) ?? 0;

describe('audit.verify and audit.lastCheck', () => {
  it('verifies on demand and keeps the result for the screen', async () => {
    const admin = await school.login('admin');
    await school.login('teacher'); // one more audited write
    expect(await school.call('audit.lastCheck', {}, admin)).toEqual({ ok: true, value: { check: null } });
    const r = await school.call('audit.verify', {}, admin);
    expect(r).toMatchObject({
      ok: true,
      value: {
        ok: true,
        checked: count(),
        firstBroken: null,
        trigger: 'manual',
        at: '2026-11-20T10:00:00.000Z',
      },
    });
    expect(r.ok && (r.value as ChainCheck).checked).toBeGreaterThanOrEqual(2);
    expect(await school.call('audit.lastCheck', {}, admin)).toEqual({
      ok: true,
      value: { check: r.ok && r.value },
    });
  });

  it('names the broken row to the director', async () => {
    const director = await school.login('director');
    const id = school.db.sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    school.db.sqlite.exec(
      `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'auth.logout' WHERE id = ${id}`,
    );
    const r = await school.call('audit.verify', {}, director);
    expect(r).toMatchObject({
      ok: true,
      value: { ok: false, firstBroken: { id, reason: 'edited' }, head: null },
    });
    expect(r.ok && describeChainCheck(r.value as ChainCheck)).toBe(
      `Журнал изменений нарушен: запись № ${id} изменена после того, как была сделана`,
    );
  });
});

describe('the start-up check', () => {
  it('runs when the application opens a file, and logs a broken chain in Russian', async () => {
    for (const login of ['teacher', 'zavuch', 'director']) await school.login(login);
    const clean = await openApp({ dbPath: school.path, createDemo: false });
    try {
      expect(await clean.auditCheck).toMatchObject({ ok: true, trigger: 'startup', checked: count() });
    } finally {
      clean.db.close();
    }

    const id = school.db.sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    school.db.sqlite.exec(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = ${id - 1}`);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = await openApp({ dbPath: school.path, createDemo: false });
    try {
      expect(await app.auditCheck).toMatchObject({ ok: false, firstBroken: { id, reason: 'deleted' } });
      expect(errors).toHaveBeenCalledWith(
        `[журнал изменений] Журнал изменений нарушен: перед записью № ${id} удалены записи`,
      );
      // What the administrator's screen reads.
      const admin = await app.router.call(
        'auth.login',
        { login: 'admin', password: 'demo2026' },
        { door: 'staff' },
      );
      const token = admin.ok ? (admin.value as { token: string }).token : null;
      const last = await app.router.call('audit.lastCheck', {}, { token, door: 'staff' });
      expect(last).toMatchObject({ ok: true, value: { check: { ok: false, trigger: 'startup' } } });
    } finally {
      app.db.close();
    }
  });

  it('stays quiet when the file is closed before the check ends', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = await openApp({ dbPath: school.path, createDemo: false });
    app.db.close();
    expect(await app.auditCheck).toBeNull();
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('the Russian line', () => {
  it('counts the rows checked in Russian', () => {
    const line = (checked: number) => describeChainCheck({ ok: true, checked, firstBroken: null });
    expect(line(1)).toBe('Журнал изменений не нарушен: 1 запись проверена');
    expect(line(3)).toBe('Журнал изменений не нарушен: 3 записи проверены');
    expect(line(25)).toBe('Журнал изменений не нарушен: 25 записей проверено');
    expect(line(11)).toBe('Журнал изменений не нарушен: 11 записей проверено');
  });
});
