import type { Worksheet } from 'exceljs';
import type { CellValue, Report, ReportChart, ReportColumn, ReportTable } from '../../shared/reports/report';

/**
 * A Report as an XLSX workbook (exceljs): one sheet per table, numbers kept as numbers (percent
 * columns with «0.0», averages with «0.00»), dates as dates (dd.mm.yyyy), the header frozen and
 * repeated on every printed page, A4 fitted to the page width, landscape when the report is wide.
 * Charts go in as their table of values.
 */

const PAPER_A4 = 9;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } } as const;
const WARNING_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF4D6D2' } } as const;
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** How a number of this column is shown; a percent column says «%» in its header. */
function numFmtOf(col: ReportColumn): string | undefined {
  if (col.kind === 'percent' || (col.kind !== 'text' && col.title.includes('%'))) return '0.0';
  if (col.kind === 'decimal') return '0.00';
  if (col.kind === 'date') return 'dd.mm.yyyy';
  return undefined;
}

function excelValue(value: CellValue, col: ReportColumn): string | number | Date | null {
  if (col.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00Z`);
  return value;
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the book. */
function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 28) || 'Лист';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const chartAsTable = (chart: ReportChart): ReportTable => ({
  type: 'table',
  title: chart.title,
  columns: [
    { title: '', kind: 'text' },
    ...chart.points.map((p): ReportColumn => ({ title: p, kind: 'decimal' })),
  ],
  rows: chart.series.map((s) => ({ cells: [s.name, ...s.values] })),
});

function writeTable(ws: Worksheet, report: Report, table: ReportTable): void {
  const cols = table.columns;
  ws.addRow([report.title]).font = { bold: true, size: 13 };
  ws.addRow([[...report.subtitle, table.title].join(' · ')]);
  ws.addRow([]);
  const headerStart = ws.rowCount + 1;
  const banded = cols.some((c) => c.band);
  if (banded) {
    // Both header rows first, then the merges: a band over its columns, an unbanded title over both rows.
    const band = ws.addRow(cols.map((c) => c.band ?? c.title)).number;
    ws.addRow(cols.map((c) => (c.band ? c.title : null)));
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      if (!c.band) {
        ws.mergeCells(band, i + 1, band + 1, i + 1);
        continue;
      }
      let span = 1;
      while (cols[i + span]?.band === c.band) span++;
      if (span > 1) ws.mergeCells(band, i + 1, band, i + span);
      i += span - 1;
    }
  } else {
    ws.addRow(cols.map((c) => c.title));
  }
  const headerEnd = ws.rowCount;
  for (let r = headerStart; r <= headerEnd; r++) {
    const row = ws.getRow(r);
    for (let i = 1; i <= cols.length; i++) {
      const cell = row.getCell(i);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
  for (const r of table.rows) {
    const row = ws.addRow(cols.map((c, i) => excelValue(r.cells[i] ?? null, c)));
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const fmt = numFmtOf(c);
      if (fmt && typeof cell.value !== 'string') cell.numFmt = fmt;
      cell.border = BORDER;
      if (c.kind !== 'text') cell.alignment = { horizontal: 'center' };
      if (r.style === 'total') cell.font = { bold: true };
      if (r.style === 'warning') cell.fill = WARNING_FILL;
    });
  }
  if (table.note) {
    ws.addRow([]);
    ws.addRow([table.note]).font = { italic: true, size: 9 };
  }
  if (report.signatures.length > 0) {
    ws.addRow([]);
    for (const s of report.signatures) ws.addRow([s, null, '__________ / ______________________']);
  }
  cols.forEach((c, i) => {
    const longest = Math.max(
      c.title.length,
      ...table.rows.map((r) => {
        const v = r.cells[i];
        return v === null || v === undefined ? 0 : String(v).length;
      }),
    );
    ws.getColumn(i + 1).width = Math.min(60, Math.max(c.width ?? 0, longest + 2, c.kind === 'date' ? 11 : 5));
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerEnd }];
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: PAPER_A4,
    orientation: report.orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerStart}:${headerEnd}`,
  };
}

export async function reportXlsx(report: Report): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Электронный классный журнал';
  book.title = report.title;
  const taken = new Set<string>();
  const tables = report.sections.map((s) => (s.type === 'table' ? s : chartAsTable(s)));
  if (tables.length === 0)
    tables.push({ type: 'table', title: report.title, columns: [{ title: '', kind: 'text' }], rows: [] });
  for (const table of tables) writeTable(book.addWorksheet(sheetName(table.title, taken)), report, table);
  return Buffer.from(await book.xlsx.writeBuffer());
}
