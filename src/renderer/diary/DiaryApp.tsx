import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ABSENCE_LABELS, ABSENCE_TITLES } from '../../shared/domain/attendance';
import { MARK_LABELS, type MarkValue } from '../../shared/domain/marks';
import {
  addDays,
  formatDate,
  formatDayHeading,
  formatWeekdayLong,
  localIsoDate,
  mondayOf,
} from '../../shared/i18n/dates';
import { CallError, createClient, tokenStore } from '../api/client';
import { SessionGate } from '../common/SessionGate';
import { useLiveRefresh } from '../common/useLiveRefresh';
import './diary.css';

const tokens = tokenStore('journal.family.token');
const MARK_COLORS: Record<MarkValue, string> = {
  '5': 'green',
  '4': 'green',
  '3': 'yellow',
  '2': 'red',
  '1': 'red',
  зач: 'teal',
  незач: 'red',
};
const call = createClient(tokens);

/** The published diary (электронный дневник): a parent's or student's week, own children only. */
export function DiaryApp() {
  return (
    <SessionGate call={call} tokens={tokens} title="Электронный дневник">
      {(user, logout) => (
        <Stack p="md" maw={1100} mx="auto">
          <Group justify="space-between">
            <Title order={2}>Электронный дневник</Title>
            <Group>
              <Text size="sm">{user.name}</Text>
              <Button size="xs" variant="default" onClick={() => void logout()}>
                Выйти
              </Button>
            </Group>
          </Group>
          <Children />
        </Stack>
      )}
    </SessionGate>
  );
}

function Children() {
  useLiveRefresh(call);
  const children = useQuery({ queryKey: ['diary.children'], queryFn: () => call('diary.children', {}) });
  const [chosen, setChosen] = useState<number | null>(null);
  if (children.isPending) return <Loader aria-label="Загрузка" />;
  if (children.isError)
    return (
      <Alert color="red" role="alert">
        {(children.error as Error).message}
      </Alert>
    );
  if (children.data.length === 0)
    return (
      <Text>К вашей учётной записи не привязан ни один ученик. Обратитесь к классному руководителю.</Text>
    );
  const studentId = chosen ?? children.data[0]!.studentId;
  return (
    <Stack>
      {children.data.length > 1 && (
        <SegmentedControl
          aria-label="Ребёнок"
          value={String(studentId)}
          onChange={(v) => setChosen(Number(v))}
          data={children.data.map((c) => ({
            value: String(c.studentId),
            label: `${c.name}, ${c.className}`,
          }))}
          w="fit-content"
        />
      )}
      <Week studentId={studentId} />
    </Stack>
  );
}

function Week({ studentId }: { studentId: number }) {
  const [weekOf, setWeekOf] = useState(() => mondayOf(localIsoDate(new Date())));
  const week = useQuery({
    queryKey: ['diary.week', studentId, weekOf],
    queryFn: () => call('diary.week', { studentId, weekOf }),
  });
  return (
    <Stack>
      <Group>
        <Button variant="default" onClick={() => setWeekOf(addDays(weekOf, -7))}>
          ← Предыдущая неделя
        </Button>
        <Button variant="default" onClick={() => setWeekOf(mondayOf(localIsoDate(new Date())))}>
          Текущая неделя
        </Button>
        <Button variant="default" onClick={() => setWeekOf(addDays(weekOf, 7))}>
          Следующая неделя →
        </Button>
        <Text fw={500}>
          {formatDate(weekOf)} – {formatDate(addDays(weekOf, 5))}
        </Text>
      </Group>
      {week.isPending && <Loader aria-label="Загрузка недели" />}
      {week.isError && (
        <Alert color="red" role="alert">
          {week.error instanceof CallError ? week.error.message : 'Не удалось загрузить дневник'}
        </Alert>
      )}
      {week.data && (
        <>
          <Title order={3}>
            {week.data.student.name}, {week.data.student.className} класс
          </Title>
          {week.data.days.map((day) => (
            <Card
              key={day.date}
              withBorder
              padding="sm"
              component="section"
              aria-label={formatWeekdayLong(day.date)}
            >
              <Title order={4} mb="xs">
                {formatDayHeading(day.date)}
              </Title>
              {day.lessons.length === 0 ? (
                <Text c="dimmed" size="sm">
                  Уроков нет
                </Text>
              ) : (
                <Table className="diary-day" layout="fixed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={90}>№</Table.Th>
                      <Table.Th w={190}>Предмет</Table.Th>
                      <Table.Th>Тема урока</Table.Th>
                      <Table.Th>Домашнее задание</Table.Th>
                      <Table.Th w={150}>Отметки</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {day.lessons.map((l) => (
                      <Table.Tr key={`${l.number}-${l.subject}`}>
                        <Table.Td>
                          {l.number}
                          {l.time && (
                            <Text size="xs" c="dimmed">
                              {l.time}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{l.subject}</Table.Td>
                        <Table.Td>{l.topic}</Table.Td>
                        <Table.Td>{l.homework}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {l.absence && (
                              <Badge
                                color="red"
                                variant="light"
                                title={ABSENCE_TITLES[l.absence]}
                                aria-label={`Пропуск: ${ABSENCE_LABELS[l.absence]}, ${ABSENCE_TITLES[l.absence]}`}
                              >
                                {ABSENCE_LABELS[l.absence]}
                              </Badge>
                            )}
                            {l.marks.map((m, i) => (
                              <Badge
                                // biome-ignore lint/suspicious/noArrayIndexKey: a lesson's marks come in slot order and have no id of their own
                                key={i}
                                className="diary-mark"
                                color={MARK_COLORS[m.value]}
                                variant="light"
                                title={`${m.workType}, вес ${m.weight}`}
                                aria-label={`Отметка ${MARK_LABELS[m.value]}: ${m.workType}`}
                              >
                                {MARK_LABELS[m.value]}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          ))}
        </>
      )}
    </Stack>
  );
}
