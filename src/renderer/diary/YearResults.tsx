import { Card, Table, Text, Title } from '@mantine/core';
import type { DiaryWeek } from '../../shared/diary/schemas';
import { countOf } from '../../shared/i18n/plural';

const decimal = (n: number) => n.toFixed(2).replace('.', ',');

/**
 * Under the week: per subject the current period's average and the forecast of its mark (001 ЭД §2),
 * then the period and year marks set so far (002 §5.2).
 */
export function YearResults({ results }: { results: DiaryWeek['results'] }) {
  const any = results.subjects.some(
    (s) => s.average !== null || s.year !== null || s.periods.some((v) => v !== null),
  );
  if (!any) return null;
  const current = results.current?.name;
  return (
    <Card withBorder padding="sm" component="section" aria-label="Успеваемость за периоды и год">
      <Title order={4} mb="xs">
        Успеваемость
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table striped withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Предмет</Table.Th>
              {current && (
                <>
                  <Table.Th title={`Средний взвешенный балл за ${current}`}>Средний балл</Table.Th>
                  <Table.Th title={`Какая отметка за ${current} выходит по текущим отметкам`}>
                    Прогноз
                  </Table.Th>
                </>
              )}
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
                {current && (
                  <>
                    <Table.Td>{s.average === null ? '' : decimal(s.average)}</Table.Td>
                    <Table.Td>
                      {s.forecast && (
                        <>
                          <Text span fw={500}>
                            {s.forecast.mark}
                          </Text>
                          {s.forecast.missing > 0 && (
                            <Text span size="xs" c="dimmed">
                              {' '}
                              (нужно ещё {countOf(s.forecast.missing, 'отметка', 'отметки', 'отметок')})
                            </Text>
                          )}
                        </>
                      )}
                    </Table.Td>
                  </>
                )}
                {s.periods.map((v, i) => (
                  <Table.Td key={results.periods[i]!.id}>{v ?? ''}</Table.Td>
                ))}
                <Table.Td fw={500}>{s.year ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {current && (
        <Text size="xs" c="dimmed" mt="xs">
          Средний балл и прогноз — за {current}, по текущим отметкам с их весами; отметку за период ставит
          учитель.
        </Text>
      )}
    </Card>
  );
}
