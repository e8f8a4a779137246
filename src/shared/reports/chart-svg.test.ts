import { describe, expect, it } from 'vitest';
import { chartSvg, escapeXml } from './chart-svg';
import type { ReportChart } from './report';

const chart: ReportChart = {
  type: 'chart',
  title: 'Средний балл 5А <класса> & «друзей»',
  points: ['I четверть', 'II четверть', 'III четверть', 'IV четверть'],
  series: [
    { name: 'Русский язык', values: [4.25, 4.5, null, 4] },
    { name: 'Математика', values: [3.67, 3.8, 4, 4.2] },
  ],
  min: 2,
  max: 5,
};

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('chartSvg', () => {
  const svg = chartSvg(chart, 600, 320);

  it('is one standalone svg element of the size asked for', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="320"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('uses attributes only: no style element, class or foreignObject (pdfmake draws it too)', () => {
    expect(svg).not.toMatch(/<style|class=|foreignObject|style=/);
    expect(svg).toContain('font-family="Roboto, Arial, sans-serif"');
  });

  it('escapes text', () => {
    expect(svg).toContain('Средний балл 5А &lt;класса&gt; &amp; «друзей»');
    expect(escapeXml(`a"b'c`)).toBe('a&quot;b&apos;c');
  });

  it('labels the points under the axis and draws grid lines from min to max', () => {
    for (const p of chart.points) expect(svg).toContain(`>${p}</text>`);
    // 2, 2.5 … 5: seven grid lines, labelled with a decimal comma.
    expect(count(svg, /stroke="#d0d0d0"/g)).toBe(7);
    expect(svg).toContain('>2,5</text>');
    expect(svg).toContain('>5</text>');
  });

  it('breaks a line at a missing value and writes values with a decimal comma', () => {
    // Russian: 4,25–4,50 then a gap (a line of one point is just a dot): one polyline; Maths: one.
    const lines = svg.match(/<polyline points="[^"]+"/g) ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(' ')).toHaveLength(3); // `<polyline` + two points
    expect(lines[1]!.split(' ')).toHaveLength(5);
    for (const v of ['4,25', '4,50', '4,00', '3,67', '3,80', '4,20']) expect(svg).toContain(`>${v}</text>`);
    expect(svg).not.toContain('4.25');
  });

  it('gives each series its own colour and dash pattern, repeated in the legend', () => {
    expect(svg).toMatch(/<polyline[^>]+stroke="#1f4e9c" stroke-width="1.8"\/>/);
    expect(svg).toMatch(/<polyline[^>]+stroke="#c0392b" stroke-width="1.8" stroke-dasharray="8 4"\/>/);
    expect(svg).toContain('>Русский язык</text>');
    expect(svg).toContain('>Математика</text>');
  });

  it('places a higher value higher', () => {
    const y = (label: string) => Number(svg.match(new RegExp(`y="([\\d.]+)"[^>]*>${label}</text>`))![1]);
    expect(y('4,50')).toBeLessThan(y('4,25'));
  });
});
