import { parentPort } from 'node:worker_threads';
import { DOCUMENTS, type DocumentKind, type DocumentKinds, isDocumentKind } from './documents';
import { renderPdf } from './pdf';

/**
 * The render thread: receives `{ kind, data }`, builds the document registered for `kind` and answers
 * with the PDF's bytes. Laying out a year's book takes seconds; here it keeps no database thread busy.
 */
if (!parentPort) throw new Error('render-worker must run as a worker thread');
const port = parentPort;
if (process.platform === 'linux') {
  try {
    // Lower this thread only (Linux keeps the nice value per thread): saves come first.
    (await import('node:os')).setPriority(0, 10);
  } catch {}
}
port.on('message', async (m: { kind: unknown; data: unknown }) => {
  try {
    if (!isDocumentKind(m.kind)) throw new Error(`Неизвестный документ: ${String(m.kind)}`);
    const build = DOCUMENTS[m.kind] as (
      data: DocumentKinds[DocumentKind],
    ) => ReturnType<(typeof DOCUMENTS)['book']>;
    const pdf = await renderPdf(build(m.data as DocumentKinds[DocumentKind]));
    port.postMessage({ pdf }, [pdf.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
