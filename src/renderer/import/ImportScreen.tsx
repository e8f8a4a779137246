import { Alert, Button, Card, FileInput, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate, parseRuDate } from '../../shared/i18n/dates';
import {
  countsText,
  type ImportKind,
  type ImportResult,
  MAX_FILE_BYTES,
  MAX_FILE_TEXT,
  type Preview,
} from '../../shared/import/contract';
import { type Call, CallError, errorText } from '../api/client';
import { CommitBar, PreviewRows } from '../common/FilePreview';
import { download, readBase64, XLSX_TYPE } from '../common/files';

const KINDS: { value: ImportKind; label: string }[] = [
  { value: 'students', label: 'Ученики и родители' },
  { value: 'staff', label: 'Сотрудники' },
];

interface Picked {
  fileName: string;
  content: string;
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
    onSuccess: (t) => download({ fileName: t.fileName, base64: t.content }, XLSX_TYPE),
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
              {errorText(template.error, 'Не удалось получить шаблон')}
            </Text>
          )}
          {(fileError || preview.isError) && (
            <Alert color="red" role="alert" title="Файл не принят">
              {fileError ?? errorText(preview.error, 'Не удалось прочитать файл')}
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
            <PreviewRows
              key={shown.hash}
              rows={shown.rows}
              counts={shown.counts}
              nameTitle="ФИО"
              groupTitle={shown.kind === 'students' ? 'Класс' : 'Роли'}
            />
            <CommitBar
              counts={shown.counts}
              skipErrors={skipErrors}
              onSkipErrors={setSkipErrors}
              error={commit.error}
              failed="Импорт не выполнен, ничего не сохранено"
              button="Импортировать"
              nothing="Загружать нечего: в журнале уже всё как в файле."
              pending={commit.isPending}
              onCommit={() => commit.mutate({ picked, shown })}
            />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
