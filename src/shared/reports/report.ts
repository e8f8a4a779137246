import { z } from 'zod';

/**
 * A report is data first (DESIGN.md): one service builds this object from the database, and the
 * screen (renderer/reports), the PDF and the XLSX (main/print) are three renderings of the same
 * object, so they can never disagree. It is plain JSON: it crosses IPC, HTTP and the render thread.
 *
 * A cell is a string, a number or empty. What a number means is its column's kind, so a renderer
 * never guesses: an XLSX writes numbers as numbers and dates as dates, a PDF and the screen format
 * them the same way (`formatCell`).
 */

/**
 * - `text`: as written (names, subjects, reasons);
 * - `integer`: counts (lessons missed, students);
 * - `decimal`: an average, shown with two decimals (средний балл);
 * - `percent`: 0–100, shown with one decimal and «%» (успеваемость, качество, СОУ);
 * - `mark`: a mark as the journal writes it («5», «н/а», «осв», «4/5»): text, never summed;
 * - `date`: an ISO day (YYYY-MM-DD), shown dd.mm.yyyy.
 */
export const ColumnKind = z.enum(['text', 'integer', 'decimal', 'percent', 'mark', 'date']);
export type ColumnKind = z.infer<typeof ColumnKind>;

export const ReportColumn = z.object({
  title: z.string(),
  kind: ColumnKind,
  /** Titles of the header row above this one (a band over several columns), e.g. «I четверть». */
  band: z.string().optional(),
  /** Width in characters; the renderers fit the rest. */
  width: z.number().optional(),
});
export type ReportColumn = z.infer<typeof ReportColumn>;

export const CellValue = z.union([z.string(), z.number(), z.null()]);
export type CellValue = z.infer<typeof CellValue>;

export const ReportRow = z.object({
  cells: z.array(CellValue),
  /** `total`: a totals row (bold); `warning`: a row a reader must see (неуспевающий, at risk). */
  style: z.enum(['total', 'warning']).optional(),
});
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportTable = z.object({
  type: z.literal('table'),
  title: z.string(),
  columns: z.array(ReportColumn),
  rows: z.array(ReportRow),
  /** Shown under the table (how a figure is computed, what was left out). */
  note: z.string().optional(),
});
export type ReportTable = z.infer<typeof ReportTable>;

/** A line chart over ordered points (periods): one line per series; a missing value breaks the line. */
export const ReportChart = z.object({
  type: z.literal('chart'),
  title: z.string(),
  points: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()) })),
  /** The value axis, e.g. 2..5 for average marks. */
  min: z.number(),
  max: z.number(),
});
export type ReportChart = z.infer<typeof ReportChart>;

export const ReportSection = z.discriminatedUnion('type', [ReportTable, ReportChart]);
export type ReportSection = z.infer<typeof ReportSection>;

export const Report = z.object({
  /** The document's title, e.g. «Сводная ведомость успеваемости». */
  title: z.string(),
  /** What it covers, one line each: school, class, period, date range. */
  subtitle: z.array(z.string()),
  /** Wide reports print landscape. */
  orientation: z.enum(['portrait', 'landscape']),
  sections: z.array(ReportSection),
  /** Signature lines at the end of the printed document, e.g. «Заместитель директора». */
  signatures: z.array(z.string()),
  /** A file name without extension, safe on every system: year, class, document. */
  fileName: z.string(),
});
export type Report = z.infer<typeof Report>;

const percentFormat = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const decimalFormat = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const figureFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2, useGrouping: false });

/** A cell as the screen and the PDF show it (the XLSX keeps numbers and dates typed). */
export function formatCell(value: CellValue, kind: ColumnKind): string {
  if (value === null) return '';
  if (typeof value === 'string') {
    if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = value.split('-');
      return `${d}.${m}.${y}`;
    }
    return value;
  }
  if (kind === 'percent') return `${percentFormat.format(value)} %`;
  if (kind === 'decimal') return decimalFormat.format(value);
  // A figure in a column of marks or names (a totals row of a ledger): as a Russian number, «83,3».
  if (kind === 'mark' || kind === 'text') return figureFormat.format(value);
  return String(value);
}
