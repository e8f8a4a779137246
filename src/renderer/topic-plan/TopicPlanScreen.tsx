import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  Loader,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useEffect, useReducer, useState } from 'react';
import { Link } from 'wouter';
import { formatDayMonth } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import { countsText, MAX_FILE_BYTES, MAX_FILE_TEXT } from '../../shared/import/contract';
import { topic } from '../../shared/sync/topics';
import type { PlanItem, PlanPreview, TopicPlan } from '../../shared/topic-plan/contract';
import { type Call, CallError, errorText } from '../api/client';
import { CommitBar, PreviewRows } from '../common/FilePreview';
import { download, readBase64, XLSX_TYPE } from '../common/files';

const hours = (n: number) => countOf(n, 'час', 'часа', 'часов');

interface Draft {
  key: number;
  title: string;
  hours: number | string;
}

let nextKey = 1;
const draftOf = (plan: TopicPlan): Draft[] =>
  plan.items.map((i) => ({ key: nextKey++, title: i.title, hours: i.hours }));

type Edit =
  | { type: 'reset'; items: Draft[] | null }
  | { type: 'edit'; key: number; change: Partial<Draft> }
  | { type: 'move'; key: number; by: number }
  | { type: 'remove'; key: number }
  | { type: 'add' };

/** The topics being edited; each edit keeps the other rows' objects, so only the edited row re-renders. */
function edited(draft: Draft[] | null, e: Edit): Draft[] | null {
  if (e.type === 'reset') return e.items;
  if (!draft) return draft;
  const at = 'key' in e ? draft.findIndex((d) => d.key === e.key) : -1;
  switch (e.type) {
    case 'edit':
      return draft.map((d, i) => (i === at ? { ...d, ...e.change } : d));
    case 'move': {
      const next = [...draft];
      const [d] = next.splice(at, 1);
      next.splice(at + e.by, 0, d!);
      return next;
    }
    case 'remove':
      return draft.filter((_, i) => i !== at);
    case 'add':
      return [...draft, { key: nextKey++, title: '', hours: 1 }];
  }
}

/**
 * A load's plan of topics (КТП): the topics with hours and their lessons, the year's hours, planned
 * against given; for the load's teacher and the deputy, editing on screen, the import with its
 * preview, the template; the export for everyone who reads it.
 */
