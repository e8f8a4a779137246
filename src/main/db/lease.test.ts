import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { ApiError } from '../../shared/api/errors';
import { Database, STOPPED_MESSAGE } from './database';
import { WriterLease } from './lease';
import { detectStorage, isWindowsNetworkPath } from './storage';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function folder() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the writer lease', () => {
  it('is held by one at a time and free again once released', async () => {
    const path = join(folder(), 'j.sqlite');
    const a = new WriterLease(path, { staleMs: 300, heartbeatMs: 50 });
    const b = new WriterLease(path, { staleMs: 300, heartbeatMs: 50 });
    expect(a.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(false);
    expect(JSON.parse(readFileSync(join(a.dir, 'holder'), 'utf8')).id).toBe(a.id);
    // A live holder (beating) is never taken over, however long the other waits.
    await expect(b.acquire(Date.now() + 700)).rejects.toThrow(/not free/);
    expect(a.stillHeld()).toBe(true);
    a.release();
    expect(existsSync(a.dir)).toBe(false);
    await b.acquire(Date.now() + 500);
    expect(b.stillHeld()).toBe(true);
    b.release();
  });

  it('is taken over from a holder that died (its heartbeat stood still), and the dead one knows', async () => {
    const path = join(folder(), 'j.sqlite');
    const dead = new WriterLease(path, { staleMs: 200, heartbeatMs: 50 });
    expect(dead.tryTake()).toBe(true);
    // Simulate death: the heartbeat stops (the process froze or the computer went away).
    clearInterval((dead as unknown as { timer: NodeJS.Timeout }).timer);
    const next = new WriterLease(path, { staleMs: 200, heartbeatMs: 50 });
    const t0 = Date.now();
    await next.acquire(Date.now() + 2000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
    expect(next.stillHeld()).toBe(true);
    // The old holder, waking up, finds the lease is not its own and must not commit or release it.
    expect(dead.stillHeld()).toBe(false);
    dead.release();
    expect(next.stillHeld()).toBe(true);
    next.release();
  });

  it('is taken over from a lock folder whose holder never wrote its file', async () => {
    const path = join(folder(), 'j.sqlite');
    mkdirSync(`${path}.lock`);
    const w = new WriterLease(path, { staleMs: 150 });
    await w.acquire(Date.now() + 2000);
    expect(w.stillHeld()).toBe(true);
    w.release();
  });

  it('passes from a SIGKILLed process to another process', async () => {
    const dir = folder();
    const path = join(dir, 'j.sqlite');
    const script = join(dir, 'holder.mjs');
    const leaseUrl = new URL('./lease.ts', import.meta.url).href;
    writeFileSync(
      script,
      `const { WriterLease } = await import(${JSON.stringify(leaseUrl)});
       const l = new WriterLease(${JSON.stringify(path)}, { staleMs: 300, heartbeatMs: 50 });
       await l.acquire(Date.now() + 5000); console.log('held'); setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((r) => child.stdout.on('data', (d) => String(d).includes('held') && r()));
    const mine = new WriterLease(path, { staleMs: 300, heartbeatMs: 50 });
    expect(mine.tryTake()).toBe(false);
    await sleep(400); // alive and beating: still not ours
    expect(mine.tryTake()).toBe(false);
    child.kill('SIGKILL');
    await mine.acquire(Date.now() + 3000);
    expect(mine.stillHeld()).toBe(true);
    mine.release();
  }, 20_000);
});

describe('writes in share mode', () => {
  it('take the lease for each transaction only, and the file keeps every write', async () => {
    const path = join(folder(), 'j.sqlite');
    const db = new Database(path, { storage: 'share' });
    await db.write(() => db.sqlite.exec('CREATE TABLE t (x INTEGER)'));
    for (let i = 0; i < 5; i++) {
      await db.write(() => {
        expect(db.lease?.stillHeld()).toBe(true);
        db.sqlite.prepare('INSERT INTO t VALUES (?)').run(i);
      });
      expect(existsSync(`${path}.lock`)).toBe(false);
    }
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('truncate');
    // Another computer's connection sees them all.
    const other = new Database(path, { storage: 'share' });
    expect(await other.read(() => other.sqlite.prepare('SELECT count(*) AS n FROM t').get())).toEqual({
      n: 5,
    });
    // ...and this one sees the other's write on its next read (no reliance on data_version).
    await other.write(() => other.sqlite.prepare('INSERT INTO t VALUES (9)').run());
    expect(await db.read(() => db.sqlite.prepare('SELECT count(*) AS n FROM t').get())).toEqual({ n: 6 });
    other.close();
    db.close();
  });

  it('stop at once when the file is damaged, with a message for the administrator, never INTERNAL', async () => {
    const path = join(folder(), 'j.sqlite');
    const db = new Database(path, { storage: 'share' });
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    const first = await db
      .write(() => {
        throw corrupt;
      })
      .catch((e) => e);
    expect(first).toBeInstanceOf(ApiError);
    expect((first as ApiError).code).toBe('UNAVAILABLE');
    expect((first as ApiError).message).toBe(STOPPED_MESSAGE);
    expect(db.stopped).toBe('SQLITE_CORRUPT');
    // Every later write is refused the same way, without touching the file.
    const later = await db.write(() => db.sqlite.exec('CREATE TABLE t (x)')).catch((e) => e);
    expect((later as ApiError).message).toMatch(/администратору/);
    db.close();
  });

  it('retries transient I/O failures inside the transaction, then succeeds', async () => {
    const path = join(folder(), 'j.sqlite');
    const db = new Database(path, { storage: 'share' });
    await db.write(() => db.sqlite.exec('CREATE TABLE t (x INTEGER)'));
    let tries = 0;
    await db.write(() => {
      tries++;
      db.sqlite.prepare('INSERT INTO t VALUES (1)').run();
      if (tries < 3) throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_DELETE' });
    });
    expect(tries).toBe(3);
    // The failed attempts were rolled back: exactly one row.
    expect(await db.read(() => db.sqlite.prepare('SELECT count(*) AS n FROM t').get())).toEqual({ n: 1 });
    db.close();
  });
});

describe('storage detection', () => {
  it('knows UNC paths and Windows mapped drive letters', () => {
    expect(detectStorage('\\\\server\\journal\\j.sqlite', '')).toBe('share');
    expect(detectStorage('//server/journal/j.sqlite', '')).toBe('share');
    const noReal = () => {
      throw new Error('ENOENT');
    };
    const netUse = 'OK           Z:        \\\\server\\journal         Microsoft Windows Network\n';
    expect(isWindowsNetworkPath('Z:\\journal.sqlite', noReal, () => netUse)).toBe(true);
    expect(isWindowsNetworkPath('C:\\journal.sqlite', noReal, () => netUse)).toBe(false);
    expect(
      isWindowsNetworkPath(
        'Y:\\j.sqlite',
        () => '\\\\nas\\school\\j.sqlite',
        () => '',
      ),
    ).toBe(true);
    expect(detectStorage('/tmp/j.sqlite', 'share')).toBe('share');
  });
});

describe('a local file', () => {
  it('stops writing too once it answered CORRUPT, with the message for the administrator', async () => {
    const path = join(folder(), 'j.sqlite');
    const db = new Database(path, { storage: 'local' });
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    const first = await db
      .write(() => {
        throw corrupt;
      })
      .catch((e) => e);
    expect((first as ApiError).code).toBe('UNAVAILABLE');
    const later = await db.write(() => db.sqlite.exec('CREATE TABLE t (x)')).catch((e) => e);
    expect((later as ApiError).message).toBe(STOPPED_MESSAGE);
    db.close();
  });
});

describe('a lease whose release did not finish', () => {
  it('is recognised as its own at the next acquire, without waiting for the stale bound', async () => {
    const path = join(folder(), 'j.sqlite');
    const l = new WriterLease(path, { staleMs: 5000, heartbeatMs: 50 });
    expect(l.tryTake()).toBe(true);
    // The share refused both the rename and the delete: the folder still names us.
    const leftover = readFileSync(join(l.dir, 'holder'), 'utf8');
    l.release();
    mkdirSync(l.dir);
    writeFileSync(join(l.dir, 'holder'), leftover);
    const t0 = Date.now();
    await l.acquire(Date.now() + 3000);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(l.stillHeld()).toBe(true);
    l.release();
    // Released twice in a row: each time gone, nothing left beside the journal.
    expect(l.tryTake()).toBe(true);
    l.release();
    expect(existsSync(l.dir)).toBe(false);
  });
});
