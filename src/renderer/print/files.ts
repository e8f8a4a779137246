import type { PrintedFile } from '../../shared/print/contract';
import { PDF_TYPE } from '../common/files';

/**
 * Where the printed books go: into a folder the deputy chooses (the File System Access API, Chromium
 * and Electron), with a `manifest.sha256` beside them in the format `sha256sum -c` checks; or, where
 * a browser has no folder picker, as one download per book.
 */

/** The part of the File System Access API used here (not yet in TypeScript's DOM library). */
interface WritableFile {
  write(data: Blob | string): Promise<void>;
  close(): Promise<void>;
}
export interface FolderHandle {
  name: string;
  getFileHandle(
    name: string,
    options: { create: boolean },
  ): Promise<{ createWritable(): Promise<WritableFile> }>;
}
type FolderPicker = (options?: { mode?: 'readwrite'; id?: string }) => Promise<FolderHandle>;

/** The folder picker when the browser has one. */
export function folderPicker(): FolderPicker | null {
  const picker = (window as unknown as { showDirectoryPicker?: FolderPicker }).showDirectoryPicker;
  return typeof picker === 'function' ? picker.bind(window) : null;
}

/** `manifest.sha256`: one line per file, «<hex>  <name>», as sha256sum writes and checks it. */
export function manifestText(files: readonly Pick<PrintedFile, 'fileName' | 'sha256'>[]): string {
  return files.map((f) => `${f.sha256}  ${f.fileName}\n`).join('');
}

export const MANIFEST_NAME = 'manifest.sha256';

export async function writeToFolder(folder: FolderHandle, name: string, data: Blob | string): Promise<void> {
  const handle = await folder.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(data);
  await writable.close();
}

export const pdfBlob = (base64: string) =>
  new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: PDF_TYPE });
