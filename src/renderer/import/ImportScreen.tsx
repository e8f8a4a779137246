import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate, parseRuDate } from '../../shared/i18n/dates';
import {
  countsText,
  FATE_LABELS,
  type Fate,
  type ImportKind,
  type ImportResult,
  MAX_FILE_BYTES,
  MAX_FILE_TEXT,
  type Preview,
} from '../../shared/import/contract';
import { type Call, CallError } from '../api/client';

const FATE_COLORS: Record<Fate, string> = { new: 'green', updated: 'blue', unchanged: 'gray', error: 'red' };
const KINDS: { value: ImportKind; label: string }[] = [
  { value: 'students', label: 'Ученики и родители' },
  { value: 'staff', label: 'Сотрудники' },
];

const message = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);

interface Picked {
  fileName: string;
  content: string;
}

/** The file's bytes as base64 (the contract carries files that way). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Не удалось прочитать файл'));
    reader.readAsDataURL(file);
  });
}

function download(fileName: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(
    new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The administrator's import (issue 8): which list, the template, the file, the preview of every row
 * with its fate, and the confirmation. Nothing is written before «Импортировать»; the server checks
 * that what it would write is still what the preview showed.
 */
export function ImportScreen({ call }: { call: Call }) {
  const [kind, setKind] = useState<ImportKind>('students');
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [skipErrors, setSkipErrors] = useState(false);
  /** Students only: the day new students are enrolled from; none = today (the server's rule). */
  const [enrolledOn, setEnrolledOn] = useState<string | null>(null);
  const dateOf = (k: ImportKind, on = enrolledOn) => (k === 'students' && on ? { enrolledOn: on } : {});
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const template = useMutation({
    mutationFn: () => call('import.template', { kind }),
    onSuccess: (t) => download(t.fileName, t.content),
  });
  const preview = useMutation({
    mutationFn: (p: Picked & { kind: ImportKind; enrolledOn?: string }) => call('import.preview', p),
  });
  const commit = useMutation({
    mutationFn: (p: { picked: Picked; shown: Preview }) =>
      call('import.commit', {
        kind: p.shown.kind,
        ...p.picked,
        ...(p.shown.enrolledOn ? { enrolledOn: p.shown.enrolledOn } : {}),
        previewHash: p.shown.hash,
        skipErrors,
      }),
    onSuccess: (r) => {
      setResult(r);
      preview.reset();
    },
    onError: (e) => {
      // The journal changed since the preview: show the new one rather than leave a stale table.
      if (e instanceof CallError && e.code === 'CONFLICT' && picked)
        preview.mutate({ ...picked, kind, ...dateOf(kind) });
    },
  });

  const reset = () => {
    setResult(null);
    setFileError(null);
    preview.reset();
    commit.reset();
  };

  const choose = async (f: File | null, k = kind, on = enrolledOn) => {
    reset();
    setFile(f);
    setPicked(null);
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) {
      setFileError(
        `Файл больше ${MAX_FILE_TEXT}: разделите список на части (например, по параллелям) и загрузите их по очереди`,
      );
      return;
    }
    const p = { fileName: f.name, content: await readBase64(f) };
    setPicked(p);
    preview.mutate({ ...p, kind: k, ...dateOf(k, on) });
  };

  const shown = preview.data;
  const toWrite = shown ? shown.counts.new + shown.counts.updated : 0;
  const blocked = !!shown && shown.counts.error > 0 && !skipErrors;

  return (
    <Stack maw={1200}>
      <Title order={2}>Импорт</Title>
      <Card withBorder>
        <Stack>
          <SegmentedControl
            aria-label="Что загружается"
            data={KINDS}
            value={kind}
            onChange={(v) => {
              setKind(v as ImportKind);
              void choose(file, v as ImportKind);
            }}
            w="fit-content"
          />
          <Text size="sm" c="dimmed">
            {kind === 'students'
              ? 'Список учеников с классами текущего учебного года и их родителями (законными представителями). Классы должны уже существовать.'
              : 'Список сотрудников с ролями. Учётные записи создаются без пароля: пароль выдаётся на листке с доступом.'}{' '}
            Файл .xlsx или .csv, не больше {MAX_FILE_TEXT}.
          </Text>
          <Group align="flex-end">
            <Button variant="default" onClick={() => template.mutate()} loading={template.isPending}>
              Скачать шаблон
            </Button>
            <FileInput
              label="Файл списка"
              placeholder="Выберите .xlsx или .csv"
              accept=".xlsx,.csv"
              value={file}
              onChange={(f) => void choose(f)}
              clearable
              w={360}
            />
            {kind === 'students' && (
              <DateInput
                label="Зачислить новых учеников с"
                description="Пусто — с сегодняшнего дня"
                value={enrolledOn}
                onChange={(v) => {
                  setEnrolledOn(v);
                  void choose(file, kind, v);
                }}
                valueFormat="DD.MM.YYYY"
                placeholder="ДД.ММ.ГГГГ"
                dateParser={(text) => parseRuDate(text)}
                clearable
                w={260}
              />
            )}
          </Group>
          {template.isError && (
            <Text c="red" role="alert">
              {message(template.error, 'Не удалось получить шаблон')}
            </Text>
          )}
          {(fileError || preview.isError) && (
            <Alert color="red" role="alert" title="Файл не принят">
              {fileError ?? message(preview.error, 'Не удалось прочитать файл')}
            </Alert>
          )}
          {preview.isPending && <Text size="sm">Файл читается…</Text>}
        </Stack>
      </Card>

      {result && (
        <Alert color="green" title="Импорт выполнен" role="status">
          {countsText(result.counts)}. {result.skipped > 0 ? 'Строки с ошибками пропущены.' : ''}
        </Alert>
      )}

      {shown && picked && (
        <Card withBorder aria-label="Предпросмотр">
          <Stack>
            <Group justify="space-between">
              <Title order={4}>
                Предпросмотр: {picked.fileName}
                {shown.year ? `, ${shown.year} учебный год` : ''}
              </Title>
            </Group>
            <Text size="sm">
              {countsText(shown.counts)}.
              {shown.enrolledOn ? ` Новые ученики зачисляются с ${formatDate(shown.enrolledOn)}.` : ''}
            </Text>
            <PreviewTable key={shown.hash} preview={shown} />
            {shown.counts.error > 0 && (
              <Checkbox
                label="Пропустить строки с ошибками"
                description="Без этой отметки файл с ошибками не загружается совсем"
                checked={skipErrors}
                onChange={(e) => setSkipErrors(e.currentTarget.checked)}
              />
            )}
            {commit.isError && (
              <Alert color="red" role="alert">
                {message(commit.error, 'Импорт не выполнен, ничего не сохранено')}
              </Alert>
            )}
            <Group>
              <Button
                onClick={() => commit.mutate({ picked, shown })}
                loading={commit.isPending}
                disabled={blocked || toWrite === 0}
              >
                Импортировать
              </Button>
              <Text size="sm" c="dimmed">
                {toWrite === 0
                  ? 'Загружать нечего: в журнале уже всё как в файле.'
                  : blocked
                    ? 'Исправьте строки с ошибками в файле или отметьте «Пропустить строки с ошибками».'
                    : 'До нажатия ничего не записывается.'}
              </Text>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

const FILTERS: { value: Fate | 'all'; label: string }[] = [
  { value: 'all', label: 'Все' },
  { value: 'error', label: 'С ошибками' },
  { value: 'new', label: 'Новые' },
  { value: 'updated', label: 'Обновлённые' },
  { value: 'unchanged', label: 'Без изменений' },
];

/** Every row of the file; a long list can be narrowed to one fate (the errors, usually). */
function PreviewTable({ preview }: { preview: Preview }) {
  const [filter, setFilter] = useState<Fate | 'all'>(preview.counts.error > 0 ? 'error' : 'all');
  const rows = filter === 'all' ? preview.rows : preview.rows.filter((r) => r.fate === filter);
  const count = (f: Fate | 'all') => (f === 'all' ? preview.rows.length : preview.counts[f]);
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
      <Table.ScrollContainer minWidth={800} maxHeight={520}>
        <Table striped stickyHeader aria-label="Строки файла">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Строка</Table.Th>
              <Table.Th>ФИО</Table.Th>
              <Table.Th>{preview.kind === 'students' ? 'Класс' : 'Роли'}</Table.Th>
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
