import { ApiError } from '../../shared/api/errors';
import { columnsOf, headerKey } from '../../shared/import/columns';
import type { ImportKind } from '../../shared/import/contract';

/**
 * A spreadsheet file as rows of cells keyed by column: .xlsx through exceljs, .csv as Excel in Russia
 * saves it (Windows-1251 «CSV (разделители — запятые)» with «;», or UTF-8 with or without a BOM,
 * with «;» or «,»). Refuses what is neither, and a file without the columns the list needs, naming them.
 */

/** A cell as read: text, a number (an Excel date serial, a phone typed as a number), a date, or empty. */
export type Cell = string | number | Date | null;

export interface FileRow {
  /** The row's number as the spreadsheet shows it. */
  row: number;
  cells: Record<string, Cell>;
}

/** More rows than any school has: refused rather than parsed and matched for minutes. */
export const MAX_ROWS = 5000;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export async function readTable(kind: ImportKind, fileName: string, bytes: Uint8Array): Promise<FileRow[]> {
  const ext = /\.([^.]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  let table: { row: number; values: Cell[] }[];
  if (startsWith(bytes, ZIP)) {
    if (ext !== 'xlsx' && ext !== 'xlsm')
      throw refusal(`Файл «${fileName}» не таблица .xlsx или .csv: сохраните список в Excel как .xlsx`);
    table = await readXlsx(bytes, fileName);
  } else if (startsWith(bytes, OLE) || ext === 'xls') {
    throw refusal(
      `Файл «${fileName}» в старом формате Excel (.xls): откройте его в Excel и сохраните как «Книга Excel (.xlsx)»`,
    );
  } else if (ext === 'csv' || ext === 'txt') {
    table = readCsv(bytes, fileName);
  } else {
    throw refusal(`Файл «${fileName}» не таблица .xlsx или .csv: скачайте шаблон и заполните его`);
  }
  return keyed(kind, table, fileName);
}

function refusal(message: string): ApiError {
  return new ApiError('VALIDATION', message, 'content');
}

/** Rows under the header, their cells keyed by column; the header is the first row with text. */
function keyed(kind: ImportKind, table: { row: number; values: Cell[] }[], fileName: string): FileRow[] {
  const isEmpty = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');
  const headerAt = table.findIndex((r) => r.values.some((c) => !isEmpty(c)));
  if (headerAt < 0) throw refusal(`В файле «${fileName}» нет ни одной строки`);
  const header = table[headerAt]!.values.map((c) => (c === null ? '' : headerKey(String(c))));
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
  const rows: FileRow[] = [];
  for (const r of table.slice(headerAt + 1)) {
    if (r.values.every(isEmpty)) continue;
    const cells: Record<string, Cell> = {};
    for (const [field, at] of index) cells[field] = r.values[at] ?? null;
    rows.push({ row: r.row, cells });
  }
  if (rows.length === 0)
    throw refusal(`В файле «${fileName}» под заголовками нет ни одной заполненной строки`);
  if (rows.length > MAX_ROWS)
    throw refusal(`В файле ${rows.length} строк, больше ${MAX_ROWS}: разделите его на части`);
  return rows;
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<{ row: number; values: Cell[] }[]> {
  // Loaded when a file comes, not at start: the library is large and most starts import nothing.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    throw refusal(
      `Файл «${fileName}» повреждён или это не книга Excel: откройте его в Excel и сохраните ещё раз`,
    );
  }
  const sheet = book.worksheets.find((s) => s.state === 'visible') ?? book.worksheets[0];
  if (!sheet) throw refusal(`В файле «${fileName}» нет ни одного листа`);
  const table: { row: number; values: Cell[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cellValue(cell.value);
    });
    for (let i = 0; i < values.length; i++) values[i] ??= null;
    table.push({ row: number, values });
  });
  return table;
}

/** exceljs's cell value as plain text, number or date (rich text, links and formulas by what they show). */
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.text && typeof o.text === 'object') return cellValue(o.text);
    if (o.error) return null;
  }
  return String(v);
}

/**
 * CSV text: UTF-8 when it has a BOM or decodes without error, otherwise Windows-1251 (what Excel in
 * Russia writes). Fields separated by «;» or «,», whichever the header line has more of outside quotes.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

function readCsv(bytes: Uint8Array, fileName: string): { row: number; values: Cell[] }[] {
  let text = decodeCsv(bytes);
  // Excel's own hint line, «sep=;», names the separator and is not a row of the list.
  const hint = /^sep=(.)\r?\n/i.exec(text);
  if (hint) text = text.slice(hint[0].length);
  if (text.includes('\u0000'))
    throw refusal(
      `Файл «${fileName}» не текст .csv: сохраните список в Excel как .xlsx или «CSV (разделители — точка с запятой)»`,
    );
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (sep: string) => firstLine.replace(/"[^"]*"/g, '').split(sep).length - 1;
  const sep = hint ? hint[1]! : count(';') >= count(',') ? ';' : ',';
  const rows: { row: number; values: Cell[] }[] = [];
  let values: Cell[] = [];
  let field = '';
  let quoted = false;
  // Rows numbered as Excel shows them: it hides the hint line, so the header is row 1 either way.
  let line = 1;
  let startLine = 1;
  const endField = () => {
    values.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push({ row: startLine, values });
    values = [];
    startLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRow();
    } else field += c;
  }
  if (field !== '' || values.length > 0) endRow();
  return rows;
}
