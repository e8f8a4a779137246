import {
  Alert,
  Button,
  Card,
  Group,
  Progress,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { countOf } from '../../shared/i18n/plural';
import type { PrintedFile } from '../../shared/print/contract';
import type { Call } from '../api/client';
import { download, PDF_TYPE } from '../common/files';
import { Loading, message, useSelectedYear, YearPicker } from '../school-year/common';
import {
  type FolderHandle,
  folderPicker,
  MANIFEST_NAME,
  manifestText,
  pdfBlob,
  writeToFolder,
} from './files';
import { classesOf, periodNames, periodOfClass, type Scope } from './scope';

const WHOLE_YEAR = 'year';

interface Run {
  total: number;
  running: boolean;
  files: PrintedFile[];
  /** Classes left out (no period of that name for their grade), with the reason. */
  skipped: string[];
  error: string | null;
  cancelled: boolean;
  folder: string | null;
  /** The class whose book is being made now. */
  current: string | null;
}

/** A run before its first class (fresh lists each time: a run pushes into them). */
const emptyRun = (): Run => ({
  total: 0,
  running: false,
  files: [],
  skipped: [],
  error: null,
  cancelled: false,
  folder: null,
  current: null,
});

/**
 * «Печать журнала» (004 §6.6–6.7): the deputy prints the bound class journals of a year or of one
 * period, for a class, a parallel or the whole school. Books are made one class at a time (each is a
 * separate call, so the progress is real and «Отменить» stops after the class being printed).
 */
export function PrintBookScreen({ call }: { call: Call }) {
  const { years, list, year, choose } = useSelectedYear(call);
  const yearId = year?.id;
  const targets = useQuery({
    queryKey: ['print.bookTargets', yearId],
    queryFn: () => call('print.bookTargets', { yearId: yearId as number }),
    enabled: yearId !== undefined,
  });
  const [periodName, setPeriodName] = useState<string>(WHOLE_YEAR);
  const [scopeKind, setScopeKind] = useState<Scope['kind']>('class');
  const [classId, setClassId] = useState<string | null>(null);
  const [grade, setGrade] = useState<string | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const cancel = useRef(false);
  const [stopping, setStopping] = useState(false);

  if (!years.data || !targets.data)
    return <Loading error={years.error ?? targets.error} what="классы года" />;
  const { classes, periods } = targets.data;
  const grades = [...new Set(classes.map((c) => c.grade))].sort((a, b) => a - b);
  const scope: Scope | null =
    scopeKind === 'school'
      ? { kind: 'school' }
      : scopeKind === 'parallel'
        ? grade === null
          ? null
          : { kind: 'parallel', grade: Number(grade) }
        : classId === null
          ? null
          : { kind: 'class', classId: Number(classId) };
  const chosen = scope ? classesOf(classes, scope) : [];

  async function print() {
    if (!yearId || chosen.length === 0) return;
    // The folder is asked for first, while the click still counts as the user's gesture.
    const picker = folderPicker();
    let folder: FolderHandle | null = null;
    if (picker) {
      try {
        folder = await picker({ mode: 'readwrite', id: 'journal-books' });
      } catch (e) {
        // The deputy closed the picker: nothing to print into, nothing to say.
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setRun({ ...emptyRun(), error: `Папка для журналов недоступна: ${message(e, 'нет доступа')}` });
        return;
      }
    }
    cancel.current = false;
    setStopping(false);
    const state: Run = { ...emptyRun(), total: chosen.length, running: true, folder: folder?.name ?? null };
    setRun({ ...state });
    for (const cls of chosen) {
      if (cancel.current) {
        state.cancelled = true;
        break;
      }
      let periodId: number | undefined;
      if (periodName !== WHOLE_YEAR) {
        const period = periodOfClass(periods, periodName, cls.grade);
        if (!period) {
          state.skipped.push(`${cls.name}: нет периода «${periodName}» для ${cls.grade} класса`);
          setRun({ ...state });
          continue;
        }
        periodId = period.id;
      }
      state.current = cls.name;
      setRun({ ...state });
      try {
        const file = await call('print.book', { classId: cls.id, yearId, ...(periodId ? { periodId } : {}) });
        if (folder) await writeToFolder(folder, file.fileName, pdfBlob(file.base64));
        else download(file, PDF_TYPE);
        state.files.push(file);
      } catch (e) {
        state.error = `${cls.name}: ${message(e, 'не удалось напечатать журнал')}`;
        break;
      }
      setRun({ ...state });
    }
    if (folder && state.files.length > 0) {
      try {
        await writeToFolder(folder, MANIFEST_NAME, manifestText(state.files));
      } catch (e) {
        state.error = `Не удалось записать ${MANIFEST_NAME}: ${message(e, 'папка недоступна')}`;
      }
    }
    state.running = false;
    state.current = null;
    setStopping(false);
    setRun({ ...state });
  }

  // Classes dealt with: printed, or left out for want of the period.
  const done = run ? run.files.length + run.skipped.length : 0;
  const percent = run && run.total > 0 ? Math.round((done / run.total) * 100) : 0;
  return (
    <Stack maw={900}>
      <Title order={2}>Печать журнала</Title>
      <Card withBorder>
        <Stack>
          <YearPicker list={list} year={year} choose={choose} />
          <Select
            label="Период"
            w={260}
            allowDeselect={false}
            data={[
              { value: WHOLE_YEAR, label: 'Весь учебный год' },
              ...periodNames(periods).map((n) => ({ value: n, label: n })),
            ]}
            value={periodName}
            onChange={(v) => v && setPeriodName(v)}
          />
          <Radio.Group
            label="Что печатать"
            value={scopeKind}
            onChange={(v) => setScopeKind(v as Scope['kind'])}
          >
            <Group mt={4}>
              <Radio value="class" label="Один класс" />
              <Radio value="parallel" label="Параллель" />
              <Radio value="school" label="Вся школа" />
            </Group>
          </Radio.Group>
          {scopeKind === 'class' && (
            <Select
              label="Класс"
              w={200}
              searchable
              data={classes.map((c) => ({ value: String(c.id), label: c.name }))}
              value={classId}
              onChange={setClassId}
            />
          )}
          {scopeKind === 'parallel' && (
            <Select
              label="Параллель"
              w={200}
              data={grades.map((g) => ({ value: String(g), label: `${g} классы` }))}
              value={grade}
              onChange={setGrade}
            />
          )}
          <Text size="sm" c="dimmed">
            {chosen.length > 0
              ? `Будет напечатано: ${countOf(chosen.length, 'журнал', 'журнала', 'журналов')}. ${
                  folderPicker()
                    ? 'Файлы и manifest.sha256 запишутся в папку, которую вы выберете.'
                    : 'Каждый файл будет скачан отдельно.'
                }`
              : 'Выберите, что печатать.'}
          </Text>
          <Group>
            <Button onClick={() => void print()} disabled={chosen.length === 0 || run?.running}>
              Печатать
            </Button>
            {run?.running && (
              <Button
                variant="default"
                disabled={stopping}
                onClick={() => {
                  cancel.current = true;
                  setStopping(true);
                }}
              >
                {stopping ? 'Остановится после текущего класса' : 'Отменить'}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
      {run && <RunView run={run} percent={percent} />}
    </Stack>
  );
}

/** What follows «Напечатано N из M»: the class in hand, or how the run ended and where it went. */
function runNote(run: Run): string {
  if (run.running) return run.current ? ` · печатается ${run.current}…` : '…';
  return `${run.cancelled ? ' — печать отменена' : ''}${run.folder ? ` · папка «${run.folder}»` : ''}`;
}

function RunView({ run, percent }: { run: Run; percent: number }) {
  const printed = `Напечатано ${run.files.length} из ${run.total}`;
  return (
    <Card withBorder aria-label="Ход печати">
      <Stack gap="xs">
        <Text size="sm">
          {printed}
          {runNote(run)}
        </Text>
        <Progress value={percent} animated={run.running} aria-label={printed} />
        {run.error && <Alert color="red">{run.error}</Alert>}
        {run.skipped.map((s) => (
          <Text key={s} size="sm" c="dimmed">
            {s}
          </Text>
        ))}
        {run.files.length > 0 && (
          <Table aria-label="Напечатанные файлы">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Файл</Table.Th>
                <Table.Th>Страниц</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.files.map((f) => (
                <Table.Tr key={f.fileName}>
                  <Table.Td>{f.fileName}</Table.Td>
                  <Table.Td>{f.pages}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
