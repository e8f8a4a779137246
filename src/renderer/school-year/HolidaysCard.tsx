import { Alert, Button, Group, Modal, NumberInput, Stack, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { formatDate } from '../../shared/i18n/dates';
import { band, type PanelProps, useCalendarSave } from './common';

interface HolidayForm {
  holidayId: number | null;
  name: string;
  gradeFrom: number;
  gradeTo: number;
  startsOn: string;
  endsOn: string;
}

/** The holidays and public holidays of the year, by grades, with a form to add or change one. */
export function HolidaysCard({ cal, call, writable, onSaved }: PanelProps) {
  const [form, setForm] = useState<HolidayForm | null>(null);
  const { save, error, setError } = useCalendarSave(call, 'year.saveHoliday', (c) => {
    onSaved(c);
    setForm(null);
  });
  const remove = useCalendarSave(call, 'year.deleteHoliday', onSaved);
  return (
    <Stack>
      {writable && (
        <Group>
          <Button
            size="xs"
            onClick={() => {
              setError(null);
              setForm({ holidayId: null, name: '', gradeFrom: 1, gradeTo: 11, startsOn: '', endsOn: '' });
            }}
          >
            Добавить каникулы или праздник
          </Button>
        </Group>
      )}
      <Table withTableBorder striped maw={900}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Название</Table.Th>
            <Table.Th>Классы</Table.Th>
            <Table.Th>Даты</Table.Th>
            <Table.Th>Дней</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cal.holidays.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td>{h.name}</Table.Td>
              <Table.Td>{band(h.gradeFrom, h.gradeTo)}</Table.Td>
              <Table.Td>
                {h.startsOn === h.endsOn
                  ? formatDate(h.startsOn)
                  : `${formatDate(h.startsOn)} – ${formatDate(h.endsOn)}`}
              </Table.Td>
              <Table.Td>{(Date.parse(h.endsOn) - Date.parse(h.startsOn)) / 86_400_000 + 1}</Table.Td>
              <Table.Td>
                {writable && (
                  <Group gap="xs" justify="flex-end">
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-label={`Изменить: ${h.name} ${formatDate(h.startsOn)}`}
                      onClick={() => {
                        setError(null);
                        setForm({
                          holidayId: h.id,
                          name: h.name,
                          gradeFrom: h.gradeFrom,
                          gradeTo: h.gradeTo,
                          startsOn: h.startsOn,
                          endsOn: h.endsOn,
                        });
                      }}
                    >
                      Изменить
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.save.mutate({ holidayId: h.id })}
                    >
                      Удалить
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {form && (
        <Modal
          opened
          onClose={() => setForm(null)}
          title={form.holidayId ? 'Изменить каникулы' : 'Новые каникулы'}
        >
          <Stack>
            <TextInput
              label="Название"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <Group grow>
              <NumberInput
                label="Классы с"
                min={1}
                max={11}
                value={form.gradeFrom}
                onChange={(v) => setForm({ ...form, gradeFrom: Number(v) })}
              />
              <NumberInput
                label="Классы по"
                min={1}
                max={11}
                value={form.gradeTo}
                onChange={(v) => setForm({ ...form, gradeTo: Number(v) })}
              />
            </Group>
            <Group grow>
              <TextInput
                type="date"
                label="Начало"
                value={form.startsOn}
                onChange={(e) => setForm({ ...form, startsOn: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label="Конец"
                value={form.endsOn}
                onChange={(e) => setForm({ ...form, endsOn: e.currentTarget.value })}
              />
            </Group>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setForm(null)}>
                Отмена
              </Button>
              <Button loading={save.isPending} onClick={() => save.mutate({ ...form, yearId: cal.year.id })}>
                Сохранить
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
