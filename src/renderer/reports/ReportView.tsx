import { Stack, Table, Text, Title } from '@mantine/core';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg } from '../../shared/reports/chart-svg';
import {
  formatCell,
  type Report,
  type ReportChart,
  type ReportColumn,
  type ReportTable,
} from '../../shared/reports/report';

/** A chart as the PDF draws it: the same SVG (chartSvg), shown as an image. */
function ChartSection({ chart }: { chart: ReportChart }) {
  const svg = chartSvg(chart, CHART_WIDTH, CHART_HEIGHT);
  return (
    <div>
      <Title order={4} mb="xs">
        {chart.title}
      </Title>
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
        alt={`${chart.title}: ${chart.series.map((x) => x.name).join(', ')}`}
        width={CHART_WIDTH}
        height={CHART_HEIGHT}
        style={{ maxWidth: '100%', height: 'auto' }}
      />
    </div>
  );
}

/**
 * Any Report on the screen: the same object the PDF and the XLSX render, as Mantine tables with the
 * same band rows, totals (bold) and warning rows (shaded), cells formatted by the same formatCell.
 * Charts are drawn by the same chartSvg as in the PDF; their values are the report's table beside them.
 */

const numeric = (c: ReportColumn) => c.kind !== 'text';

function HeaderRows({ columns }: { columns: readonly ReportColumn[] }) {
  if (!columns.some((c) => c.band))
    return (
      <Table.Tr>
        {columns.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a report's sections, columns and rows are positional and never move
          <Table.Th key={i} ta={numeric(c) ? 'center' : undefined}>
            {c.title}
          </Table.Th>
        ))}
      </Table.Tr>
    );
  const band: React.ReactNode[] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (!c.band) {
      band.push(
        <Table.Th key={i} rowSpan={2}>
          {c.title}
        </Table.Th>,
      );
      continue;
    }
    let span = 1;
    while (columns[i + span]?.band === c.band) span++;
    band.push(
      <Table.Th key={i} colSpan={span} ta="center">
        {c.band}
      </Table.Th>,
    );
    i += span - 1;
  }
  return (
    <>
      <Table.Tr>{band}</Table.Tr>
      <Table.Tr>
        {columns.map((c, i) =>
          c.band ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a report's sections, columns and rows are positional and never move
            <Table.Th key={i} ta="center">
              {c.title}
            </Table.Th>
          ) : null,
        )}
      </Table.Tr>
    </>
  );
}

function TableSection({ table }: { table: ReportTable }) {
  return (
    <Stack gap={4}>
      <Title order={4}>{table.title}</Title>
      <Table.ScrollContainer minWidth={400}>
        <Table withTableBorder withColumnBorders striped={false} fz="sm" aria-label={table.title}>
          <Table.Thead>
            <HeaderRows columns={table.columns} />
          </Table.Thead>
          <Table.Tbody>
            {table.rows.map((row, r) => (
              <Table.Tr
                // biome-ignore lint/suspicious/noArrayIndexKey: a report's sections, columns and rows are positional and never move
                key={r}
                fw={row.style === 'total' ? 700 : undefined}
                bg={row.style === 'warning' ? 'red.0' : undefined}
                data-style={row.style}
              >
                {table.columns.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a report's sections, columns and rows are positional and never move
                  <Table.Td key={i} ta={numeric(c) ? 'center' : undefined}>
                    {formatCell(row.cells[i] ?? null, c.kind)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {table.rows.length === 0 && !table.note && (
        <Text size="sm" c="dimmed">
          Нет данных.
        </Text>
      )}
      {table.note && (
        <Text size="xs" c="dimmed" fs="italic">
          {table.note}
        </Text>
      )}
    </Stack>
  );
}

export function ReportView({ report }: { report: Report }) {
  return (
    <Stack gap="lg">
      <div>
        <Title order={3}>{report.title}</Title>
        {report.subtitle.map((line) => (
          <Text key={line} size="sm" c="dimmed">
            {line}
          </Text>
        ))}
      </div>
      {report.sections.map((s, i) =>
        s.type === 'table' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a report's sections, columns and rows are positional and never move
          <TableSection key={i} table={s} />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: a report's sections, columns and rows are positional and never move
          <ChartSection key={i} chart={s} />
        ),
      )}
    </Stack>
  );
}