export function TopicPlanScreen({ call, loadId }: { call: Call; loadId: number }) {
  const queryClient = useQueryClient();
  const key = ['topicPlan.get', loadId];
  const plan = useQuery({
    queryKey: key,
    queryFn: () => call('topicPlan.get', { loadId }),
    meta: { topics: [topic.load(loadId)] },
  });
  const [draft, dispatch] = useReducer(edited, null);
  const setDraft = (items: Draft[] | null) => dispatch({ type: 'reset', items });
  const [version, setVersion] = useState(0);
  const data = plan.data;
  useEffect(() => {
    if (data && (draft === null || data.version !== version)) {
      dispatch({ type: 'reset', items: draftOf(data) });
      setVersion(data.version);
    }
  }, [data, draft, version]);

  const show = (p: TopicPlan) => {
    queryClient.setQueryData(key, p);
    void queryClient.invalidateQueries({ queryKey: ['journal.page', loadId] });
  };
  const save = useMutation({
    mutationFn: (items: Draft[]) =>
      call('topicPlan.save', {
        loadId,
        expectedVersion: version,
        items: items.map((d) => ({ title: d.title, hours: Number(d.hours) })),
      }),
    onSuccess: show,
    onError: (e) => {
      if (e instanceof CallError && e.code === 'CONFLICT') void plan.refetch().then(() => setDraft(null));
    },
  });
  const exportFile = useMutation({
    mutationFn: () => call('topicPlan.export', { loadId }),
    onSuccess: (f) => download({ fileName: f.fileName, base64: f.content }, XLSX_TYPE),
  });

  if (plan.isPending || !draft) return <Loader aria-label="Загрузка" />;
  if (plan.isError || !data)
    return (
      <Alert color="red" role="alert">
        {errorText(plan.error, 'Не удалось загрузить планирование')}
      </Alert>
    );
  const p = data;
  const changed =
    draft.length !== p.items.length ||
    draft.some((d, i) => d.title !== p.items[i]?.title || Number(d.hours) !== p.items[i]?.hours);
  const draftHours = draft.reduce((s, d) => s + (Number(d.hours) || 0), 0);
  const name = `${p.className} · ${p.subjectName}${p.groupName ? ` (${p.groupName})` : ''}`;

  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Планирование (КТП): {name}</Title>
          <Text size="sm" c="dimmed">
            {p.teacherName} · {hours(p.hoursPerWeek)} в неделю ·{' '}
            <Anchor component={Link} href={`/journal/${loadId}`}>
              страница журнала
            </Anchor>
          </Text>
        </div>
        <Button variant="default" onClick={() => exportFile.mutate()} loading={exportFile.isPending}>
          Выгрузить в Excel
        </Button>
      </Group>

      <Card withBorder aria-label="Часы">
        <Group gap="xl">
          <Stat label="В плане" value={hours(p.totalHours)} />
          <Stat
            label={p.yearHoursFrom === 'lessons' ? 'Уроков в году по расписанию' : 'Часов в году по нагрузке'}
            value={String(p.yearHours)}
          />
          <Stat label="По плану на сегодня" value={hours(p.plannedToDate)} />
          <Stat label="Проведено на сегодня" value={hours(p.givenToDate)} />
          <Stat label="Тем, записанных учителем на уроке" value={String(p.handWritten)} />
        </Group>
        {p.warning && (
          <Alert color="yellow" mt="sm" role="status" title="Часы плана не совпадают с годом">
            {p.warning}
          </Alert>
        )}
      </Card>

      {p.writable && <ImportCard call={call} loadId={loadId} onDone={show} />}

      <Card withBorder>
        <Stack>
          <Title order={4}>Темы</Title>
          {draft.length === 0 && (
            <Text c="dimmed">
              {p.writable
                ? 'В плане нет тем. Добавьте их здесь или загрузите файл по шаблону.'
                : 'Учитель ещё не составил план.'}
            </Text>
          )}
          {draft.length > 0 && (
            <Table striped withTableBorder aria-label="Темы плана">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={50}>№</Table.Th>
                  <Table.Th>Тема урока</Table.Th>
                  <Table.Th w={110}>Часов</Table.Th>
                  <Table.Th w={170}>Уроки</Table.Th>
                  <Table.Th w={110}>Проведено</Table.Th>
                  {p.writable && <Table.Th w={120}>Порядок</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {draft.map((d, i) => {
                  const was = p.items[i];
                  const saved =
                    was && was.title === d.title && was.hours === Number(d.hours) ? was : undefined;
                  return (
                    <TopicRow
                      key={d.key}
                      d={d}
                      index={i}
                      last={i === draft.length - 1}
                      saved={saved}
                      writable={p.writable}
                      dispatch={dispatch}
                    />
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
          {p.writable && (
            <>
              {save.isError && (
                <Alert color="red" role="alert">
                  {errorText(save.error, 'План не сохранён')}
                </Alert>
              )}
              <Group>
                <Button variant="default" onClick={() => dispatch({ type: 'add' })}>
                  Добавить тему
                </Button>
                <Button onClick={() => save.mutate(draft)} loading={save.isPending} disabled={!changed}>
                  Сохранить и заполнить темы уроков
                </Button>
                <Text size="sm" c="dimmed">
                  {changed
                    ? `Не сохранено: ${hours(draftHours)} в плане.`
                    : 'Темы ложатся на уроки года по порядку; тему, записанную на уроке вручную, план не меняет.'}
                </Text>
              </Group>
            </>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}

const TopicRow = memo(function TopicRow({
  d,
  index: i,
  last,
  saved,
  writable,
  dispatch,
}: {
  d: Draft;
  index: number;
  last: boolean;
  saved: PlanItem | undefined;
  writable: boolean;
  dispatch: (e: Edit) => void;
}) {
  const edit = (change: Partial<Draft>) => dispatch({ type: 'edit', key: d.key, change });
  return (
    <Table.Tr>
      <Table.Td>{i + 1}</Table.Td>
      <Table.Td>
        {writable ? (
          <TextInput
            aria-label={`Тема ${i + 1}`}
            value={d.title}
            onChange={(e) => edit({ title: e.currentTarget.value })}
          />
        ) : (
          d.title
        )}
      </Table.Td>
      <Table.Td>
        {writable ? (
          <NumberInput
            aria-label={`Часов, тема ${i + 1}`}
            value={d.hours}
            min={1}
            max={200}
            allowDecimal={false}
            onChange={(v) => edit({ hours: v })}
          />
        ) : (
          d.hours
        )}
      </Table.Td>
      <Table.Td>
        {saved?.from && saved.to
          ? saved.from === saved.to
            ? formatDayMonth(saved.from)
            : `${formatDayMonth(saved.from)} – ${formatDayMonth(saved.to)}`
          : '—'}
        {saved && saved.lessons < saved.hours && (
          <Text size="xs" c="orange">
            не хватает уроков: {saved.hours - saved.lessons}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{saved ? `${saved.given} из ${saved.hours}` : '—'}</Table.Td>
      {writable && (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              aria-label={`Выше: тема ${i + 1}`}
              disabled={i === 0}
              onClick={() => dispatch({ type: 'move', key: d.key, by: -1 })}
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              aria-label={`Ниже: тема ${i + 1}`}
              disabled={last}
              onClick={() => dispatch({ type: 'move', key: d.key, by: 1 })}
            >
              ↓
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Удалить тему ${i + 1}`}
              onClick={() => dispatch({ type: 'remove', key: d.key })}
            >
              ×
            </ActionIcon>
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
});

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg">
        {value}
      </Text>
    </div>
  );
}

interface Picked {
  fileName: string;
  content: string;
}

/** The import: template, file, preview of every row, confirmation (as the lists' import). */
function ImportCard({
  call,
  loadId,
  onDone,
}: {
  call: Call;
  loadId: number;
  onDone: (p: TopicPlan) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [skipErrors, setSkipErrors] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const template = useMutation({
    mutationFn: () => call('topicPlan.template', {}),
    onSuccess: (t) => download({ fileName: t.fileName, base64: t.content }, XLSX_TYPE),
  });
  const preview = useMutation({ mutationFn: (p: Picked) => call('topicPlan.preview', { loadId, ...p }) });
  const commit = useMutation({
    mutationFn: (p: { picked: Picked; shown: PlanPreview }) =>
      call('topicPlan.commit', { loadId, ...p.picked, previewHash: p.shown.hash, skipErrors }),
    onSuccess: (r) => {
      setDone(`${countsText(r.counts)}.${r.skipped > 0 ? ' Строки с ошибками пропущены.' : ''}`);
      onDone(r.plan);
      preview.reset();
      setFile(null);
    },
    onError: (e) => {
      if (e instanceof CallError && e.code === 'CONFLICT' && picked) preview.mutate(picked);
    },
  });
  const choose = async (f: File | null) => {
    setDone(null);
    setFileError(null);
    preview.reset();
    commit.reset();
    setFile(f);
    setPicked(null);
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) {
      setFileError(`Файл больше ${MAX_FILE_TEXT}`);
      return;
    }
    const p = { fileName: f.name, content: await readBase64(f) };
    setPicked(p);
    preview.mutate(p);
  };
  const shown = preview.data;
  return (
    <Card withBorder aria-label="Загрузка плана из файла">
      <Stack>
        <Title order={4}>Загрузить план из файла</Title>
        <Text size="sm" c="dimmed">
          Файл .xlsx или .csv со столбцами «№», «Тема урока», «Часов». Загруженный план заменяет темы плана;
          темы, записанные на уроках вручную, остаются.
        </Text>
        <Group align="flex-end">
          <Button variant="default" onClick={() => template.mutate()} loading={template.isPending}>
            Скачать шаблон
          </Button>
          <FileInput
            label="Файл плана"
            placeholder="Выберите .xlsx или .csv"
            accept=".xlsx,.csv"
            value={file}
            onChange={(f) => void choose(f)}
            clearable
            w={360}
          />
        </Group>
        {(fileError || preview.isError) && (
          <Alert color="red" role="alert" title="Файл не принят">
            {fileError ?? errorText(preview.error, 'Не удалось прочитать файл')}
          </Alert>
        )}
        {preview.isPending && <Text size="sm">Файл читается…</Text>}
        {done && (
          <Alert color="green" role="status" title="План загружен">
            {done}
          </Alert>
        )}
        {shown && picked && (
          <Stack aria-label="Предпросмотр">
            <Text size="sm">
              {countsText(shown.counts)}. В файле {hours(shown.totalHours)}.
            </Text>
            {shown.warning && (
              <Text size="sm" c="orange">
                {shown.warning}
              </Text>
            )}
            {shown.removed.length > 0 && (
              <Text size="sm">Из плана уйдут темы, которых нет в файле: {shown.removed.join('; ')}</Text>
            )}
            <PreviewRows
              key={shown.hash}
              rows={shown.rows}
              counts={shown.counts}
              nameTitle="Тема урока"
              groupTitle="Часов"
              groupWidth={100}
            />
            <CommitBar
              counts={shown.counts}
              removed={shown.removed.length}
              skipErrors={skipErrors}
              onSkipErrors={setSkipErrors}
              error={commit.error}
              failed="План не загружен, ничего не сохранено"
              button="Загрузить план"
              nothing="Загружать нечего: план уже такой, как в файле."
              pending={commit.isPending}
              onCommit={() => commit.mutate({ picked, shown })}
            />
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
