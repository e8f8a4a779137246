import { ApiError } from '../../shared/api/errors';
import { PLAN_COLUMNS, type PlanField, planFieldOf } from '../../shared/topic-plan/columns';
import type { ItemRow } from './plan';

/**
 * A plan of topics as a spreadsheet: read from .xlsx (exceljs) or .csv (UTF-8 with or without a BOM,
 * or Windows-1251 as Excel in Russia saves it; «;» or «,»), written as .xlsx for the template and the
 * export. The export has the template's columns plus the lessons' dates, so it reads back unchanged.
 */

export type Cell = string | number | null;
export interface PlanFileRow {
  /** The row's number as the spreadsheet shows it (the header is row 1). */
  row: number;
  cells: Partial<Record<PlanField, Cell>>;
}

export const MAX_PLAN_ROWS = 1000;
const XLSX_TYPE = 'xlsx';

const refusal = (message: string) => new ApiError('VALIDATION', message, 'content');
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export async function readPlanFile(fileName: string, bytes: Uint8Array): Promise<PlanFileRow[]> {
  const ext = /\.([^.]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  let table: { row: number; values: Cell[] }[];
  if (startsWith(bytes, ZIP)) {
    if (ext !== 'xlsx' && ext !== 'xlsm') throw refusal(`Файл «${fileName}» не таблица .xlsx или .csv`);
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
  return keyed(table, fileName);
}

const isEmpty = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

function keyed(table: { row: number; values: Cell[] }[], fileName: string): PlanFileRow[] {
  const headerAt = table.findIndex((r) => r.values.some((c) => !isEmpty(c)));
  if (headerAt < 0) throw refusal(`В файле «${fileName}» нет ни одной строки`);
  const index = new Map<PlanField, number>();
  table[headerAt]!.values.forEach((c, i) => {
    const field = c === null ? undefined : planFieldOf(String(c));
    if (field && !index.has(field)) index.set(field, i);
  });
  const missing = PLAN_COLUMNS.filter((c) => c.required && !index.has(c.field)).map((c) => `«${c.header}»`);
  if (missing.length > 0)
    throw refusal(
      `В первой строке файла нет ${missing.length === 1 ? 'столбца' : 'столбцов'} ${missing.join(', ')}: это не план по шаблону. Скачайте шаблон и перенесите темы в него`,
    );
  const rows: PlanFileRow[] = [];
  for (const r of table.slice(headerAt + 1)) {
    if (r.values.every(isEmpty)) continue;
    const cells: PlanFileRow['cells'] = {};
    for (const [field, at] of index) cells[field] = r.values[at] ?? null;
    rows.push({ row: r.row, cells });
  }
  if (rows.length === 0) throw refusal(`В файле «${fileName}» под заголовками нет ни одной темы`);
  if (rows.length > MAX_PLAN_ROWS)
    throw refusal(`В файле ${rows.length} строк, больше ${MAX_PLAN_ROWS}: это не план одного предмета`);
  return rows;
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<{ row: number; values: Cell[] }[]> {
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

/** A cell as text or number: rich text, formulas and links by what they show; a date as text. */
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.error) return null;
  }
  return String(v);
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** CSV rows with quoted fields; the separator is whichever of «;» and «,» the header line has more of. */
function readCsv(bytes: Uint8Array, fileName: string): { row: number; values: Cell[] }[] {
  let text = decode(bytes);
  const hint = /^sep=(.)\r?\n/i.exec(text);
  if (hint) text = text.slice(hint[0].length);
  if (text.includes('\u0000'))
    throw refusal(`Файл «${fileName}» не текст .csv: сохраните план в Excel как .xlsx`);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (sep: string) => firstLine.replace(/"[^"]*"/g, '').split(sep).length - 1;
  const sep = hint ? hint[1]! : count(';') >= count(',') ? ';' : ',';
  const rows: { row: number; values: Cell[] }[] = [];
  let values: Cell[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRow = () => {
    values.push(field);
    field = '';
    rows.push({ row: start, values });
    values = [];
    start = line;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      values.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRow();
    } else field += c;
  }
  if (field !== '' || values.length > 0) endRow();
  return rows;
}

type Sheet = import('exceljs').Worksheet;

async function book(title: string, fill: (sheet: Sheet) => void, notes: string[]) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Школьный журнал';
  const sheet = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '№', key: 'number', width: 6 },
    { header: 'Тема урока', key: 'title', width: 70 },
    { header: 'Часов', key: 'hours', width: 8 },
    { header: 'Уроки', key: 'dates', width: 26 },
  ];
  sheet.getRow(1).font = { bold: true };
  fill(sheet);
  const about = wb.addWorksheet('Как заполнять');
  about.getColumn(1).width = 110;
  for (const line of notes) about.addRow([line]);
  const buffer = await wb.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer).toString('base64');
}

const NOTES = [
  'Одна строка — одна тема. Порядок тем — по столбцу «№» (если он заполнен), иначе порядок строк.',
  'Обязательные столбцы: «Тема урока» (до 500 символов) и «Часов» (целое число от 1 до 200).',
  'Тема в N часов занимает N уроков подряд. Темы расставляются по урокам учебного года по порядку.',
  'Тему, которую учитель записал на уроке сам, заполнение не меняет.',
  'Столбец «Уроки» только для сведения: при загрузке он не читается.',
  'Можно сохранить и как CSV (разделитель «;» или «,», кодировка Windows-1251 или UTF-8).',
];

export async function templateFile(): Promise<{ fileName: string; content: string }> {
  const content = await book(
    'КТП',
    (sheet) => {
      sheet.addRow({ number: 1, title: 'Повторение изученного (образец: замените своими темами)', hours: 2 });
      sheet.addRow({ number: 2, title: 'Входная контрольная работа (образец)', hours: 1 });
      for (const n of [2, 3]) sheet.getRow(n).font = { italic: true, color: { argb: 'FF808080' } };
    },
    NOTES,
  );
  return { fileName: `Шаблон — КТП.${XLSX_TYPE}`, content };
}

export async function exportFile(
  name: string,
  items: (ItemRow & { from: string | null; to: string | null })[],
): Promise<{ fileName: string; content: string }> {
  const ru = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
  const content = await book(
    'КТП',
    (sheet) => {
      for (const it of items)
        sheet.addRow({
          number: it.position,
          title: it.title,
          hours: it.hours,
          dates: it.from && it.to ? (it.from === it.to ? ru(it.from) : `${ru(it.from)} – ${ru(it.to)}`) : '',
        });
    },
    NOTES,
  );
  return { fileName: `КТП — ${name.replace(/[\\/:*?"<>|]+/g, ' ')}.${XLSX_TYPE}`, content };
}
