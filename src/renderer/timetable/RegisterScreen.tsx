import { Alert, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import { formatDate, formatMonth, localIsoDate } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import { type Call, CallError } from '../api/client';
import { TimetableTabs } from './TimetableTabs';

/** The twelve months around today, newest first: the register is read for a past or the current month. */
function monthOptions(today: string) {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return Array.from({ length: 12 }, (_, i) => {
    const idx = y * 12 + (m - 1) - i;
    const year = Math.floor(idx / 12);
    const month = (idx % 12) + 1;
    const value = `${year}-${String(month).padStart(2, '0')}`;
    return { value, label: formatMonth(year, month) };
  });
}

/** «Журнал замен»: учёт пропущенных и замененных уроков за месяц (002 §5.4). */
export function RegisterScreen({ call, user }: { call: Call; user: SessionUser }) {
  const options = monthOptions(localIsoDate(new Date()));
  const [month, setMonth] = useState(options[0]!.value);
  const reg = useQuery({
    queryKey: ['timetable.register', month],
    queryFn: () => call('timetable.register', { month }),
  });
  return (
    <Stack>
      <TimetableTabs user={user} active="register" />
      <Title order={2}>Журнал замен и отменённых уроков</Title>
      <Group>
        <Select
          label="Месяц"
          data={options}
          value={month}
          onChange={(v) => v && setMonth(v)}
          allowDeselect={false}
          w={200}
        />
      </Group>
      {reg.isPending && <Loader aria-label="Загрузка" />}
      {reg.isError && (
        <Alert color="red" role="alert">
          {reg.error instanceof CallError ? reg.error.message : 'Не удалось загрузить журнал замен'}
        </Alert>
      )}
      {reg.data && reg.data.rows.length === 0 && (
        <Text>В этом месяце замен и отменённых уроков не было.</Text>
      )}
      {reg.data && reg.data.rows.length > 0 && (
        <>
          <Title order={4}>По учителям</Title>
          <Table withTableBorder aria-label="Итоги по учителям" maw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Учитель</Table.Th>
                <Table.Th>Провёл замен</Table.Th>
                <Table.Th>Его уроки провели другие</Table.Th>
                <Table.Th>Отменено его уроков</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reg.data.teachers.map((t) => (
                <Table.Tr key={t.teacherId}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>{t.gave}</Table.Td>
                  <Table.Td>{t.replaced}</Table.Td>
                  <Table.Td>{t.cancelled}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={4}>Уроки: {countOf(reg.data.rows.length, 'запись', 'записи', 'записей')}</Title>
          <Table striped withTableBorder aria-label="Замены и отмены">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Дата</Table.Th>
                <Table.Th>№</Table.Th>
                <Table.Th>Класс</Table.Th>
                <Table.Th>Предмет</Table.Th>
                <Table.Th>Учитель по расписанию</Table.Th>
                <Table.Th>Что произошло</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reg.data.rows.map((r) => (
                <Table.Tr key={r.lessonId}>
                  <Table.Td>{formatDate(r.date)}</Table.Td>
                  <Table.Td>{r.number}</Table.Td>
                  <Table.Td>{r.className}</Table.Td>
                  <Table.Td>
                    {r.subjectName}
                    {r.groupName ? ` (${r.groupName})` : ''}
                  </Table.Td>
                  <Table.Td>{r.regularTeacherName}</Table.Td>
                  <Table.Td>
                    {r.kind === 'cancelled'
                      ? `Отменён${r.reason ? `: ${r.reason}` : ''}`
                      : `Замена: ${r.substituteName}`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
