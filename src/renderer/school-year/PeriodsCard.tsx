import { Alert, Button, Group, Modal, SegmentedControl, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDate } from '../../shared/i18n/dates';
import { PERIODS_OF_KIND, type PeriodKind, type YearCalendar } from '../../shared/school-year/contract';
import type { Call } from '../api/client';
import { band, type PanelProps, useCalendarSave } from './common';

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The periods (quarters, trimesters, half-years) of each band of grades, and a form to change them. */
export function PeriodsCard({ cal, call, writable, onSaved }: PanelProps) {
  const bands = [...new Map(cal.periods.map((p) => [`${p.gradeFrom}-${p.gradeTo}`, p])).values()];
  const [editing, setEditing] = useState<{ gradeFrom: number; gradeTo: number; kind: PeriodKind } | null>(
    null,
  );
  return (
    <Stack>
      {bands.map((b) => {
        const ps = cal.periods.filter((p) => p.gradeFrom === b.gradeFrom && p.gradeTo === b.gradeTo);
        return (
          <Stack key={`${b.gradeFrom}-${b.gradeTo}`} gap="xs">
            <Group>
              <Title order={4}>
                {band(b.gradeFrom, b.gradeTo)} классы: {PERIODS_OF_KIND[b.kind].plural}
              </Title>
              {writable && (
                <Button size="xs" variant="light" onClick={() => setEditing(b)}>
                  Изменить
                </Button>
              )}
            </Group>
            <Table withTableBorder maw={600}>
              <Table.Tbody>
                {ps.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>
                      {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
                    </Table.Td>
                    <Table.Td>{p.closed ? 'закрыт' : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        );
      })}
      {editing && (
        <PeriodsForm
          cal={cal}
          call={call}
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={onSaved}
        />
      )}
    </Stack>
  );
}

function PeriodsForm({
  cal,
  call,
  initial,
  onClose,
  onSaved,
}: {
  cal: YearCalendar;
  call: Call;
  initial: { gradeFrom: number; gradeTo: number; kind: PeriodKind };
  onClose(): void;
  onSaved(c: YearCalendar): void;
}) {
  const current = cal.periods.filter(
    (p) => p.gradeFrom === initial.gradeFrom && p.gradeTo === initial.gradeTo,
  );
  const [kind, setKind] = useState<PeriodKind>(initial.kind);
  const [dates, setDates] = useState(current.map((p) => ({ startsOn: p.startsOn, endsOn: p.endsOn })));
  const count = PERIODS_OF_KIND[kind].count;
  const shown = Array.from({ length: count }, (_, i) => dates[i] ?? { startsOn: '', endsOn: '' });
  const { save, error } = useCalendarSave(call, 'year.setPeriods', (c) => {
    onSaved(c);
    onClose();
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Периоды ${band(initial.gradeFrom, initial.gradeTo)} классов`}
      size="lg"
    >
      <Stack>
        <SegmentedControl
          data={(['quarter', 'trimester', 'half_year'] as const).map((k) => ({
            value: k,
            label: PERIODS_OF_KIND[k].plural,
          }))}
          value={kind}
          onChange={(v) => setKind(v as PeriodKind)}
        />
        {shown.map((d, i) => (
          <Group key={ROMAN[i]} grow>
            <TextInput
              type="date"
              label={`${ROMAN[i]} ${PERIODS_OF_KIND[kind].noun}: начало`}
              value={d.startsOn}
              onChange={(e) => {
                const next = [...shown];
                next[i] = { ...d, startsOn: e.currentTarget.value };
                setDates(next);
              }}
            />
            <TextInput
              type="date"
              label="конец"
              value={d.endsOn}
              onChange={(e) => {
                const next = [...shown];
                next[i] = { ...d, endsOn: e.currentTarget.value };
                setDates(next);
              }}
            />
          </Group>
        ))}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                yearId: cal.year.id,
                kind,
                gradeFrom: initial.gradeFrom,
                gradeTo: initial.gradeTo,
                periods: shown,
              })
            }
          >
            Сохранить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
