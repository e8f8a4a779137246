import { CHART_HEIGHT, CHART_WIDTH, chartSvg } from '../../shared/reports/chart-svg';
import {
  formatCell,
  type Report,
  type ReportChart,
  type ReportColumn,
  type ReportTable,
} from '../../shared/reports/report';
import { type Content, mm, renderPdf, type TDocumentDefinitions } from './pdf';

/**
 * A Report as a PDF (pdfmake): the title and subtitle, each table with its header (the band row
 * over it, if any) repeated on every page, rows kept whole, totals bold, warning rows shaded, the
 * notes, the signature lines and «стр. N из M». The cells read exactly as on the screen (formatCell).
 *
 * Charts are drawn by chartSvg (shared/reports/chart-svg.ts), the same SVG the screen shows.
 */

const WARNING_FILL = '#f4d6d2';
const HEADER_FILL = '#eeeeee';
const isNumeric = (c: ReportColumn) => c.kind !== 'text';

type Cell = Record<string, unknown> | string;

/** Header rows: a band row when a column has a band (unbanded columns span both rows), then titles. */
function headerRows(columns: readonly ReportColumn[]): Cell[][] {
  const head = (text: string, extra: Record<string, unknown> = {}) => ({
    text,
    bold: true,
    fillColor: HEADER_FILL,
    alignment: 'center',
    ...extra,
  });
  if (!columns.some((c) => c.band)) return [columns.map((c) => head(c.title))];
  const band: Cell[] = [];
  const titles: Cell[] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (!c.band) {
      band.push(head(c.title, { rowSpan: 2 }));
      titles.push('');
      continue;
    }
    let span = 1;
    while (columns[i + span]?.band === c.band) span++;
    band.push(head(c.band, { colSpan: span }));
    for (let k = 1; k < span; k++) band.push('');
    for (let k = 0; k < span; k++) titles.push(head(columns[i + k]!.title));
    i += span - 1;
  }
  return [band, titles];
}

function tableContent(table: ReportTable): Content[] {
  const header = headerRows(table.columns);
  const body: Cell[][] = [
    ...header,
    ...table.rows.map((row) =>
      table.columns.map((col, i) => ({
        text: formatCell(row.cells[i] ?? null, col.kind),
        alignment: isNumeric(col) ? 'center' : 'left',
        ...(row.style === 'total' ? { bold: true } : {}),
        ...(row.style === 'warning' ? { fillColor: WARNING_FILL } : {}),
      })),
    ),
  ];
  const widths = table.columns.map((c) =>
    c.kind === 'text' ? (c.width && c.width >= 20 ? '*' : 'auto') : 'auto',
  );
  if (!widths.includes('*')) widths[widths.length - 1] = 'auto';
  const content: Content[] = [
    { text: table.title, style: 'section' },
    {
      table: { headerRows: header.length, dontBreakRows: true, widths, body },
      layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => 1, paddingBottom: () => 1 },
      fontSize: table.columns.length > 14 ? 7 : 8,
    } as Content,
  ];
  // An empty table says so, unless its note already does («Неуспевающих нет.»).
  if (table.rows.length === 0 && !table.note)
    content.push({ text: 'Нет данных.', italics: true, margin: [0, 2, 0, 0] });
  if (table.note) content.push({ text: table.note, style: 'note' });
  return content;
}

/** A chart drawn by the same chartSvg as the screen shows, fitted to the page's width. */
function chartContent(chart: ReportChart, report: Report): Content[] {
  const width = report.orientation === 'landscape' ? 760 : 515;
  return [
    { text: chart.title, style: 'section' },
    { svg: chartSvg(chart, CHART_WIDTH, CHART_HEIGHT), width, margin: [0, 4, 0, 8] },
  ];
}

export function reportDocument(report: Report): TDocumentDefinitions {
  const content: Content[] = [
    { text: report.title, style: 'title' },
    ...report.subtitle.map((line): Content => ({ text: line, alignment: 'center' })),
  ];
  for (const section of report.sections)
    content.push(...(section.type === 'table' ? tableContent(section) : chartContent(section, report)));
  if (report.signatures.length > 0)
    content.push({
      margin: [0, 18, 0, 0],
      unbreakable: true,
      stack: report.signatures.map((s) => ({
        columns: [
          { text: s, width: '*' },
          { text: '__________ / ______________________', width: 'auto' },
        ],
        margin: [0, 8, 0, 0],
      })),
    } as Content);
  return {
    info: { title: report.title },
    pageOrientation: report.orientation,
    pageMargins: [mm(15), mm(12), mm(12), mm(14)],
    content,
    footer: (page: number, pages: number) => ({
      text: `стр. ${page} из ${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, mm(4), 0, 0],
    }),
    styles: {
      title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      section: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      note: { fontSize: 8, italics: true, margin: [0, 3, 0, 0] },
    },
  };
}

export function reportPdf(report: Report): Promise<Buffer> {
  return renderPdf(reportDocument(report));
}
