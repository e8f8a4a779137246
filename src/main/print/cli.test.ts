import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, type School, tempDir } from '../../../test/school';

/** `npm run print` end to end on the fixture school's file: what a script or the host would run. */
let school: School;
let out: ReturnType<typeof tempDir>;
beforeAll(() => {
  school = makeSchool();
  school.db.close(); // the CLI opens the file itself, read-only
  out = tempDir();
});
afterAll(() => out.cleanup());

const print = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main/print/cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('npm run print', () => {
  it('lists its documents in Russian and English', () => {
    const r = print('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/book\s+Классный журнал \(книга для прошивки\) \/ Bound class journal \[pdf\]/);
  });

  it('prints every class of the year with predictable names and a manifest sha256sum accepts', () => {
    const r = print('book', '--db', school.path, '--year', '2026/2027', '--out', out.dir);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(out.dir).sort();
    expect(files).toEqual([
      '2026-2027 1А Журнал.pdf',
      '2026-2027 4А Журнал.pdf',
      '2026-2027 5А Журнал.pdf',
      'manifest.sha256',
    ]);
    const book = readFileSync(join(out.dir, '2026-2027 5А Журнал.pdf'));
    expect(book.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const manifest = readFileSync(join(out.dir, 'manifest.sha256'), 'utf8');
    expect(manifest).toContain(
      `${createHash('sha256').update(book).digest('hex')}  2026-2027 5А Журнал.pdf\n`,
    );
    const check = spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: out.dir, encoding: 'utf8' });
    expect(check.status, check.stdout).toBe(0);
    // Read-only: the journal file is not left with a journal or WAL of the CLI's.
    expect(existsSync(`${school.path}-journal`)).toBe(false);
  });

  it('prints one period of a class under its own name, and skips a class without that period', () => {
    const dir = join(out.dir, 'period');
    const r = print(
      'book',
      '--db',
      school.path,
      '--year',
      '2026/2027',
      '--class',
      '5А',
      '--period',
      'I четверть',
      '--out',
      dir,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['2026-2027 5А Журнал I четверть.pdf', 'manifest.sha256']);
    const none = print(
      'book',
      '--db',
      school.path,
      '--year',
      '2026/2027',
      '--class',
      '5А',
      '--period',
      'I полугодие',
      '--out',
      dir,
    );
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('5А: нет периода «I полугодие» для 5 класса — пропущен');
  });

  it('refuses an unknown class, year and format in Russian, with exit code 2', () => {
    const unknownClass = print(
      'book',
      '--db',
      school.path,
      '--year',
      '2026/2027',
      '--class',
      '9Я',
      '--out',
      out.dir,
    );
    expect(unknownClass.status).toBe(2);
    expect(unknownClass.stderr).toContain('Класса «9Я» в 2026/2027 учебном году нет');
    const unknownYear = print('book', '--db', school.path, '--year', '1999/2000', '--out', out.dir);
    expect(unknownYear.stderr).toContain('Учебного года «1999/2000» в журнале нет');
    const xlsx = print(
      'book',
      '--db',
      school.path,
      '--year',
      '2026/2027',
      '--format',
      'xlsx',
      '--out',
      out.dir,
    );
    expect(xlsx.status).toBe(2);
    expect(xlsx.stderr).toContain('«book» печатается только в pdf');
  });
});
