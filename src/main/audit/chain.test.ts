import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, NOW, one, type School, tempDir } from '../../../test/school';
import { loadMigrations, openJournal } from '../db/migrate';
import { features } from '../features';
import { auditRowHash, CHAIN_START_KEY } from '../router/audit-chain';
import { createRouter, type Router } from '../router/router';
import { verifyAuditChain, verifyAuditChainInSteps } from './chain';

/**
 * The audit log's hash chain on real files: what the router appends verifies, and each way a plain
 * SQLite connection can tamper with the log (edit, delete, insert; with the triggers dropped first,
 * as anyone with write access to the file can) is found and the row named.
 */
let school: School;
let token: string;
let marks: (router?: Router, n?: number) => Promise<void>;

beforeEach(async () => {
  school = makeSchool();
  token = await school.login('teacher');
  const fx = fixtures(school.db);
  const lessonId = fx.lessonOf(fx.ownLoad.id).id;
  const studentId = fx.studentOf(fx.ownLoad.id);
  let value = 3;
  // n mark changes through the router, each leaving one audit row.
  marks = async (router = school.router, n = 1) => {
    for (let i = 0; i < n; i++) {
      const current = one<{ version: number } | undefined>(
        school.db,
        'SELECT version FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1',
        lessonId,
        studentId,
      );
      value = value === 5 ? 3 : value + 1;
      const r = await router.call(
        'journal.setMark',
        { lessonId, studentId, value: String(value), expectedVersion: current?.version ?? null },
        { token, door: 'staff' },
      );
      if (!r.ok) throw new Error(r.error.message);
    }
  };
});
afterEach(() => school.close());

const sqlite = () => school.db.sqlite;
const count = () => one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
const lastId = () => one<{ id: number }>(school.db, 'SELECT max(id) AS id FROM audit_log').id;
/** What anyone with a plain SQLite connection to the file does first. */
const dropTriggers = () =>
  sqlite().exec(`
    DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
    DROP TRIGGER audit_chain_start_no_update; DROP TRIGGER audit_chain_start_no_delete;`);

