import type { PdfFile } from '../../shared/accounts/contract';

/**
 * Hands a PDF from the journal service to the user: a Blob URL and a link with `download`, which a
 * browser saves to its downloads and Electron offers to save (a download, not a navigation, so the
 * window's navigation rules are untouched). The URL is released once the click has been handled.
 */
export function downloadPdf(pdf: PdfFile): void {
  const bytes = Uint8Array.from(atob(pdf.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = pdf.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
