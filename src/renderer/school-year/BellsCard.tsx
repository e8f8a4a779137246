import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDate } from '../../shared/i18n/dates';
import type { YearCalendar } from '../../shared/school-year/contract';
import type { Call } from '../api/client';
import { type PanelProps, useCalendarSave } from './common';

/** The bell schedules of the year, one editable table each. */
export function BellsCard({ cal, call, writable, onSaved }: PanelProps) {
  return (
    <Group align="flex-start">
      {cal.bellSchedules.map((s) => (
        <BellTable
          key={`${s.id}-${JSON.stringify(s.bells)}`}
          schedule={s}
          call={call}
          writable={writable}
          onSaved={onSaved}
        />
      ))}
    </Group>
  );
}

function BellTable({
  schedule,
  call,
  writable,
  onSaved,
}: {
  schedule: YearCalendar['bellSchedules'][number];
  call: Call;
  writable: boolean;
  onSaved(c: YearCalendar): void;
}) {
  const [bells, setBells] = useState(schedule.bells);
  const { save, error } = useCalendarSave(call, 'year.saveBells', onSaved);
  const set = (i: number, field: 'startsAt' | 'endsAt', value: string) =>
    setBells(bells.map((b, k) => (k === i ? { ...b, [field]: value } : b)));
  return (
    <Stack gap="xs" w={280}>
      <Title order={5}>{schedule.name}</Title>
      <Text size="xs" c="dimmed">
        {formatDate(schedule.validFrom)} – {formatDate(schedule.validTo)}
      </Text>
      <Table withTableBorder>
        <Table.Tbody>
          {bells.map((b, i) => (
            <Table.Tr key={b.number}>
              <Table.Td>{b.number}</Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Урок ${b.number}: начало`}
                  disabled={!writable}
                  value={b.startsAt}
                  onChange={(e) => set(i, 'startsAt', e.currentTarget.value)}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Урок ${b.number}: конец`}
                  disabled={!writable}
                  value={b.endsAt}
                  onChange={(e) => set(i, 'endsAt', e.currentTarget.value)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {writable && (
        <Button
          size="xs"
          variant="subtle"
          onClick={() =>
            setBells([...bells, { number: (bells.at(-1)?.number ?? 0) + 1, startsAt: '', endsAt: '' }])
          }
        >
          Добавить урок
        </Button>
      )}
      {writable && (
        <Button
          size="xs"
          variant="light"
          loading={save.isPending}
          onClick={() => save.mutate({ scheduleId: schedule.id, bells })}
        >
          Сохранить звонки
        </Button>
      )}
    </Stack>
  );
}
