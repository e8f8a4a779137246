import { describe, expect, it } from 'vitest';
import { chartSvg } from './chart-svg';
import type { ReportChart } from './report';

const chart = (over: Partial<ReportChart> = {}): ReportChart => ({
  type: 'chart',
  title: 'Средний балл 5А класса по периодам',
  points: ['I четверть', 'II четверть', 'III четверть', 'IV четверть'],
  series: [
    { name: '5А', values: [4.25, 4.1, 3.95, 4.5] },
    { name: '5Б', values: [3.8, 4, 4.05, 3.9] },
  ],
  min: 2,
  max: 5,
  ...over,
});

/** The `points` attribute of every polyline, as lists of "x,y" pairs. */
const polylines = (svg: string): string[][] =>
  [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1]!.split(' '));

describe('chartSvg', () => {
  it('draws one polyline per series through all its points, a value at each point and a label per period', () => {
    const svg = chartSvg(chart(), 600, 300);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    const lines = polylines(svg);
    expect(lines.map((l) => l.length)).toEqual([4, 4]);
    // Values in Russian notation, two decimals, written at the points.
    for (const v of ['4,25', '4,10', '3,95', '4,50', '3,80', '4,00', '4,05', '3,90']) {
      expect(svg).toContain(`>${v}</text>`);
    }
    for (const p of ['I четверть', 'II четверть', 'III четверть', 'IV четверть'])
      expect(svg).toContain(`>${p}</text>`);
    // The value axis from min to max: 2, 3, 4, 5.
    for (const t of ['2', '3', '4', '5']) expect(svg).toContain(`>${t}</text>`);
    // A legend entry per series.
    expect(svg).toContain('>5А</text>');
    expect(svg).toContain('>5Б</text>');
  });

  it('tells series apart in grey print: distinct colours and dash patterns', () => {
    const svg = chartSvg(chart(), 600, 300);
    const strokes = [
      ...svg.matchAll(/<polyline [^>]*stroke="([^"]+)"[^>]*?(?:stroke-dasharray="([^"]+)")?\/>/g),
    ];
    expect(strokes).toHaveLength(2);
    expect(strokes[0]![1]).not.toBe(strokes[1]![1]);
    expect(strokes[0]![2]).toBeUndefined();
    expect(strokes[1]![2]).toBeTruthy();
  });

  it('puts a higher value higher on the chart, and keeps the first point left of the last', () => {
    const [first] = polylines(chartSvg(chart(), 600, 300));
    const xy = first!.map((p) => p.split(',').map(Number) as [number, number]);
    // 4.25 then 4.10: the second point is lower (a larger y).
    expect(xy[1]![1]).toBeGreaterThan(xy[0]![1]);
    // 4.50 is the highest point.
    expect(Math.min(...xy.map(([, y]) => y))).toBe(xy[3]![1]);
    expect(xy[0]![0]).toBeLessThan(xy[3]![0]);
  });

  it('breaks the line at a missing value instead of joining across it', () => {
    const svg = chartSvg(chart({ series: [{ name: '5А', values: [4, 4.2, null, 3.5] }] }), 600, 300);
    // Two points before the gap form a line; the single point after it is a dot only.
    expect(polylines(svg).map((l) => l.length)).toEqual([2]);
    expect(svg).toContain('>3,50</text>');
    expect(svg).not.toContain('>0,00</text>');
    const split = chartSvg(
      chart({
        points: ['1', '2', '3', '4', '5'],
        series: [{ name: '5А', values: [4, 4.2, null, 3.5, 3.9] }],
      }),
      600,
      300,
    );
    expect(polylines(split).map((l) => l.length)).toEqual([2, 2]);
  });

  it('escapes titles, period and series names', () => {
    const svg = chartSvg(
      chart({
        title: 'A & B <script>',
        points: ['"1"', "'2'"],
        series: [{ name: 'Физика & <астрономия>', values: [4, 5] }],
      }),
      400,
      200,
    );
    expect(svg).toContain('A &amp; B &lt;script&gt;');
    expect(svg).toContain('&quot;1&quot;');
    expect(svg).toContain('&apos;2&apos;');
    expect(svg).toContain('Физика &amp; &lt;астрономия&gt;');
    expect(svg).not.toContain('<script>');
  });

  it('uses only presentation attributes, so svg-to-pdfkit draws it as the browser does', () => {
    const svg = chartSvg(chart(), 600, 300);
    expect(svg).not.toMatch(/<style|class=|foreignObject|style=/);
    expect(svg).toContain('font-family="Roboto"');
  });

  it('draws axes and a legend without lines when there are no series', () => {
    const svg = chartSvg(chart({ series: [] }), 400, 200);
    expect(polylines(svg)).toEqual([]);
    expect(svg).toContain('>I четверть</text>');
  });
});
