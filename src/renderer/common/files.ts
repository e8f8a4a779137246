/**
 * Files between the user and the journal service, as base64 (the one encoding the API carries):
 * a chosen file read for an import, and a file handed over as a download.
 */

/** A chosen file's content as base64 (an .xlsx or .csv for a preview). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Не удалось прочитать файл'));
    reader.readAsDataURL(file);
  });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF_TYPE = 'application/pdf';

/**
 * Hands a file from the journal service to the user: a Blob URL and a link with `download`, which a
 * browser saves to its downloads and Electron offers to save (a download, not a navigation, so the
 * window's navigation rules are untouched). The URL is released once the click has been handled.
 */
export function download(file: { fileName: string; base64: string }, type: string): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
