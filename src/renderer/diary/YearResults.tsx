import { Card, Table, Title } from '@mantine/core';
import type { DiaryWeek } from '../../shared/diary/schemas';

/** The year's period and year marks per subject (002 §5.2), under the week; only once some are set. */
export function YearResults({ results }: { results: DiaryWeek['results'] }) {
  const any = results.subjects.some((s) => s.year !== null || s.periods.some((v) => v !== null));
  if (!any) return null;
  return (
    <Card withBorder padding="sm" component="section" aria-label="Отметки за периоды и год">
      <Title order={4} mb="xs">
        Отметки за периоды и год
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table striped withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Предмет</Table.Th>
              {results.periods.map((p) => (
                <Table.Th key={p.id}>{p.name}</Table.Th>
              ))}
              <Table.Th>Год</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.subjects.map((s) => (
              <Table.Tr key={s.subject}>
                <Table.Td>{s.subject}</Table.Td>
                {s.periods.map((v, i) => (
                  <Table.Td key={results.periods[i]!.id}>{v ?? ''}</Table.Td>
                ))}
                <Table.Td fw={500}>{s.year ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
