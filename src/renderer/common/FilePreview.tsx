import { Alert, Badge, Button, Checkbox, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { type Counts, FATE_LABELS, type Fate, type PreviewRow } from '../../shared/import/contract';
import { errorText } from '../api/client';

/**
 * The preview of a file before anything is written (the staff and students' lists, a КТП): every row
 * with its fate, and the bar that writes it. One component, so every import reads and confirms alike.
 */

const FATE_COLORS: Record<Fate, string> = { new: 'green', updated: 'blue', unchanged: 'gray', error: 'red' };

const FILTERS: { value: Fate | 'all'; label: string }[] = [
  { value: 'all', label: 'Все' },
  { value: 'error', label: 'С ошибками' },
  { value: 'new', label: 'Новые' },
  { value: 'updated', label: 'Обновлённые' },
  { value: 'unchanged', label: 'Без изменений' },
];

/** Every row of the file; a long list can be narrowed to one fate (the errors, usually). */
export function PreviewRows({
  rows: all,
  counts,
  nameTitle,
  groupTitle,
  groupWidth,
}: {
  rows: PreviewRow[];
  counts: Counts;
  /** The headers of the row's two columns: «ФИО» and «Класс», «Тема урока» and «Часов»… */
  nameTitle: string;
  groupTitle: string;
  groupWidth?: number;
}) {
  const [filter, setFilter] = useState<Fate | 'all'>(counts.error > 0 ? 'error' : 'all');
  const rows = filter === 'all' ? all : all.filter((r) => r.fate === filter);
  const count = (f: Fate | 'all') => (f === 'all' ? all.length : counts[f]);
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label="Какие строки показать"
        size="xs"
        w="fit-content"
        value={filter}
        onChange={(v) => setFilter(v as Fate | 'all')}
        data={FILTERS.map((f) => ({
          value: f.value,
          label: `${f.label}: ${count(f.value)}`,
          disabled: count(f.value) === 0,
        }))}
      />
      <Table.ScrollContainer minWidth={700} maxHeight={520}>
        <Table striped stickyHeader aria-label="Строки файла">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Строка</Table.Th>
              <Table.Th>{nameTitle}</Table.Th>
              <Table.Th w={groupWidth}>{groupTitle}</Table.Th>
              <Table.Th w={150}>Итог</Table.Th>
              <Table.Th>Подробности</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td>{r.row}</Table.Td>
                <Table.Td>{r.name || '—'}</Table.Td>
                <Table.Td>{r.group || '—'}</Table.Td>
                <Table.Td>
                  <Badge color={FATE_COLORS[r.fate]} variant="light" tt="none" size="md">
                    {FATE_LABELS[r.fate]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {r.details.map((d) => (
                    <Text key={d} size="sm" c={r.fate === 'error' ? 'red' : undefined}>
                      {d}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/**
 * Skipping rows with errors (only when there are some), the refusal of the last attempt, and the
 * button: disabled while nothing would change or while errors are not to be skipped.
 */
export function CommitBar(props: {
  counts: Counts;
  /** Entries the file takes away (topics no longer in a КТП): a change to write too. */
  removed?: number;
  skipErrors: boolean;
  onSkipErrors(skip: boolean): void;
  error: unknown;
  /** What the refusal says when the service gave no message of its own. */
  failed: string;
  button: string;
  /** Said beside the button when the file changes nothing. */
  nothing: string;
  pending: boolean;
  onCommit(): void;
}) {
  const { counts } = props;
  const toWrite = counts.new + counts.updated + (props.removed ?? 0);
  const blocked = counts.error > 0 && !props.skipErrors;
  return (
    <>
      {counts.error > 0 && (
        <Checkbox
          label="Пропустить строки с ошибками"
          description="Без этой отметки файл с ошибками не загружается совсем"
          checked={props.skipErrors}
          onChange={(e) => props.onSkipErrors(e.currentTarget.checked)}
        />
      )}
      {props.error !== null && props.error !== undefined && (
        <Alert color="red" role="alert">
          {errorText(props.error, props.failed)}
        </Alert>
      )}
      <Group>
        <Button onClick={props.onCommit} loading={props.pending} disabled={blocked || toWrite === 0}>
          {props.button}
        </Button>
        <Text size="sm" c="dimmed">
          {toWrite === 0
            ? props.nothing
            : blocked
              ? 'Исправьте строки с ошибками в файле или отметьте «Пропустить строки с ошибками».'
              : 'До нажатия ничего не записывается.'}
        </Text>
      </Group>
    </>
  );
}
