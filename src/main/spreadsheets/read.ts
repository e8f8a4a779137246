import { ApiError } from '../../shared/api/errors';

/**
 * A spreadsheet file as rows of cells, for every feature that loads a table (the lists of students and
 * staff, the plan of topics): .xlsx through exceljs, .csv as Excel in Russia saves it (Windows-1251
 * «CSV (разделители — запятые)» with «;», or UTF-8 with or without a BOM, with «;» or «,»). What is
 * neither is refused here in Russian, naming the file and what to do; what the rows mean (which row is
 * the header, which columns a document needs, how many rows it may have) is the caller's.
 */

/** A cell as read: text, a number (an Excel date serial, a phone typed as a number), a date, or empty. */
export type Cell = string | number | Date | null;

export interface SheetRow {
  /** The row's number as the spreadsheet shows it. */
  row: number;
  values: Cell[];
}

const isBlank = (c: Cell | undefined): boolean =>
  c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

const refusal = (message: string) => new ApiError('VALIDATION', message, 'content');

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The filled rows of the file's first visible sheet (or of the .csv), in order, each with the number
 * the spreadsheet shows; rows with nothing but blanks are left out. `maxRows` counts filled rows, a
 * header among them: at most `maxRows + 1` come back and reading stops there, so a caller that gets
 * more than `maxRows` refuses the file in its own words without the rest being read. A file without a
 * single filled row is refused here.
 */
export async function readSheet(
  fileName: string,
  bytes: Uint8Array,
  options: { maxRows: number },
): Promise<SheetRow[]> {
  const ext = /\.([^.]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  const keep = options.maxRows + 1;
  let rows: SheetRow[];
  if (startsWith(bytes, ZIP)) {
    if (ext !== 'xlsx' && ext !== 'xlsm')
      throw refusal(`Файл «${fileName}» не таблица .xlsx или .csv: сохраните его в Excel как .xlsx`);
    rows = await readXlsx(bytes, fileName, keep);
  } else if (startsWith(bytes, OLE) || ext === 'xls') {
    throw refusal(
      `Файл «${fileName}» в старом формате Excel (.xls): откройте его в Excel и сохраните как «Книга Excel (.xlsx)»`,
    );
  } else if (ext === 'csv' || ext === 'txt') {
    rows = readCsv(bytes, fileName, keep);
  } else {
    throw refusal(`Файл «${fileName}» не таблица .xlsx или .csv: скачайте шаблон и заполните его`);
  }
  if (rows.length === 0) throw refusal(`В файле «${fileName}» нет ни одной строки`);
  return rows;
}

async function readXlsx(bytes: Uint8Array, fileName: string, keep: number): Promise<SheetRow[]> {
  // Loaded when a file comes, not at start: the library is large and most starts read no table.
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
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (rows.length >= keep) return;
    const values: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cellValue(cell.value);
    });
    for (let i = 0; i < values.length; i++) values[i] ??= null;
    if (!values.every(isBlank)) rows.push({ row: number, values });
  });
  return rows;
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

/** CSV text: UTF-8 when it has a BOM or decodes without error, otherwise Windows-1251 (what Excel in Russia writes). */
function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** Rows with quoted fields; fields separated by «;» or «,», whichever the header line has more of outside quotes. */
function readCsv(bytes: Uint8Array, fileName: string, keep: number): SheetRow[] {
  let text = decodeCsv(bytes);
  // Excel's own hint line, «sep=;», names the separator and is not a row of the table.
  const hint = /^sep=(.)\r?\n/i.exec(text);
  if (hint) text = text.slice(hint[0].length);
  if (text.includes('\u0000'))
    throw refusal(
      `Файл «${fileName}» не текст .csv: сохраните таблицу в Excel как .xlsx или «CSV (разделители — точка с запятой)»`,
    );
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (sep: string) => firstLine.replace(/"[^"]*"/g, '').split(sep).length - 1;
  const sep = hint ? hint[1]! : count(';') >= count(',') ? ';' : ',';
  const rows: SheetRow[] = [];
  let values: Cell[] = [];
  let field = '';
  let quoted = false;
  // Rows numbered as Excel shows them: it hides the hint line, so the first line is row 1 either way.
  let line = 1;
  let startLine = 1;
  const endField = () => {
    values.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!values.every(isBlank)) rows.push({ row: startLine, values });
    values = [];
    startLine = line;
  };
  for (let i = 0; i < text.length && rows.length < keep; i++) {
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
  if (rows.length < keep && (field !== '' || values.length > 0)) endRow();
  return rows;
}
