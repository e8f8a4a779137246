import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { checkJournalPath, createJournalFile, JournalPathRefused, prepareJournalFile } from './journal-file';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** The refusal a start prints: one Russian line. */
function refusal(path: string, mayCreate: boolean): string {
  let error: unknown;
  try {
    prepareJournalFile(path, mayCreate);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(JournalPathRefused);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(/^[А-ЯЁ]/);
  return message;
}

describe('prepareJournalFile: what a start may do with the path it was given', () => {
  it('refuses a named file that does not exist, with its full path, and creates nothing', () => {
    const missing = join(tmp.dir, 'share', 'journal.sqlite');
    expect(refusal(missing, false)).toBe(`Файл журнала не найден: ${missing}`);
    // A relative path is named in full, so the user sees where it was looked for.
    const rel = relative(process.cwd(), join(tmp.dir, 'typo.sqlite'));
    expect(refusal(rel, false)).toBe(`Файл журнала не найден: ${resolve(rel)}`);
    expect(existsSync(join(tmp.dir, 'share'))).toBe(false);
    expect(existsSync(join(tmp.dir, 'typo.sqlite'))).toBe(false);
  });

  it('refuses a folder in one line, whether or not it may create', () => {
    for (const mayCreate of [false, true]) {
      expect(refusal(tmp.dir, mayCreate)).toBe(`Указана папка, а не файл журнала: ${tmp.dir}`);
    }
  });

  it('refuses something that is not a regular file', () => {
    expect(refusal('/dev/null', false)).toBe('Это не файл журнала: /dev/null');
  });

  it('says in one line why a path cannot be created (/proc/x/a.sqlite), without hanging', () => {
    // In a child with a time limit: the old folder creation looped forever here, and a synchronous
    // loop would stop this test file rather than fail it.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import { prepareJournalFile } from './src/main/db/journal-file.ts';
         try { prepareJournalFile('/proc/x/a.sqlite', true); } catch (e) { console.log(e.message); }`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.signal).toBeNull();
    expect(child.stdout).toBe(
      'Не удаётся создать файл журнала /proc/x/a.sqlite: такой папки нет и создать её нельзя\n',
    );
    expect(refusal('/proc/x/a.sqlite', false)).toBe('Файл журнала не найден: /proc/x/a.sqlite');
    // Part of the path is a file.
    const file = join(tmp.dir, 'plain.txt');
    writeFileSync(file, 'x');
    expect(refusal(join(file, 'a.sqlite'), true)).toBe(
      `Не удаётся создать файл журнала ${file}/a.sqlite: часть пути — это файл, а не папка`,
    );
  });

  it('creates the default file and its folder for this user alone (0600 / 0700)', () => {
    const path = join(tmp.dir, 'userData', 'nested', 'demo.sqlite');
    expect(prepareJournalFile(path, true)).toEqual({ path, created: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp.dir, 'userData')).mode & 0o777).toBe(0o700);
    expect(statSync(join(tmp.dir, 'userData', 'nested')).mode & 0o777).toBe(0o700);
    expect(statSync(path).size).toBe(0);
  });

  it('opens an existing file as it is, never recreating it', () => {
    const path = join(tmp.dir, 'school.sqlite');
    writeFileSync(path, 'existing');
    for (const mayCreate of [false, true]) {
      expect(prepareJournalFile(path, mayCreate)).toEqual({ path, created: false });
    }
    expect(readFileSync(path, 'utf8')).toBe('existing');
  });
});

describe('the first-run start: checkJournalPath and createJournalFile', () => {
  it('says a missing file may be created later, creating nothing now', () => {
    const path = join(tmp.dir, 'share', 'new', 'school.sqlite');
    expect(checkJournalPath(path)).toEqual({ path, exists: false });
    const rel = relative(process.cwd(), join(tmp.dir, 'typo.sqlite'));
    expect(checkJournalPath(rel)).toEqual({ path: resolve(rel), exists: false });
    expect(existsSync(join(tmp.dir, 'share'))).toBe(false);
    const existing = join(tmp.dir, 'school.sqlite');
    writeFileSync(existing, '');
    expect(checkJournalPath(existing)).toEqual({ path: existing, exists: true });
  });

  it('refuses at start what can never become a journal: a folder, a device, a path through a file', () => {
    const file = join(tmp.dir, 'plain.txt');
    writeFileSync(file, 'x');
    const refused = (path: string) => {
      try {
        checkJournalPath(path);
      } catch (e) {
        expect(e).toBeInstanceOf(JournalPathRefused);
        return (e as Error).message;
      }
      return 'not refused';
    };
    expect(refused(tmp.dir)).toBe(`Указана папка, а не файл журнала: ${tmp.dir}`);
    expect(refused('/dev/null')).toBe('Это не файл журнала: /dev/null');
    expect(refused(join(file, 'x', 'a.sqlite'))).toBe(
      `Файл журнала не найден: ${file}/x/a.sqlite (часть пути — это файл, а не папка)`,
    );
  });

  it('creates a new file only where there is none: one that appeared is refused and left as it is', () => {
    const path = join(tmp.dir, 'new', 'school.sqlite');
    expect(createJournalFile(path)).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, 'журнал другого компьютера');
    let error: unknown;
    try {
      createJournalFile(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JournalPathRefused);
    expect(error).toMatchObject({ appeared: true, message: expect.stringContaining('Он не перезаписан') });
    expect(readFileSync(path, 'utf8')).toBe('журнал другого компьютера');
  });
});
