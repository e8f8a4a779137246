import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { prepareJournalFile } from './journal-file';
import { loadMigrations, type Migration, openJournal } from './migrate';

/**
 * A journal holds children's names, birthdays, marks and guardians' phones: it, its WAL files, its
 * backups and the backups' folder are the owner's alone, whatever the umask (0022 gives 0644 files).
 * Windows has no such modes; there the folder's ACL applies.
 */
const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

let tmp: ReturnType<typeof tempDir>;
let umask: number;
beforeEach(() => {
  tmp = tempDir();
  // The common default, so the test does not pass merely because this machine's umask is strict.
  if (posix) umask = process.umask(0o022);
});
afterEach(() => {
  if (posix) process.umask(umask);
  tmp.cleanup();
});

/** The schema as shipped, plus one migration this program does not have yet. */
function withOneMore(): { first: Migration[]; next: Migration[] } {
  const first = loadMigrations();
  const extra = {
    version: first.length + 1,
    name: '9999_test.sql',
    sql: 'CREATE TABLE extra_note (id INTEGER PRIMARY KEY);',
    checksum: 'd'.repeat(64),
  };
  return { first, next: [...first, extra] };
}

describe.runIf(posix)('journal files are readable by the owner only', () => {
  it('a new journal file and its -wal and -shm are 0600', () => {
    const path = join(tmp.dir, 'new.sqlite');
    const { db } = openJournal(path);
    try {
      // Still open after writing the schema: WAL mode keeps both side files.
      expect(existsSync(`${path}-wal`)).toBe(true);
      expect({ db: mode(path), wal: mode(`${path}-wal`), shm: mode(`${path}-shm`) }).toEqual({
        db: 0o600,
        wal: 0o600,
        shm: 0o600,
      });
    } finally {
      db.close();
    }
  });

  it('the demo file pre-created 0600 gives SQLite 0600 -wal and -shm files (they copy its mode)', () => {
    const file = prepareJournalFile(join(tmp.dir, 'data', 'demo.sqlite'), true);
    const { db } = openJournal(file.path);
    try {
      db.sqlite.exec('CREATE TABLE IF NOT EXISTS mode_probe (x)');
      expect([mode(file.path), mode(`${file.path}-wal`), mode(`${file.path}-shm`)]).toEqual([
        0o600, 0o600, 0o600,
      ]);
      expect(mode(join(tmp.dir, 'data'))).toBe(0o700);
    } finally {
      db.close();
    }
  });

  it('the backup made before a migration is 0600 in a 0700 folder, and holds the old journal', () => {
    const path = join(tmp.dir, 'old.sqlite');
    const { first, next } = withOneMore();
    openJournal(path, { migrations: first }).db.close();
    const { db, backupPath } = openJournal(path, { migrations: next });
    db.close();
    expect(backupPath).not.toBeNull();
    const backup = backupPath ?? '';
    expect(mode(backup)).toBe(0o600);
    expect(mode(join(tmp.dir, 'backups'))).toBe(0o700);
    const copy = new BetterSqlite3(backup, { readonly: true });
    try {
      expect(copy.pragma('user_version', { simple: true })).toBe(first.length);
      expect(copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra_note'").get()).toEqual(
        {
          n: 0,
        },
      );
    } finally {
      copy.close();
    }
  });

  it('a backups folder made before this rule is narrowed to 0700', () => {
    const path = join(tmp.dir, 'old.sqlite');
    const { first, next } = withOneMore();
    openJournal(path, { migrations: first }).db.close();
    mkdirSync(join(tmp.dir, 'backups'), { mode: 0o755 });
    expect(mode(join(tmp.dir, 'backups'))).toBe(0o755);
    openJournal(path, { migrations: next }).db.close();
    expect(mode(join(tmp.dir, 'backups'))).toBe(0o700);
  });
});
