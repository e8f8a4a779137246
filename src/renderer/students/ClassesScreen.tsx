import { Alert, Anchor, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Call } from '../api/client';
import { ClassScreen } from './ClassScreen';
import { errorText } from './queries';

const ACCESS_TITLES = { edit: 'ведение', read: 'просмотр', list: 'список' } as const;

/**
 * The classes the caller may open. «Мой класс» for a teacher: the class they lead opens at once; the
 * classes they only teach are listed. «Классы» for the administration: every class of the year.
 */
export function ClassesScreen({ call, base, title }: { call: Call; base: string; title: string }) {
  const classes = useQuery({ queryKey: ['students.classes'], queryFn: () => call('students.classes', {}) });
  if (classes.isPending) return <Loader aria-label="Загрузка" />;
  if (classes.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(classes.error, 'Не удалось загрузить классы')}
      </Alert>
    );
  const led = classes.data.filter((c) => c.access === 'edit');
  if (base === '/my-class' && led.length === 1) return <ClassScreen classId={led[0]!.id} call={call} />;
  return (
    <Stack maw={900}>
      <Title order={2}>{title}</Title>
      {classes.data.length === 0 && (
        <Text>Нет классов, списки которых вам доступны, в этом учебном году.</Text>
      )}
      {classes.data.length > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Класс</Table.Th>
              <Table.Th>Классный руководитель</Table.Th>
              <Table.Th>Учеников</Table.Th>
              <Table.Th>Доступ</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {classes.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} href={`${base}/${c.id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.classTeacherName ?? '—'}</Table.Td>
                <Table.Td>{c.studentCount}</Table.Td>
                <Table.Td>{ACCESS_TITLES[c.access]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
