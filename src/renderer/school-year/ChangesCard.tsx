import { Alert, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { formatDate } from '../../shared/i18n/dates';
import { type PanelProps, useCalendarSave, WEEKDAY_NAMES } from './common';

/** The transferred days (переносы): a weekday off, or a weekend day worked by another day's timetable. */
export function ChangesCard({ cal, call, writable, onSaved }: PanelProps) {
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'day_off' | 'school_day'>('school_day');
  const [follows, setFollows] = useState<string | null>('1');
  const [reason, setReason] = useState('');
  const { save, error } = useCalendarSave(call, 'year.saveChange', onSaved);
  const remove = useCalendarSave(call, 'year.deleteChange', onSaved);
  return (
    <Stack>
      <Text size="sm">
        Перенос: будний день становится выходным, или суббота (воскресенье) — рабочим днём по расписанию
        другого дня недели.
      </Text>
      <Table withTableBorder striped maw={900}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Дата</Table.Th>
            <Table.Th>Что</Table.Th>
            <Table.Th>Основание</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cal.changes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>Переносов нет</Table.Td>
            </Table.Tr>
          )}
          {cal.changes.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{formatDate(c.date)}</Table.Td>
              <Table.Td>
                {c.kind === 'school_day'
                  ? `рабочий день по расписанию ${WEEKDAY_NAMES[c.followsWeekday ?? 0]}`
                  : 'выходной день'}
              </Table.Td>
              <Table.Td>{c.reason}</Table.Td>
              <Table.Td>
                {writable && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => remove.save.mutate({ changeId: c.id })}
                  >
                    Удалить
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {writable && (
        <Group align="flex-end">
          <TextInput type="date" label="Дата" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          <Select
            label="Становится"
            w={200}
            allowDeselect={false}
            data={[
              { value: 'school_day', label: 'рабочим днём' },
              { value: 'day_off', label: 'выходным днём' },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v as typeof kind)}
          />
          {kind === 'school_day' && (
            <Select
              label="По расписанию"
              w={180}
              allowDeselect={false}
              data={[1, 2, 3, 4, 5, 6].map((d) => ({ value: String(d), label: WEEKDAY_NAMES[d]! }))}
              value={follows}
              onChange={setFollows}
            />
          )}
          <TextInput
            label="Основание"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            w={260}
          />
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                yearId: cal.year.id,
                date,
                kind,
                followsWeekday: kind === 'school_day' ? Number(follows) : null,
                reason,
              })
            }
          >
            Добавить перенос
          </Button>
        </Group>
      )}
      {(error || remove.error) && (
        <Alert color="red" role="alert">
          {error ?? remove.error}
        </Alert>
      )}
    </Stack>
  );
}