describe('the audit chain', () => {
  it('links every row the router writes, and verifies whole (at once and in steps)', async () => {
    await marks(school.router, 6);
    const rows = school.db.sqlite
      .prepare('SELECT id, prev_hash, row_hash FROM audit_log ORDER BY id')
      .all() as { id: number; prev_hash: string; row_hash: string }[];
    expect(rows.length).toBe(count());
    for (const [i, row] of rows.entries()) {
      expect(row.row_hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]?.row_hash);
    }
    const whole = verifyAuditChain(sqlite());
    expect(whole).toEqual({
      ok: true,
      checked: count(),
      unchained: 0,
      firstBroken: null,
      head: { id: lastId(), hash: rows.at(-1)?.row_hash },
    });
    // Steps of 2 rows: each step's boundary falls between links, and the answer is the same.
    expect(await verifyAuditChainInSteps(school.db, 2)).toEqual(whole);
  });

  it('refuses UPDATE and DELETE of audit rows (and of the chain anchor) by triggers', async () => {
    await marks();
    const refused = (sql: string) =>
      expect(() => sqlite().exec(sql), sql).toThrow('журнал изменений нельзя изменять');
    refused(`UPDATE audit_log SET action = 'x' WHERE id = ${lastId()}`);
    refused(`DELETE FROM audit_log WHERE id = ${lastId()}`);
    refused(`UPDATE setting SET value = '{}' WHERE key = '${CHAIN_START_KEY}'`);
    refused(`DELETE FROM setting WHERE key = '${CHAIN_START_KEY}'`);
    expect(verifyAuditChain(sqlite()).ok).toBe(true);
  });

  it('finds an edited row and names it', async () => {
    await marks(school.router, 4);
    const victim = lastId() - 2;
    dropTriggers();
    sqlite().exec(
      `UPDATE audit_log SET after = replace(after, '"value":"4"', '"value":"5"') WHERE id = ${victim}`,
    );
    sqlite().exec(`UPDATE audit_log SET at = '2026-11-19T10:00:00.000Z' WHERE id = ${victim}`);
    expect(verifyAuditChain(sqlite())).toMatchObject({
      ok: false,
      firstBroken: { id: victim, reason: 'edited' },
      head: null,
    });
  });

  it('finds an edited row whose own hash was recomputed: the next row no longer links', async () => {
    await marks(school.router, 4);
    const victim = lastId() - 2;
    dropTriggers();
    const row = sqlite().prepare('SELECT * FROM audit_log WHERE id = ?').get(victim) as Parameters<
      typeof auditRowHash
    >[1] & { prev_hash: string };
    const forged = { ...row, user_id: null };
    sqlite()
      .prepare('UPDATE audit_log SET user_id = NULL, row_hash = ? WHERE id = ?')
      .run(auditRowHash(row.prev_hash, forged), victim);
    expect(verifyAuditChain(sqlite()).firstBroken).toEqual({ id: victim + 1, reason: 'relinked' });
  });

  it('finds a deleted row: the chain breaks at the row after it', async () => {
    await marks(school.router, 4);
    const victim = lastId() - 1;
    dropTriggers();
    sqlite().exec(`DELETE FROM audit_log WHERE id = ${victim}`);
    expect(verifyAuditChain(sqlite()).firstBroken).toEqual({ id: victim + 1, reason: 'deleted' });
  });

  it('finds the first rows of the chain deleted', async () => {
    await marks(school.router, 3);
    const first = one<{ id: number }>(school.db, 'SELECT min(id) AS id FROM audit_log').id;
    dropTriggers();
    sqlite().exec(`DELETE FROM audit_log WHERE id = ${first}`);
    expect(verifyAuditChain(sqlite()).firstBroken).toEqual({ id: first + 1, reason: 'deleted' });
  });

  it('finds a row inserted with plain SQL, even after the router wrote more rows', async () => {
    await marks(school.router, 2);
    sqlite().exec(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, after) VALUES ('2026-11-20T09:00:00.000Z', 1, 'journal.setMark', 'mark', 1, '{"value":"5"}')`,
    );
    const forged = lastId();
    await marks(school.router, 2);
    expect(verifyAuditChain(sqlite())).toMatchObject({
      ok: false,
      firstBroken: { id: forged, reason: 'inserted' },
    });
  });

  it('finds a forged row with plausible hashes that the chain runs past', async () => {
    await marks(school.router, 2);
    const head = one<{ id: number; row_hash: string }>(
      school.db,
      'SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1',
    );
    const insert = sqlite().prepare(
      'INSERT INTO audit_log (id, at, user_id, action, entity, entity_id, after, prev_hash, row_hash) VALUES (?, ?, 1, ?, ?, 1, ?, ?, ?)',
    );
    // The forgery links to the head but its hash is made up; the genuine row after it skips it.
    insert.run(
      head.id + 1,
      NOW.toISOString(),
      'journal.setMark',
      'mark',
      '{}',
      head.row_hash,
      'f'.repeat(64),
    );
    const genuine = {
      id: head.id + 2,
      at: NOW.toISOString(),
      user_id: 1,
      session_id: null,
      action: 'journal.setMark',
      entity: 'mark',
      entity_id: 1,
      before: null,
      after: '{"value":"4"}',
    };
    insert.run(
      genuine.id,
      genuine.at,
      genuine.action,
      genuine.entity,
      genuine.after,
      head.row_hash,
      auditRowHash(head.row_hash, genuine),
    );
    expect(verifyAuditChain(sqlite()).firstBroken).toEqual({ id: head.id + 1, reason: 'inserted' });
  });

  it('keeps one chain when two connections (two computers) write alternately', async () => {
    const other = openJournal(school.path).db;
    try {
      const router2 = createRouter(other, features, { checkOutputs: true, clock: () => NOW });
      for (let i = 0; i < 6; i++) await marks(i % 2 === 0 ? school.router : router2);
      expect(verifyAuditChain(sqlite())).toMatchObject({ ok: true, checked: count() });
      expect(await verifyAuditChainInSteps(other, 3)).toMatchObject({ ok: true, checked: count() });
    } finally {
      other.close();
    }
  });

  it('keeps one chain when two processes write at the same moment', async () => {
    const fx = fixtures(school.db);
    const lessonId = fx.lessonOf(fx.ownLoad.id).id;
    const students = all<{ id: number }>(
      school.db,
      'SELECT e.student_id AS id FROM class_enrollment e WHERE e.class_id = ? ORDER BY e.student_id LIMIT 2',
      fx.ownLoad.class_id,
    );
    const before = count();
    const writers = students.map((s) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'test/audit-writer.ts',
          school.path,
          token,
          String(lessonId),
          String(s.id),
          '100',
          NOW.toISOString(),
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      const ready = new Promise<void>((resolve) => {
        child.stdout.on('data', (d) => {
          out += d;
          if (out.startsWith('ready\n')) resolve();
        });
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      const done = new Promise<string>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve(out.trim().split('\n').at(-1) ?? '') : reject(new Error(err)),
        ),
      );
      return { child, ready, done };
    });
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin.write('go\n');
    const written = await Promise.all(writers.map((w) => w.done));
    expect(written).toEqual(['100', '100']);
    expect(count()).toBe(before + 200);
    // They did write in turns (each switch of writer is a link made on top of the other's row).
    const order = all<{ s: number }>(
      school.db,
      "SELECT json_extract(after, '$.studentId') AS s FROM audit_log WHERE id > ? ORDER BY id",
      before,
    ).map((r) => r.s);
    expect(order.filter((s, i) => i > 0 && s !== order[i - 1]).length).toBeGreaterThanOrEqual(3);
    expect(verifyAuditChain(sqlite())).toMatchObject({ ok: true, checked: count() });
  }, 60_000);
});

describe('rows written before the chain (migration 0004)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  /** A journal at schema 3 with `n` audit rows, then migrated: those rows have no hashes. */
  function legacyFile(n: number) {
    const path = join(tmp.dir, 'old.sqlite');
    const { db: old } = openJournal(path, { migrations: loadMigrations().slice(0, 3) });
    for (let i = 1; i <= n; i++)
      old.sqlite.exec(
        `INSERT INTO audit_log (at, action, entity, entity_id, after) VALUES ('2026-09-0${i}T06:00:00.000Z', 'journal.setMark', 'mark', ${i}, '{"value":"5"}')`,
      );
    old.close();
    return openJournal(path).db;
  }

  it('counts them against the anchor and chains what comes after', async () => {
    const db = legacyFile(3);
    try {
      expect(verifyAuditChain(db.sqlite)).toMatchObject({ ok: true, checked: 0, unchained: 3, head: null });
      const router = createRouter(db, features, { clock: () => NOW });
      const r = await router.call('auth.login', { login: 'nobody', password: 'x' }, { door: 'staff' });
      expect(r.ok).toBe(false); // an unknown login is still audited
      expect(verifyAuditChain(db.sqlite)).toMatchObject({ ok: true, checked: 1, unchained: 3 });
    } finally {
      db.close();
    }
  });

  it('finds one of them deleted or added, and the anchor moved to hide it', async () => {
    const db = legacyFile(3);
    try {
      const router = createRouter(db, features, { clock: () => NOW });
      await router.call('auth.login', { login: 'nobody', password: 'x' }, { door: 'staff' });
      db.sqlite.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_chain_start_no_update');
      db.sqlite.exec('DELETE FROM audit_log WHERE id = 2');
      expect(verifyAuditChain(db.sqlite).firstBroken).toEqual({ id: 3, reason: 'start' });
      // The anchor rewritten to match: the genesis it derives no longer matches the first chained row.
      db.sqlite.exec(`UPDATE setting SET value = '{"rows":2,"lastId":3}' WHERE key = '${CHAIN_START_KEY}'`);
      expect(verifyAuditChain(db.sqlite).firstBroken).toEqual({ id: 4, reason: 'relinked' });
      db.sqlite.exec(`UPDATE setting SET value = '{"rows":3,"lastId":3}' WHERE key = '${CHAIN_START_KEY}'`);
      db.sqlite.exec(
        `INSERT INTO audit_log (id, at, action, entity) VALUES (2, 'x', 'a', 'b'), (0, 'x', 'a', 'b')`,
      );
      expect(verifyAuditChain(db.sqlite).firstBroken).toEqual({ id: 3, reason: 'start' });
    } finally {
      db.close();
    }
  });
});
