import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  addDays,
  formatDate,
  formatDayHeading,
  formatWeekdayLong,
  localIsoDate,
  mondayOf,
} from '../../shared/i18n/dates';
import { CallError, createClient, tokenStore } from '../api/client';
import { SessionGate } from '../auth/SessionGate';
import { FAMILY_POLL_MS, useLiveRefresh } from '../sync/useLiveRefresh';
import { DayLessons } from './DayLessons';
import { OwedWorks } from './OwedWorks';
import { WeekPdfButton } from './WeekPdfButton';
import { YearResults } from './YearResults';
import './diary.css';

const tokens = tokenStore('journal.family.token', 'device');
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
  useLiveRefresh(call, FAMILY_POLL_MS);
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
        <ChildChooser
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

/** Which child's diary: tabs on a computer, a select on a phone. */
function ChildChooser(props: {
  'aria-label': string;
  value: string;
  onChange(v: string): void;
  data: { value: string; label: string }[];
  w?: string;
}) {
  const narrow = useMediaQuery('(max-width: 700px)') ?? false;
  if (narrow) {
    return (
      <NativeSelect
        aria-label={props['aria-label']}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        data={props.data}
      />
    );
  }
  return <SegmentedControl {...props} />;
}

function Week({ studentId }: { studentId: number }) {
  const narrow = useMediaQuery('(max-width: 700px)') ?? false;
  const [weekOf, setWeekOf] = useState(() => mondayOf(localIsoDate(new Date())));
  const week = useQuery({
    queryKey: ['diary.week', studentId, weekOf],
    queryFn: () => call('diary.week', { studentId, weekOf }),
  });
  return (
    <Stack>
      <Group gap="xs">
        <Button
          variant="default"
          size={narrow ? 'xs' : 'sm'}
          aria-label="← Предыдущая неделя"
          onClick={() => setWeekOf(addDays(weekOf, -7))}
        >
          {narrow ? '←' : '← Предыдущая неделя'}
        </Button>
        <Button
          variant="default"
          size={narrow ? 'xs' : 'sm'}
          onClick={() => setWeekOf(mondayOf(localIsoDate(new Date())))}
        >
          Текущая неделя
        </Button>
        <Button
          variant="default"
          size={narrow ? 'xs' : 'sm'}
          aria-label="Следующая неделя →"
          onClick={() => setWeekOf(addDays(weekOf, 7))}
        >
          {narrow ? '→' : 'Следующая неделя →'}
        </Button>
        <Text fw={500}>
          {formatDate(weekOf)} – {formatDate(addDays(weekOf, 5))}
        </Text>
        <WeekPdfButton call={call} studentId={studentId} weekOf={weekOf} size={narrow ? 'xs' : 'sm'} />
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
              <DayLessons lessons={day.lessons} holiday={day.holiday} narrow={narrow} />
            </Card>
          ))}
          <OwedWorks owed={week.data.owed} />
          <YearResults results={week.data.results} />
        </>
      )}
    </Stack>
  );
}
