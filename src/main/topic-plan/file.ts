import { ApiError } from '../../shared/api/errors';
import { PLAN_COLUMNS, type PlanField, planFieldOf } from '../../shared/topic-plan/columns';
import { readSheet } from '../spreadsheets/read';
import type { ItemRow } from './plan';

/**
 * A plan of topics as a spreadsheet: read by the spreadsheet reader (src/main/spreadsheets/, .xlsx or
 * .csv) and matched here against the plan's columns, written as .xlsx for the template and the export.
 * The export has the template's columns plus the lessons' dates, so it reads back unchanged.
 */

/** A cell of the plan: text or a number; a date reads as its ISO text. */
export type Cell = string | number | null;
export interface PlanFileRow {
  /** The row's number as the spreadsheet shows it (the header is row 1). */
  row: number;
  cells: Partial<Record<PlanField, Cell>>;
}

export const MAX_PLAN_ROWS = 1000;
const XLSX_TYPE = 'xlsx';

const refusal = (message: string) => new ApiError('VALIDATION', message, 'content');

/** Rows under the header, their cells keyed by the plan's columns; the header is the first filled row. */
export async function readPlanFile(fileName: string, bytes: Uint8Array): Promise<PlanFileRow[]> {
  // The header and the plan's rows; one more than that is enough to refuse the file.
  const [head, ...body] = await readSheet(fileName, bytes, { maxRows: MAX_PLAN_ROWS + 1 });
  const index = new Map<PlanField, number>();
  head!.values.forEach((c, i) => {
    const field = c === null ? undefined : planFieldOf(String(c));
    if (field && !index.has(field)) index.set(field, i);
  });
  const missing = PLAN_COLUMNS.filter((c) => c.required && !index.has(c.field)).map((c) => `«${c.header}»`);
  if (missing.length > 0)
    throw refusal(
      `В первой строке файла нет ${missing.length === 1 ? 'столбца' : 'столбцов'} ${missing.join(', ')}: это не план по шаблону. Скачайте шаблон и перенесите темы в него`,
    );
  if (body.length === 0) throw refusal(`В файле «${fileName}» под заголовками нет ни одной темы`);
  if (body.length > MAX_PLAN_ROWS)
    throw refusal(`В файле больше ${MAX_PLAN_ROWS} строк: это не план одного предмета`);
  return body.map((r) => {
    const cells: PlanFileRow['cells'] = {};
    for (const [field, at] of index) {
      const c = r.values[at] ?? null;
      cells[field] = c instanceof Date ? c.toISOString().slice(0, 10) : c;
    }
    return { row: r.row, cells };
  });
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
