import { closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * What a start may do with the path it was given, decided before SQLite touches it: SQLite would
 * create an empty journal at any mistyped path, or answer «disk I/O error» for a folder.
 */
export class JournalPathRefused extends Error {
  override name = 'JournalPathRefused';
  constructor(
    message: string,
    /** The file was not there a moment ago and now is: somebody else created it (never overwritten). */
    readonly appeared = false,
  ) {
    super(message);
  }
}

/** Why a path cannot be created, in words for the person who typed it. */
function reasonOf(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'такой папки нет и создать её нельзя';
    case 'EACCES':
    case 'EPERM':
      return 'нет прав на запись в эту папку';
    case 'EROFS':
      return 'диск доступен только для чтения';
    case 'ENOTDIR':
      return 'часть пути — это файл, а не папка';
    case 'ENOSPC':
      return 'на диске нет места';
    default:
      return `ошибка ${code ?? String(e)}`;
  }
}

/**
 * Creates the missing folders of `dir` one level at a time, each for this user alone. Not Node's
 * `recursive: true`: it loops forever where mkdir answers ENOENT under a parent that exists
 * (/proc/x/y on Linux), and the start hung with no word.
 */
function makeFolders(dir: string) {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (e) {
      // Another start made it a moment ago.
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
  }
}

export interface JournalFile {
  path: string;
  /** The file did not exist and was created empty (the caller fills it with the demo school). */
  created: boolean;
}

/**
 * Checks the journal path and, only when `mayCreate` (the default local demo file), creates the file
 * and its folder for this user alone (0600 / 0700): a journal holds children's marks and the staff's
 * password hashes. Any other missing path is refused with its full name.
 */
export function prepareJournalFile(path: string, mayCreate: boolean): JournalFile {
  const full = resolve(path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    throw new JournalPathRefused(`Указана папка, а не файл журнала: ${full}`);
  }
  if (stat) {
    if (!stat.isFile()) throw new JournalPathRefused(`Это не файл журнала: ${full}`);
    return { path: full, created: false };
  }
  if (!mayCreate) throw new JournalPathRefused(`Файл журнала не найден: ${full}`);
  return { path: createJournalFile(full), created: true };
}

/**
 * Creates a new, empty journal file (and its missing folders) for this user alone, or refuses: a file
 * that is there already is never taken over, whoever made it (`appeared`). Returns the full path.
 */
export function createJournalFile(path: string): string {
  const full = resolve(path);
  try {
    makeFolders(dirname(full));
    // O_EXCL (a create-new on an SMB share too): never truncate or take over a file another start,
    // another tab or another computer created a moment ago.
    closeSync(openSync(full, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new JournalPathRefused(
        `Файл журнала ${full} только что создан другой программой, в другом окне или на другом компьютере. Он не перезаписан.`,
        true,
      );
    throw new JournalPathRefused(`Не удаётся создать файл журнала ${full}: ${reasonOf(e)}`);
  }
  return full;
}

/**
 * Whether the journal file is there, for a start that may offer to create it (the first-run screen):
 * a folder, something that is not a file, or a path through a file is refused now; a missing file
 * whose folder exists or could be made is `exists: false` — nothing is created until the person
 * confirms the path.
 */
export function checkJournalPath(path: string): { path: string; exists: boolean } {
  const full = resolve(path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw new JournalPathRefused(`Указана папка, а не файл журнала: ${full}`);
  if (stat) {
    if (!stat.isFile()) throw new JournalPathRefused(`Это не файл журнала: ${full}`);
    return { path: full, exists: true };
  }
  let d = dirname(full);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  if (!statSync(d).isDirectory())
    throw new JournalPathRefused(`Файл журнала не найден: ${full} (${reasonOf({ code: 'ENOTDIR' })})`);
  return { path: full, exists: false };
}
