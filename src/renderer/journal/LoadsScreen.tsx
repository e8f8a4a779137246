import {
  Alert,
  Anchor,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { countOf } from '../../shared/i18n/plural';
import type { LoadSummary } from '../../shared/journal/schemas';
import { type Call, CallError } from '../api/client';
import { useSelectedYear, YearPicker } from '../school-year/common';

/** The teaching load (нагрузка) of the signed-in teacher, or every page for the school-wide readers. */
export function LoadsScreen({ call }: { call: Call }) {
  const [filter, setFilter] = useState('');
  // Last year's pages too (read-only after the rollover): the year chosen here or on «Учебный год».
  const { list, year, choose } = useSelectedYear(call);
  const loads = useQuery({
    queryKey: ['journal.myLoads', year?.id ?? 'current'],
    queryFn: () => call('journal.myLoads', year ? { yearId: year.id } : {}),
  });
  if (loads.isPending) return <Loader aria-label="Загрузка" />;
  if (loads.isError) {
    return (
      <Alert color="red" role="alert">
        {loads.error instanceof CallError ? loads.error.message : 'Не удалось загрузить список'}
      </Alert>
    );
  }
  const wanted = filter.trim().toLocaleLowerCase('ru-RU');
  const shown = loads.data.filter(
    (l) =>
      !wanted ||
      `${l.className} ${l.subjectName} ${l.teacherName}`.toLocaleLowerCase('ru-RU').includes(wanted),
  );
  const own = shown.filter((l) => l.writable);
  const others = shown.filter((l) => !l.writable);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Журнал</Title>
        {list.length > 1 && <YearPicker list={list} year={year} choose={choose} />}
      </Group>
      {loads.data.length > 12 && (
        <TextInput
          label="Найти класс, предмет или учителя"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          w={360}
        />
      )}
      {loads.data.length === 0 && <Text>Нет доступных страниц журнала в этом учебном году.</Text>}
      {own.length > 0 && <LoadList title="Мои классы и предметы" loads={own} />}
      {others.length > 0 && own.length > 0 && (
        <LoadList title="Мой класс: другие предметы (просмотр)" loads={others} />
      )}
      {others.length > 0 && own.length === 0 && <LoadsByClass loads={others} />}
    </Stack>
  );
}

/** The whole school (deputy, director, inspector): one row per class, its subjects as links. */
function LoadsByClass({ loads }: { loads: LoadSummary[] }) {
  const classes = [...Map.groupBy(loads, (l) => l.classId).values()];
  return (
    <section aria-label="Страницы журнала по классам">
      <Title order={4} mb="xs">
        Страницы журнала по классам
      </Title>
      <Table striped withTableBorder verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>Класс</Table.Th>
            <Table.Th>Предметы</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {classes.map((list) => (
            <Table.Tr key={list[0]!.classId}>
              <Table.Td fw={600}>{list[0]!.className}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  {list.map((l) => (
                    <Anchor
                      key={l.loadId}
                      component={Link}
                      href={`/journal/${l.loadId}`}
                      size="sm"
                      title={l.teacherName}
                    >
                      {l.subjectName}
                      {l.groupName ? ` (${l.groupName})` : ''}
                    </Anchor>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}

function LoadList({ title, loads }: { title: string; loads: LoadSummary[] }) {
  return (
    <section aria-label={title}>
      <Title order={4} mb="xs">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4, lg: 5 }} spacing="sm">
        {loads.map((l) => (
          <Card key={l.loadId} withBorder padding="sm">
            <Anchor component={Link} href={`/journal/${l.loadId}`} fw={600}>
              {l.className} · {l.subjectName}
              {l.groupName ? ` (${l.groupName})` : ''}
            </Anchor>
            <Text size="xs" c="dimmed">
              {l.teacherName}
            </Text>
            <Text size="xs" c="dimmed">
              {countOf(l.hoursPerWeek, 'час', 'часа', 'часов')} в неделю ·{' '}
              <Anchor
                component={Link}
                href={`/ktp/${l.loadId}`}
                size="xs"
                aria-label={`КТП (план тем), ${l.className}, ${l.subjectName}${l.groupName ? ` (${l.groupName})` : ''}`}
              >
                КТП
              </Anchor>
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </section>
  );
}
