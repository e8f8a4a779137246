import { ApiError } from '../../shared/api/errors';
import { columnsOf, headerKey } from '../../shared/import/columns';
import type { ImportKind } from '../../shared/import/contract';
import { type Cell, readSheet } from '../spreadsheets/read';

/**
 * A list of students or staff as rows of cells keyed by column. The file is read by the spreadsheet
 * reader (src/main/spreadsheets/); here its first filled row is matched against the list's template,
 * and a file without the columns the list needs is refused, naming them.
 */

export interface FileRow {
  /** The row's number as the spreadsheet shows it. */
  row: number;
  cells: Record<string, Cell>;
}

/** More rows than any school has: refused rather than parsed and matched for minutes. */
export const MAX_ROWS = 5000;

const refusal = (message: string) => new ApiError('VALIDATION', message, 'content');

/** Rows under the header, their cells keyed by column; the header is the first filled row. */
export async function readTable(kind: ImportKind, fileName: string, bytes: Uint8Array): Promise<FileRow[]> {
  // The header and the list's rows; one more than that is enough to refuse the file.
  const [head, ...body] = await readSheet(fileName, bytes, { maxRows: MAX_ROWS + 1 });
  const header = head!.values.map((c) => (c === null ? '' : headerKey(String(c))));
  const columns = columnsOf(kind);
  const index = new Map<string, number>();
  for (const col of columns) {
    const at = header.indexOf(headerKey(col.header));
    if (at >= 0) index.set(col.field, at);
  }
  const missing = columns.filter((c) => c.required && !index.has(c.field)).map((c) => `«${c.header}»`);
  if (missing.length > 0) {
    const list = kind === 'students' ? 'учеников' : 'сотрудников';
    throw refusal(
      `В первой строке файла нет ${missing.length === 1 ? 'столбца' : 'столбцов'} ${missing.join(', ')}: это не список ${list} по шаблону. Скачайте шаблон и перенесите данные в него`,
    );
  }
  if (body.length === 0)
    throw refusal(`В файле «${fileName}» под заголовками нет ни одной заполненной строки`);
  if (body.length > MAX_ROWS) throw refusal(`В файле больше ${MAX_ROWS} строк: разделите его на части`);
  return body.map((r) => {
    const cells: Record<string, Cell> = {};
    for (const [field, at] of index) cells[field] = r.values[at] ?? null;
    return { row: r.row, cells };
  });
}
