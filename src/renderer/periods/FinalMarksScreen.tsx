import { Alert, Group, NativeSelect, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Input } from '../../shared/api/contract';
import { fullName } from '../../shared/i18n/names';
import { countOf } from '../../shared/i18n/plural';
import { FINAL_KIND_TITLES, type FinalMarkKind } from '../../shared/periods/final-marks';
import type { LoadFinalMarks } from '../../shared/periods/schemas';
import { topic } from '../../shared/sync/topics';
import { type Call, CallError } from '../api/client';
import { useSelectedYear, YearPicker } from '../school-year/common';

type Student = LoadFinalMarks['students'][number];

const average = (n: number | null) => (n === null ? '—' : n.toFixed(2).replace('.', ','));

/**
 * «Итоговые отметки»: a page's period, year, exam and final marks, each with the suggestion beside it
 * (weighted average of the period, x.5 in favour of the student). The page's teacher and the deputy
 * set them; a closed period shows its marks read-only.
 */
export function FinalMarksScreen({ call, loadId }: { call: Call; loadId?: number }) {
  // Last year's results too (read-only after the rollover): the year chosen here or on «Журнал».
  const { list, year, choose } = useSelectedYear(call);
  const loads = useQuery({
    queryKey: ['journal.myLoads', year?.id ?? 'current'],
    queryFn: () => call('journal.myLoads', year ? { yearId: year.id } : {}),
  });
  const [chosen, setChosen] = useState<number | null>(loadId ?? null);
  const options = (loads.data ?? []).map((l) => ({
    value: String(l.loadId),
    label: `${l.className} — ${l.subjectName}${l.groupName ? ` (${l.groupName})` : ''}`,
  }));
  const current = chosen ?? loads.data?.[0]?.loadId ?? null;
  return (
    <Stack maw={1400}>
      <Group justify="space-between">
        <Title order={2}>Итоговые отметки</Title>
        {list.length > 1 && (
          <YearPicker
            list={list}
            year={year}
            choose={(id) => {
              choose(id);
              setChosen(null);
            }}
          />
        )}
        <Select
          aria-label="Страница журнала"
          searchable
          w={360}
          data={options}
          value={current === null ? null : String(current)}
          onChange={(v) => v && setChosen(Number(v))}
          allowDeselect={false}
          nothingFoundMessage="Нет такой страницы"
        />
      </Group>
      {loads.isError && (
        <Alert color="red" role="alert">
          {loads.error instanceof CallError ? loads.error.message : 'Не удалось загрузить страницы журнала'}
        </Alert>
      )}
      {loads.data && loads.data.length === 0 && <Text>У вас нет страниц журнала в этом учебном году.</Text>}
      {current !== null && <FinalMarksTable call={call} loadId={current} />}
    </Stack>
  );
}

function FinalMarksTable({ call, loadId }: { call: Call; loadId: number }) {
  const key = ['periods.finalMarks', loadId];
  const q = useQuery({
    queryKey: key,
    queryFn: () => call('periods.finalMarks', { loadId }),
    meta: { topics: [topic.load(loadId)] },
  });
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (input: Input<'periods.setFinalMark'>) => call('periods.setFinalMark', input),
    onError: (e) =>
      notifications.show({
        color: 'red',
        message: e instanceof CallError ? e.message : 'Отметка не сохранена',
      }),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  if (q.isPending) return <Text c="dimmed">Загрузка…</Text>;
  if (q.isError)
    return (
      <Alert color="red" role="alert">
        {q.error instanceof CallError ? q.error.message : 'Не удалось загрузить итоговые отметки'}
      </Alert>
    );
  const page = q.data;
  if (page.load.markingMode === 'none')
    return <Text>По этому предмету в этом классе отметки не ставятся.</Text>;
  const markOf = (s: Student, kind: FinalMarkKind, periodId: number | null) =>
    page.marks.find((m) => m.studentId === s.id && m.kind === kind && m.periodId === periodId);
  const cell = (s: Student, kind: FinalMarkKind, periodId: number | null, closed: boolean, label: string) => {
    const mark = markOf(s, kind, periodId);
    const editable = page.load.writable && !closed;
    if (!editable) return <Text fw={500}>{mark?.value ?? '—'}</Text>;
    return (
      <NativeSelect
        size="xs"
        w={80}
        aria-label={`${fullName(s)}: ${label}`}
        value={mark?.value ?? ''}
        data={[{ value: '', label: '—' }, ...page.values.map((v) => ({ value: v, label: v }))]}
        onChange={(e) => {
          const v = e.currentTarget.value;
          save.mutate({
            loadId,
            studentId: s.id,
            kind,
            periodId,
            value: v === '' ? null : (v as NonNullable<Input<'periods.setFinalMark'>['value']>),
            expectedVersion: mark?.version ?? null,
          });
        }}
      />
    );
  };
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {page.load.className} класс, {page.load.subjectName}. Отметка за период ставится, когда у ученика не
        меньше {countOf(page.minimumMarks, 'текущей отметки', 'текущих отметок', 'текущих отметок')}; иначе —
        «н/а». Рядом — средний взвешенный балл и предлагаемая отметка (x,5 — в пользу ученика).
        {!page.load.writable && ' Только просмотр.'}
      </Text>
      <Table withTableBorder withColumnBorders striped stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Ученик</Table.Th>
            {page.periods.map((p) => (
              <Table.Th key={p.id}>
                {p.name}
                {p.closed && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    (закрыт)
                  </Text>
                )}
              </Table.Th>
            ))}
            <Table.Th>Год{page.yearClosed ? ' (закрыт)' : ''}</Table.Th>
            <Table.Th>Экзамен</Table.Th>
            <Table.Th>Итог</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.students.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{fullName(s)}</Table.Td>
              {page.periods.map((p) => {
                const info = s.periods.find((x) => x.periodId === p.id)!;
                return (
                  <Table.Td key={p.id}>
                    <Group gap={6} wrap="nowrap">
                      {cell(s, 'period', p.id, p.closed, `${FINAL_KIND_TITLES.period} «${p.name}»`)}
                      <Text size="xs" c="dimmed" title="Текущих отметок, средний балл → предлагаемая отметка">
                        {countOf(info.count, 'отм.', 'отм.', 'отм.')}, {average(info.average)}
                        {info.suggested ? ` → ${info.suggested}` : ''}
                      </Text>
                    </Group>
                  </Table.Td>
                );
              })}
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {cell(s, 'year', null, page.yearClosed, FINAL_KIND_TITLES.year)}
                  {s.yearSuggested && (
                    <Text size="xs" c="dimmed">
                      → {s.yearSuggested}
                    </Text>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{cell(s, 'exam', null, page.yearClosed, FINAL_KIND_TITLES.exam)}</Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {cell(s, 'final', null, page.yearClosed, FINAL_KIND_TITLES.final)}
                  {s.finalSuggested && (
                    <Text size="xs" c="dimmed">
                      → {s.finalSuggested}
                    </Text>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
