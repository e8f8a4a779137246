import type { ReportChart } from './report';

/**
 * A report's line chart (ReportChart: динамика среднего балла) as a standalone SVG string, drawn
 * the same by the browser (the «Отчёты» screen) and by pdfmake's `{ svg }` node (svg-to-pdfkit), which
 * is why it uses presentation attributes only: no <style>, no classes, no foreignObject. No charting
 * library fits: they all need a DOM, and the main process has none.
 *
 * Each series has its own colour AND its own dash pattern and dot shape, so the lines stay apart on a
 * grey printout. A missing value (null: no period mark yet) breaks the line rather than joining across.
 */

/** Colours that differ in hue and in lightness (grey print). */
const COLOURS = ['#1f4e9c', '#c0392b', '#2e8b3a', '#8e44ad', '#d68910', '#17a2b8', '#555555', '#a04000'];
/** stroke-dasharray per series: solid, dashed, dotted, dash-dot… */
const DASHES = ['', '8 4', '2 3', '10 3 2 3', '4 4', '12 4', '2 6', '6 2 2 2'];
/** Roboto first (pdfmake takes the first family it has); a browser without Roboto falls back to a sans. */
const FONT = 'Roboto, Arial, sans-serif';

const valueFormat = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const axisFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });

/** Text and attribute values escaped for XML. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Rounds a coordinate so the SVG stays short and stable in tests. */
const r = (x: number): string => String(Math.round(x * 10) / 10);

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${r(x)}" y="${r(y)}" font-family="${FONT}" ${attrs}>${escapeXml(content)}</text>`;
}

/** A dot of the series' shape: circle, square, triangle, diamond (repeating). */
function dot(index: number, x: number, y: number, colour: string): string {
  const s = 3.5;
  switch (index % 4) {
    case 0:
      return `<circle cx="${r(x)}" cy="${r(y)}" r="${s}" fill="${colour}"/>`;
    case 1:
      return `<rect x="${r(x - s)}" y="${r(y - s)}" width="${s * 2}" height="${s * 2}" fill="${colour}"/>`;
    case 2:
      return `<polygon points="${r(x)},${r(y - s - 1)} ${r(x + s + 1)},${r(y + s)} ${r(x - s - 1)},${r(y + s)}" fill="${colour}"/>`;
    default:
      return `<polygon points="${r(x)},${r(y - s - 1)} ${r(x + s + 1)},${r(y)} ${r(x)},${r(y + s + 1)} ${r(x - s - 1)},${r(y)}" fill="${colour}"/>`;
  }
}

/** Grid steps: whole numbers for a 2..5 axis, otherwise about five steps. */
function ticks(min: number, max: number): number[] {
  const span = max - min;
  if (span <= 0) return [min];
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * magnitude).find((s) => span / s <= 6) ?? span;
  const out: number[] = [];
  for (let v = min; v <= max + step / 1000; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

/** The size a chart is drawn at on the screen and in the PDF (which scales it to the page). */
export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 320;

export function chartSvg(chart: ReportChart, width: number, height: number): string {
  const series = chart.series;
  const legendRows = Math.ceil(series.length / 3);
  const left = 40;
  const right = 16;
  const top = 28;
  const bottom = 36 + legendRows * 16;
  const plotW = Math.max(10, width - left - right);
  const plotH = Math.max(10, height - top - bottom);
  const span = chart.max - chart.min || 1;
  const xOf = (i: number) =>
    chart.points.length <= 1 ? left + plotW / 2 : left + (plotW * (i + 0.5)) / chart.points.length;
  const yOf = (v: number) =>
    top + plotH - ((Math.min(chart.max, Math.max(chart.min, v)) - chart.min) * plotH) / span;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  );
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(
    text(width / 2, 16, chart.title, 'font-size="12" font-weight="bold" text-anchor="middle" fill="#000000"'),
  );

  // Grid lines and the value axis's labels.
  for (const t of ticks(chart.min, chart.max)) {
    const y = yOf(t);
    parts.push(
      `<line x1="${left}" y1="${r(y)}" x2="${r(left + plotW)}" y2="${r(y)}" stroke="#d0d0d0" stroke-width="0.7"/>`,
    );
    parts.push(
      text(left - 6, y + 3.5, axisFormat.format(t), 'font-size="9" text-anchor="end" fill="#333333"'),
    );
  }
  // Axes.
  parts.push(
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${r(top + plotH)}" stroke="#000000" stroke-width="1"/>`,
    `<line x1="${left}" y1="${r(top + plotH)}" x2="${r(left + plotW)}" y2="${r(top + plotH)}" stroke="#000000" stroke-width="1"/>`,
  );
  // Point labels under the x axis.
  chart.points.forEach((p, i) => {
    parts.push(text(xOf(i), top + plotH + 14, p, 'font-size="9" text-anchor="middle" fill="#000000"'));
  });

  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const dash = DASHES[k % DASHES.length]!;
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
    // Runs of consecutive values: a null ends a run, so the line breaks there.
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) {
        parts.push(
          `<polyline points="${run.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.8"${dashAttr}/>`,
        );
      }
      run = [];
    };
    s.values.forEach((v, i) => {
      if (v === null || i >= chart.points.length) {
        flush();
        return;
      }
      run.push(`${r(xOf(i))},${r(yOf(v))}`);
    });
    flush();
    s.values.forEach((v, i) => {
      if (v === null || i >= chart.points.length) return;
      const x = xOf(i);
      const y = yOf(v);
      parts.push(dot(k, x, y, colour));
      // Values of alternate series sit above and below their dots, so two close lines stay readable.
      const dy = k % 2 === 0 ? -7 : 13;
      parts.push(
        text(x, y + dy, valueFormat.format(v), `font-size="8" text-anchor="middle" fill="${colour}"`),
      );
    });
  });

  // The legend: a short stretch of each line with its dot, three per row.
  const legendTop = top + plotH + 30;
  const cell = plotW / 3;
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const dash = DASHES[k % DASHES.length]!;
    const x = left + (k % 3) * cell;
    const y = legendTop + Math.floor(k / 3) * 16;
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
    parts.push(
      `<line x1="${r(x)}" y1="${r(y)}" x2="${r(x + 28)}" y2="${r(y)}" stroke="${colour}" stroke-width="1.8"${dashAttr}/>`,
    );
    parts.push(dot(k, x + 14, y, colour));
    parts.push(text(x + 34, y + 3.5, s.name, 'font-size="9" fill="#000000"'));
  });

  parts.push('</svg>');
  return parts.join('');
}
