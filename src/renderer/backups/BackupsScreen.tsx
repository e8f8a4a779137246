import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  NumberInput,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BackupSettings, BackupStatus, CopyInfo } from '../../shared/backups/contract';
import { ageText } from '../../shared/backups/schedule';
import { formatMoment } from '../../shared/i18n/dates';
import { type Call, CallError } from '../api/client';
import { checkInput } from '../common/form';

type Target = BackupStatus['targets'][number];

const DAYS = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];

const message = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
}

const when = formatMoment;

/** The administrator's backups: where and when, the copy button with its progress, each target's state. */
export function BackupsScreen({ call }: { call: Call }) {
  const client = useQueryClient();
  const [polling, setPolling] = useState(false);
  const status = useQuery({
    queryKey: ['backups.status'],
    queryFn: () => call('backups.status', {}),
    refetchInterval: polling ? 500 : false,
  });
  const running = status.data?.job?.running ?? false;
  useEffect(() => setPolling(running), [running]);
  const start = useMutation({
    mutationFn: (kind: 'copy' | 'drill') =>
      kind === 'copy' ? call('backups.runNow', { kind: 'weekly' }) : call('backups.drill', {}),
    onSuccess: () => {
      setPolling(true);
      void client.invalidateQueries({ queryKey: ['backups.status'] });
    },
  });

  if (status.isPending) return <Loader aria-label="Загрузка" />;
  if (status.isError)
    return (
      <Alert color="red" role="alert">
        {message(status.error, 'Не удалось загрузить состояние резервных копий')}
      </Alert>
    );
  const s = status.data;
  const job = s.job;
  return (
    <Stack maw={1100}>
      <Title order={2}>Резервные копии</Title>
      {s.warnings.length > 0 && (
        <Alert color="orange" title="Копии требуют внимания">
          <Stack gap={2}>
            {s.warnings.map((w) => (
              <Text key={w} size="sm">
                {w}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Card withBorder>
        <Group>
          <Button onClick={() => start.mutate('copy')} disabled={running} loading={start.isPending}>
            Сделать копию сейчас
          </Button>
          <Button variant="default" onClick={() => start.mutate('drill')} disabled={running}>
            Проверить восстановление
          </Button>
        </Group>
        {start.data?.message && (
          <Text c="orange" mt="xs">
            {start.data.message}
          </Text>
        )}
        {start.isError && (
          <Text c="red" mt="xs" role="alert">
            {message(start.error, 'Не удалось начать')}
          </Text>
        )}
        {job && <JobView job={job} />}
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {/* Always two targets, in a fixed order: the position is the target's identity. */}
        <TargetCard index={0} target={s.targets[0] as Target} call={call} busy={running} />
        <TargetCard index={1} target={s.targets[1] as Target} call={call} busy={running} />
      </SimpleGrid>
      {s.kept.length > 0 && (
        <Card withBorder>
          <Title order={4}>Журналы, заменённые при восстановлении</Title>
          <Text size="sm" c="dimmed">
            Восстановление из такого файла отменяет сделанное восстановление.
          </Text>
          <Copies copies={s.kept} call={call} busy={running} kept />
        </Card>
      )}
      <SettingsForm key={JSON.stringify(s.settings)} settings={s.settings} call={call} />
    </Stack>
  );
}

function JobView({ job }: { job: NonNullable<BackupStatus['job']> }) {
  const title = { backup: 'Копирование', restore: 'Восстановление', drill: 'Проверка восстановления' }[
    job.kind
  ];
  return (
    <Stack gap={4} mt="sm" aria-label="Ход работы">
      <Text size="sm">
        {title}: {job.running ? `${job.percent}%` : job.ok ? 'готово, всё проверено' : 'завершено с ошибками'}
      </Text>
      <Progress
        value={job.percent}
        color={job.running ? 'blue' : job.ok ? 'green' : 'red'}
        aria-label={`${title}: ${job.percent}%`}
        animated={job.running}
      />
      {!job.running &&
        job.report.map((line) => (
          <Text key={line} size="xs" c={job.ok ? 'dimmed' : undefined}>
            {line}
          </Text>
        ))}
    </Stack>
  );
}

function TargetCard({
  index,
  target,
  call,
  busy,
}: {
  index: number;
  target: Target;
  call: Call;
  busy: boolean;
}) {
  const good = target.lastGood;
  return (
    <Card withBorder aria-label={`Папка ${index + 1}`}>
      <Title order={4}>Папка {index + 1}</Title>
      <Text size="sm" c="dimmed">
        {target.folder || 'не задана'}
      </Text>
      {good ? (
        <Text mt="xs" c={target.warnings.length ? 'orange' : 'green'}>
          Последняя исправная копия: {when(good.takenAt)} ({ageText(new Date(good.takenAt), new Date())}{' '}
          назад), {size(good.size)}
        </Text>
      ) : (
        <Text mt="xs" c="red">
          Исправной копии нет
        </Text>
      )}
      {target.lastRun?.error && (
        <Text size="sm" c="red">
          Последняя попытка {when(target.lastRun.at)}: {target.lastRun.error}
        </Text>
      )}
      <Copies copies={target.copies} call={call} busy={busy} />
    </Card>
  );
}

function Copies({
  copies,
  call,
  busy,
  kept = false,
}: {
  copies: CopyInfo[];
  call: Call;
  busy: boolean;
  kept?: boolean;
}) {
  const client = useQueryClient();
  const restore = useMutation({
    mutationFn: (path: string) => call('backups.restore', { path }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['backups.status'] }),
  });
  if (copies.length === 0) return null;
  return (
    <>
      <Table mt="xs" fz="sm">
        <Table.Tbody>
          {copies.map((c) => (
            <Table.Tr key={c.path}>
              <Table.Td>{when(c.takenAt)}</Table.Td>
              <Table.Td>
                {kept ? 'до восстановления' : c.kind === 'monthly' ? 'месячная' : 'недельная'}
              </Table.Td>
              <Table.Td>{size(c.size)}</Table.Td>
              <Table.Td>
                {c.good ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    disabled={busy}
                    onClick={() => {
                      if (
                        window.confirm(
                          `Восстановить журнал из копии от ${when(c.takenAt)}? Текущий журнал будет сохранён рядом, восстановление можно отменить. Все пользователи должны будут войти заново.`,
                        )
                      )
                        restore.mutate(c.path);
                    }}
                  >
                    Восстановить
                  </Button>
                ) : (
                  <Text size="xs" c="red">
                    повреждена
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {restore.data?.message && <Text c="orange">{restore.data.message}</Text>}
    </>
  );
}

function SettingsForm({ settings, call }: { settings: BackupSettings; call: Call }) {
  const client = useQueryClient();
  const [v, setV] = useState(settings);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (input: BackupSettings) => call('backups.saveSettings', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['backups.status'] }),
  });
  const submit = () => {
    const check = checkInput('backups.saveSettings', v);
    if (!check.ok) {
      // Targets' messages name the folder; the rest go under the form.
      setErrors(check.errors as Record<string, string>);
      return;
    }
    setErrors({});
    save.mutate(check.input);
  };
  const day = (value: number, max: number) =>
    Array.from({ length: max }, (_, i) => i + 1)
      .map(String)
      .includes(String(value));
  return (
    <Card
      withBorder
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Title order={4}>Куда и когда копировать</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
        <TextInput
          label="Папка 1 (например, внешний диск)"
          value={v.targets[0]}
          onChange={(e) => setV({ ...v, targets: [e.currentTarget.value, v.targets[1]] })}
        />
        <TextInput
          label="Папка 2 (другой диск или папка на сервере)"
          value={v.targets[1]}
          onChange={(e) => setV({ ...v, targets: [v.targets[0], e.currentTarget.value] })}
        />
        <Group grow>
          <Select
            label="Еженедельная копия: день"
            data={DAYS.map((d, i) => ({ value: String(i + 1), label: d }))}
            value={String(v.weekly.day)}
            onChange={(d) => d && setV({ ...v, weekly: { ...v.weekly, day: Number(d) } })}
            allowDeselect={false}
          />
          <TextInput
            label="время"
            value={v.weekly.time}
            onChange={(e) => setV({ ...v, weekly: { ...v.weekly, time: e.currentTarget.value } })}
          />
        </Group>
        <Group grow>
          <NumberInput
            label="Месячный архив: число месяца"
            min={1}
            max={28}
            value={v.monthly.day}
            error={!day(v.monthly.day, 28) ? 'День месяца от 1 до 28' : undefined}
            onChange={(d) => setV({ ...v, monthly: { ...v.monthly, day: Number(d) } })}
          />
          <TextInput
            label="время"
            value={v.monthly.time}
            onChange={(e) => setV({ ...v, monthly: { ...v.monthly, time: e.currentTarget.value } })}
          />
        </Group>
        <Group grow>
          <NumberInput
            label="Хранить еженедельных копий"
            min={1}
            max={52}
            value={v.keepWeekly}
            onChange={(d) => setV({ ...v, keepWeekly: Number(d) })}
          />
          <NumberInput
            label="Хранить месячных архивов"
            min={1}
            max={120}
            value={v.keepMonthly}
            onChange={(d) => setV({ ...v, keepMonthly: Number(d) })}
          />
        </Group>
      </SimpleGrid>
      {Object.values(errors).map((e) => (
        <Text key={e} c="red" size="sm" role="alert">
          {e}
        </Text>
      ))}
      {save.isError && (
        <Text c="red" size="sm" role="alert">
          {message(save.error, 'Не удалось сохранить')}
        </Text>
      )}
      <Group mt="sm">
        <Button type="submit" loading={save.isPending}>
          Сохранить
        </Button>
        {save.isSuccess && <Text c="green">Сохранено</Text>}
      </Group>
    </Card>
  );
}
