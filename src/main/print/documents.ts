import type { BookData } from './book';
import { bookDocument } from './book-pdf';
import type { TDocumentDefinitions } from './pdf';

/**
 * Every printable document, by kind: the one place the render thread (render-worker.ts) and the CLI
 * look a document up. Adding a document is one line here (its data object's type and builder).
 */
export interface DocumentKinds {
  book: BookData;
}

export type DocumentKind = keyof DocumentKinds;

export const DOCUMENTS: { [K in DocumentKind]: (data: DocumentKinds[K]) => TDocumentDefinitions } = {
  book: bookDocument,
};

export function isDocumentKind(kind: unknown): kind is DocumentKind {
  return typeof kind === 'string' && Object.hasOwn(DOCUMENTS, kind);
}
