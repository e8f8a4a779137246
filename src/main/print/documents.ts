import type { Report } from '../../shared/reports/report';
import type { BookData } from './book';
import { bookDocument } from './book-pdf';
import type { TDocumentDefinitions } from './pdf';
import { type ReportCardsInput, reportCardsDocument } from './report-card';
import { reportDocument } from './report-pdf';
import { type WeekDiaryInput, weekDiaryDocument } from './week-diary';

/**
 * Every printable document, by kind: the one place the render thread (render-worker.ts) and the CLI
 * look a document up. Adding a document is one line here (its data object's type and builder).
 */
export interface DocumentKinds {
  book: BookData;
  report: Report;
  weekDiary: WeekDiaryInput;
  reportCards: ReportCardsInput;
}

export type DocumentKind = keyof DocumentKinds;

export const DOCUMENTS: { [K in DocumentKind]: (data: DocumentKinds[K]) => TDocumentDefinitions } = {
  book: bookDocument,
  report: reportDocument,
  weekDiary: weekDiaryDocument,
  reportCards: reportCardsDocument,
};

export function isDocumentKind(kind: unknown): kind is DocumentKind {
  return typeof kind === 'string' && Object.hasOwn(DOCUMENTS, kind);
}
