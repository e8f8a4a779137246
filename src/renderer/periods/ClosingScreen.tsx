import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Input } from '../../shared/api/contract';
import { formatDate } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import type { ClosingOverview } from '../../shared/periods/schemas';
import { type Call, CallError } from '../api/client';
import { band, Loading, useCanWrite, useSelectedYear, YearPicker } from '../school-year/common';

type Target = Input<'periods.close'>['target'];
type Period = ClosingOverview['periods'][number];
type Cell = ClosingOverview['cells'][number];

const message = (e: unknown) => (e instanceof CallError ? e.message : 'Не удалось сохранить');

/** «класс 5А», «5-я параллель», «вся школа»: what a closing is for, in the notices. */
function targetText(target: Target, classes: ClosingOverview['classes']): string {
  if (target.scope === 'class') return `${classes.find((c) => c.id === target.classId)?.name ?? ''} класса`;
  if (target.scope === 'parallel') return `${target.grade}-й параллели`;
  return 'всей школы';
}

const missingText = (n: number) =>
  n === 0
    ? 'все отметки за период выставлены'
    : `нет ${countOf(n, 'отметки', 'отметок', 'отметок')} за период`;

/**
 * «Закрытие периодов» (002 §5.2, 004 §4.5): every period × class of the year, closed or open, with how
 * many period marks are missing. The deputy closes a period for a class, a parallel or the school, and
 * reopens it with a reason; the director and the inspector see the same table.
 */
