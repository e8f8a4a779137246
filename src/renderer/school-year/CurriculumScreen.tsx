import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MarkingMode } from '../../shared/journal/marks';
import type { Curriculum } from '../../shared/school-year/contract';
import type { Call } from '../api/client';
import { checkInput } from '../common/form';
import {
  hoursLabel,
  Loading,
  MARKING_LABELS,
  message,
  useCanWrite,
  useSelectedYear,
  YearPicker,
} from './common';

/**
 * «Учебный план»: hours per week and marking of each subject for a grade, or for a profile class
 * with a plan of its own (its first change copies the grade's plan).
 */
export function CurriculumScreen({ call }: { call: Call }) {
  const canWrite = useCanWrite(call);
  const { years, list, year, choose } = useSelectedYear(call);
  const client = useQueryClient();
  const [target, setTarget] = useState('grade:5');
  const cur = useQuery({
    queryKey: ['year.curriculum', year?.id],
    queryFn: () => call('year.curriculum', { yearId: year!.id }),
    enabled: !!year,
  });
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: { subjectId: number; hoursPerWeek: number; marking: MarkingMode }) => {
      const [kind, id] = target.split(':');
      const cls = kind === 'class' ? cur.data!.classes.find((c) => c.id === Number(id))! : null;
      const input = {
        yearId: year!.id,
        grade: cls ? cls.grade : Number(id),
        classId: cls ? cls.id : null,
        ...v,
      };
      const checked = checkInput('year.setCurriculumItem', input);
      if (!checked.ok) throw new Error(Object.values(checked.errors)[0]);
      return call('year.setCurriculumItem', input);
    },
    onSuccess: (c: Curriculum) => {
      setError(null);
      client.setQueryData(['year.curriculum', year!.id], c);
      void client.invalidateQueries({ queryKey: ['year.classes'] });
    },
    onError: (e) => setError(message(e, e instanceof Error ? e.message : 'Не сохранено')),
  });
  if (years.isPending) return <Loading error={null} what="" />;
  if (years.isError) return <Loading error={years.error} what="учебные годы" />;
  const writable = canWrite && !!year && !year.archived;
  const data = cur.data;
  const [kind, id] = target.split(':');
  const cls = kind === 'class' ? data?.classes.find((c) => c.id === Number(id)) : undefined;
  const grade = cls ? cls.grade : Number(id);
  const rows = data
    ? data.items.filter((i) =>
        cls?.ownPlan ? i.classId === cls.id : i.grade === grade && i.classId === null,
      )
    : [];
  const total = rows.reduce((s, r) => s + r.hoursPerWeek, 0);
  const missing = data ? data.subjects.filter((s) => !rows.some((r) => r.subjectId === s.id)) : [];
  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={2}>Учебный план</Title>
        {list.length > 0 && <YearPicker list={list} year={year} choose={choose} />}
      </Group>
      {year && !data && <Loading error={cur.error} what="учебный план" />}
      {data && (
        <>
          <Group align="flex-end">
            <Select
              label="План"
              w={320}
              allowDeselect={false}
              data={[
                {
                  group: 'Параллели',
                  items: Array.from({ length: 11 }, (_, i) => ({
                    value: `grade:${i + 1}`,
                    label: `${i + 1} классы`,
                  })),
                },
                {
                  group: 'Класс (профильный — свой план)',
                  items: data.classes.map((c) => ({
                    value: `class:${c.id}`,
                    label: `${c.name}${c.ownPlan ? ' — свой план' : ''}`,
                  })),
                },
              ]}
              value={target}
              onChange={(v) => v && setTarget(v)}
            />
            <Text>
              Всего <b>{hoursLabel(total)}</b> ч в неделю
            </Text>
          </Group>
          {cls && !cls.ownPlan && (
            <Text size="sm" c="dimmed">
              Класс {cls.name} учится по плану {cls.grade} классов. Изменение здесь создаст для него свой план
              (копию плана параллели).
            </Text>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Предмет</Table.Th>
                <Table.Th w={140}>Часов в неделю</Table.Th>
                <Table.Th w={200}>Оценивание</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const s = data.subjects.find((x) => x.id === r.subjectId);
                return (
                  <Table.Tr key={`${target}-${r.id}-${r.hoursPerWeek}-${r.marking}`}>
                    <Table.Td>{s?.name}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        size="xs"
                        aria-label={`${s?.name}: часов в неделю`}
                        disabled={!writable}
                        min={0}
                        max={12}
                        step={0.5}
                        decimalSeparator=","
                        defaultValue={r.hoursPerWeek}
                        onBlur={(e) => {
                          const v = Number(e.currentTarget.value.replace(',', '.'));
                          if (v !== r.hoursPerWeek)
                            save.mutate({ subjectId: r.subjectId, hoursPerWeek: v, marking: r.marking });
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={`${s?.name}: оценивание`}
                        disabled={!writable}
                        allowDeselect={false}
                        data={Object.entries(MARKING_LABELS).map(([value, label]) => ({ value, label }))}
                        value={r.marking}
                        onChange={(v) =>
                          v &&
                          save.mutate({
                            subjectId: r.subjectId,
                            hoursPerWeek: r.hoursPerWeek,
                            marking: v as MarkingMode,
                          })
                        }
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {writable && (
            <AddRow
              subjects={missing}
              onAdd={(subjectId) => save.mutate({ subjectId, hoursPerWeek: 1, marking: 'points' })}
            />
          )}
          {canWrite && <NewSubject call={call} />}
        </>
      )}
    </Stack>
  );
}

function AddRow({ subjects, onAdd }: { subjects: { id: number; name: string }[]; onAdd(id: number): void }) {
  const [subject, setSubject] = useState<string | null>(null);
  return (
    <Group align="flex-end">
      <Select
        label="Добавить предмет в план"
        w={360}
        searchable
        data={subjects.map((s) => ({ value: String(s.id), label: s.name }))}
        value={subject}
        onChange={setSubject}
      />
      <Button disabled={!subject} onClick={() => subject && onAdd(Number(subject))}>
        Добавить (1 ч)
      </Button>
    </Group>
  );
}

/** A subject the federal list does not have (a school's own course). */
function NewSubject({ call }: { call: Call }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const add = useMutation({
    mutationFn: () => call('year.addSubject', { name, shortName }),
    onSuccess: () => {
      setName('');
      setShortName('');
      void client.invalidateQueries({ queryKey: ['year.curriculum'] });
    },
  });
  return (
    <Stack gap="xs">
      <Title order={4}>Новый предмет школы</Title>
      <Group align="flex-end">
        <TextInput label="Название" value={name} onChange={(e) => setName(e.currentTarget.value)} w={320} />
        <TextInput
          label="Краткое название"
          value={shortName}
          onChange={(e) => setShortName(e.currentTarget.value)}
          w={160}
        />
        <Button variant="light" loading={add.isPending} onClick={() => add.mutate()}>
          Добавить предмет
        </Button>
      </Group>
      {add.error && (
        <Alert color="red" role="alert">
          {message(add.error, 'Предмет не добавлен')}
        </Alert>
      )}
    </Stack>
  );
}
