import { Alert, Anchor, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { type Call, CallError } from '../api/client';

/** The loads whose plans of topics the caller may open: their own first, then by class. */
export function PlansScreen({ call }: { call: Call }) {
  const loads = useQuery({ queryKey: ['journal.myLoads'], queryFn: () => call('journal.myLoads', {}) });
  if (loads.isPending) return <Loader aria-label="Загрузка" />;
  if (loads.isError)
    return (
      <Alert color="red" role="alert">
        {loads.error instanceof CallError ? loads.error.message : 'Не удалось загрузить список'}
      </Alert>
    );
  const sorted = [...loads.data].sort(
    (a, b) => Number(b.writable) - Number(a.writable) || a.className.localeCompare(b.className, 'ru'),
  );
  return (
    <Stack maw={900}>
      <Title order={2}>Планирование (КТП)</Title>
      {sorted.length === 0 && <Text>Нет предметов в этом учебном году.</Text>}
      {sorted.length > 0 && (
        <Table striped withTableBorder aria-label="Предметы">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Класс</Table.Th>
              <Table.Th>Предмет</Table.Th>
              <Table.Th>Учитель</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((l) => (
              <Table.Tr key={l.loadId}>
                <Table.Td fw={600}>{l.className}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} href={`/ktp/${l.loadId}`}>
                    {l.subjectName}
                    {l.groupName ? ` (${l.groupName})` : ''}
                  </Anchor>
                </Table.Td>
                <Table.Td>{l.teacherName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