export function ClosingScreen({ call }: { call: Call }) {
  const canWrite = useCanWrite(call);
  const { years, list, year, choose } = useSelectedYear(call);
  const overview = useQuery({
    queryKey: ['periods.overview', year?.id],
    queryFn: () => call('periods.overview', { yearId: year!.id }),
    enabled: !!year,
  });
  const client = useQueryClient();
  const [reopening, setReopening] = useState<{ period: Period; target: Target } | null>(null);
  const close = useMutation({
    mutationFn: (v: { period: Period; target: Target }) =>
      call('periods.close', { periodId: v.period.id, target: v.target }),
    onSuccess: (r, v) => {
      notifications.show({
        color: 'green',
        message:
          r.changed.length === 0
            ? `Период «${v.period.name}» уже был закрыт для ${targetText(v.target, data?.classes ?? [])}`
            : `Период «${v.period.name}» закрыт: ${r.changed.map((c) => c.className).join(', ')}`,
      });
      void client.invalidateQueries({ queryKey: ['periods.overview'] });
    },
    onError: (e) => notifications.show({ color: 'red', message: message(e) }),
  });
  if (years.isPending) return <Loading error={null} what="" />;
  if (years.isError) return <Loading error={years.error} what="учебные годы" />;
  const data = overview.data;
  const writable = canWrite && !!data && !data.year.archived;
  const bands = [...new Map((data?.periods ?? []).map((p) => [`${p.gradeFrom}-${p.gradeTo}`, p])).values()];
  return (
    <Stack maw={1400}>
      <Group justify="space-between">
        <Title order={2}>Закрытие периодов</Title>
        {list.length > 0 && <YearPicker list={list} year={year} choose={choose} />}
      </Group>
      <Text size="sm" c="dimmed">
        В закрытом периоде отметки, пропуски, темы уроков и отметки за период класса только для просмотра.
        Открыть период снова может заместитель директора, указав причину; обе операции записываются в журнал
        операций.
      </Text>
      {!year && <Alert color="yellow">В школе ещё не задан учебный год.</Alert>}
      {overview.isPending && year && <Loading error={null} what="" />}
      {overview.isError && <Loading error={overview.error} what="периоды" />}
      {data &&
        bands.map((b) => {
          const periods = data.periods.filter((p) => p.gradeFrom === b.gradeFrom && p.gradeTo === b.gradeTo);
          const classes = data.classes.filter((c) => c.grade >= b.gradeFrom && c.grade <= b.gradeTo);
          const grades = [...new Set(classes.map((c) => c.grade))];
          return (
            <Stack key={`${b.gradeFrom}-${b.gradeTo}`} gap="xs">
              <Title order={3}>{band(b.gradeFrom, b.gradeTo)} классы</Title>
              {classes.length === 0 ? (
                <Text c="dimmed">Классов нет.</Text>
              ) : (
                <Table withTableBorder withColumnBorders striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Класс</Table.Th>
                      {periods.map((p) => (
                        <Table.Th key={p.id}>
                          <Stack gap={4}>
                            <span>{p.name}</span>
                            <Text size="xs" c="dimmed">
                              {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
                            </Text>
                            {writable && (
                              <Button
                                size="compact-xs"
                                variant="light"
                                loading={close.isPending}
                                onClick={() => close.mutate({ period: p, target: { scope: 'school' } })}
                              >
                                Закрыть для всех {band(b.gradeFrom, b.gradeTo)} классов
                              </Button>
                            )}
                          </Stack>
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {grades.flatMap((grade) => [
                      writable && (
                        <Table.Tr key={`g${grade}`}>
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {grade}-я параллель
                            </Text>
                          </Table.Td>
                          {periods.map((p) => (
                            <Table.Td key={p.id}>
                              <Group gap={4}>
                                <Button
                                  size="compact-xs"
                                  variant="subtle"
                                  onClick={() =>
                                    close.mutate({ period: p, target: { scope: 'parallel', grade } })
                                  }
                                >
                                  Закрыть параллель
                                </Button>
                                <Button
                                  size="compact-xs"
                                  variant="subtle"
                                  color="orange"
                                  onClick={() =>
                                    setReopening({ period: p, target: { scope: 'parallel', grade } })
                                  }
                                >
                                  Открыть параллель
                                </Button>
                              </Group>
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ),
                      ...classes
                        .filter((c) => c.grade === grade)
                        .map((c) => (
                          <Table.Tr key={c.id}>
                            <Table.Td>{c.name}</Table.Td>
                            {periods.map((p) => {
                              const cell = data.cells.find((x) => x.periodId === p.id && x.classId === c.id);
                              return (
                                <Table.Td key={p.id} aria-label={`${c.name}, ${p.name}`}>
                                  {cell && (
                                    <ClosingCell
                                      cell={cell}
                                      writable={writable}
                                      onClose={() =>
                                        close.mutate({ period: p, target: { scope: 'class', classId: c.id } })
                                      }
                                      onReopen={() =>
                                        setReopening({ period: p, target: { scope: 'class', classId: c.id } })
                                      }
                                    />
                                  )}
                                </Table.Td>
                              );
                            })}
                          </Table.Tr>
                        )),
                    ])}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          );
        })}
      {reopening && data && (
        <ReopenDialog
          call={call}
          period={reopening.period}
          target={reopening.target}
          what={targetText(reopening.target, data.classes)}
          onClose={() => setReopening(null)}
          onDone={() => {
            setReopening(null);
            void client.invalidateQueries({ queryKey: ['periods.overview'] });
          }}
        />
      )}
    </Stack>
  );
}

function ClosingCell({
  cell,
  writable,
  onClose,
  onReopen,
}: {
  cell: Cell;
  writable: boolean;
  onClose(): void;
  onReopen(): void;
}) {
  return (
    <Stack gap={4}>
      <Group gap={6}>
        {cell.closed ? <Badge color="gray">закрыт</Badge> : <Badge color="green">открыт</Badge>}
        {writable &&
          (cell.closed ? (
            <Button size="compact-xs" variant="subtle" color="orange" onClick={onReopen}>
              Открыть…
            </Button>
          ) : (
            <Button size="compact-xs" variant="subtle" onClick={onClose}>
              Закрыть
            </Button>
          ))}
      </Group>
      {cell.closed && cell.closedAt && (
        <Text size="xs">
          {formatDate(cell.closedAt.slice(0, 10))}
          {cell.closedBy ? `, ${cell.closedBy}` : ''}
        </Text>
      )}
      <Text size="xs" c={cell.missing > 0 ? 'orange.8' : 'dimmed'}>
        {missingText(cell.missing)}
      </Text>
      {cell.reopenReason && (
        <Text size="xs" c="dimmed">
          Открывался {cell.reopenedAt ? formatDate(cell.reopenedAt.slice(0, 10)) : ''}: {cell.reopenReason}
        </Text>
      )}
    </Stack>
  );
}

function ReopenDialog({
  call,
  period,
  target,
  what,
  onClose,
  onDone,
}: {
  call: Call;
  period: Period;
  target: Target;
  what: string;
  onClose(): void;
  onDone(): void;
}) {
  const [reason, setReason] = useState('');
  const reopen = useMutation({
    mutationFn: () => call('periods.reopen', { periodId: period.id, target, reason }),
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        message: `Период «${period.name}» открыт: ${r.changed.map((c) => c.className).join(', ')}`,
      });
      onDone();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Открыть период «${period.name}» для ${what}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          reopen.mutate();
        }}
      >
        <Stack>
          <Textarea
            label="Причина"
            description="Записывается в журнал операций вместе с открытием"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autosize
            minRows={2}
            data-autofocus
          />
          {reopen.isError && (
            <Alert color="red" role="alert">
              {message(reopen.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" color="orange" loading={reopen.isPending}>
              Открыть период
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
