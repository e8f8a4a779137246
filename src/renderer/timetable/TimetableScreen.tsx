import { Alert, Button, Group, Loader, MultiSelect, Select, Stack, Table, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import { formatDate, localIsoDate, parseRuDate } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import type { ClassTimetable, SaveResult, TimetableLoad } from '../../shared/timetable/contract';
import { type Call, CallError } from '../api/client';
import { TimetableTabs } from './TimetableTabs';

const DAY_NAMES = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота'];
const message = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);

export function loadLabel(l: TimetableLoad): string {
  return `${l.subjectName}${l.groupName ? ` (${l.groupName})` : ''} — ${l.teacherName}`;
}

/** «Расписание»: a class's week on a grid (days × lesson numbers), versioned by the date it starts. */
export function TimetableScreen({ call, user }: { call: Call; user: SessionUser }) {
  const overview = useQuery({
    queryKey: ['timetable.overview'],
    queryFn: () => call('timetable.overview', {}),
  });
  const [classId, setClassId] = useState<number | null>(null);
  const [versionId, setVersionId] = useState<number | undefined>(undefined);
  // What the last save did, kept here: the grid is built afresh for the version it created.
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const classes = overview.data?.classes ?? [];
  useEffect(() => {
    if (classId === null && classes[0]) setClassId(classes[0].id);
  }, [classId, classes]);
  const timetable = useQuery({
    queryKey: ['timetable.classTimetable', classId, versionId],
    queryFn: () => call('timetable.classTimetable', { classId: classId!, versionId }),
    enabled: classId !== null,
  });

  if (overview.isPending) return <Loader aria-label="Загрузка" />;
  if (overview.isError)
    return (
      <Alert color="red" role="alert">
        {message(overview.error, 'Не удалось загрузить классы')}
      </Alert>
    );
  return (
    <Stack>
      <TimetableTabs user={user} active="timetable" />
      <Title order={2}>
        Расписание {overview.data.yearName ? `на ${overview.data.yearName} учебный год` : ''}
      </Title>
      {classes.length === 0 && <Text>В этом учебном году ещё нет классов.</Text>}
      <Group align="end">
        <Select
          label="Класс"
          w={140}
          data={classes.map((c) => ({ value: String(c.id), label: c.name }))}
          value={classId === null ? null : String(classId)}
          onChange={(v) => {
            setClassId(v === null ? null : Number(v));
            setVersionId(undefined);
            setSaved(null);
          }}
          allowDeselect={false}
          searchable
        />
        {timetable.data && timetable.data.versions.length > 0 && (
          <Select
            label="Версия расписания"
            w={280}
            data={timetable.data.versions.map((v) => ({
              value: String(v.id),
              label: `с ${formatDate(v.validFrom)} по ${formatDate(v.validTo)}`,
            }))}
            value={timetable.data.versionId === null ? null : String(timetable.data.versionId)}
            onChange={(v) => {
              setVersionId(v === null ? undefined : Number(v));
              setSaved(null);
            }}
            allowDeselect={false}
          />
        )}
      </Group>
      {timetable.isPending && classId !== null && <Loader aria-label="Загрузка расписания" />}
      {timetable.isError && (
        <Alert color="red" role="alert">
          {message(timetable.error, 'Не удалось загрузить расписание')}
        </Alert>
      )}
      {timetable.data && (
        <Grid
          key={`${timetable.data.classId}/${timetable.data.versionId}`}
          call={call}
          data={timetable.data}
          editable={user.roles.includes('deputy')}
          today={localIsoDate(new Date())}
          onSaved={(r) => {
            setSaved(r);
            setVersionId(r.versionId);
          }}
        />
      )}
      {saved && <Saved result={saved} />}
    </Stack>
  );
}

function Grid({
  call,
  data,
  editable,
  today,
  onSaved,
}: {
  call: Call;
  data: ClassTimetable;
  editable: boolean;
  today: string;
  onSaved(result: SaveResult): void;
}) {
  const client = useQueryClient();
  const loads = useMemo(() => new Map(data.loads.map((l) => [l.loadId, l])), [data.loads]);
  const [cells, setCells] = useState<Map<string, string[]>>(() => {
    const m = new Map<string, string[]>();
    for (const s of data.slots) {
      const k = `${s.weekday}/${s.number}`;
      m.set(k, [...(m.get(k) ?? []), String(s.loadId)]);
    }
    return m;
  });
  const current = data.versions.find((v) => v.id === data.versionId);
  const [validFrom, setValidFrom] = useState<string | null>(
    current && current.validFrom > today
      ? current.validFrom
      : today < data.yearStartsOn
        ? data.yearStartsOn
        : today,
  );
  const maxNumber = Math.max(7, ...data.slots.map((s) => s.number));
  const [rows, setRows] = useState(maxNumber);
  const save = useMutation({
    mutationFn: () =>
      call('timetable.save', {
        classId: data.classId,
        validFrom: validFrom ?? '',
        slots: [...cells.entries()].flatMap(([k, ids]) => {
          const [weekday, number] = k.split('/').map(Number) as [number, number];
          return ids.map((id) => ({ weekday, number, loadId: Number(id) }));
        }),
      }),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: ['timetable.classTimetable', data.classId] });
      onSaved(r);
    },
  });
  const options = data.loads.map((l) => ({ value: String(l.loadId), label: loadLabel(l) }));
  const days = Array.from({ length: data.daysPerWeek }, (_, i) => i + 1);
  const numbers = Array.from({ length: rows }, (_, i) => i + 1);
  // Hours placed per load against the load's hours per week.
  const placed = new Map<number, number>();
  for (const ids of cells.values())
    for (const id of ids) placed.set(Number(id), (placed.get(Number(id)) ?? 0) + 1);

  return (
    <Stack>
      {data.versions.length === 0 && (
        <Text c="dimmed">
          У класса {data.className} ещё нет расписания{editable ? ': заполните неделю и сохраните.' : '.'}
        </Text>
      )}
      <Table withTableBorder withColumnBorders aria-label={`Расписание ${data.className}`} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>№</Table.Th>
            {days.map((d) => (
              <Table.Th key={d}>{DAY_NAMES[d - 1]}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {numbers.map((n) => (
            <Table.Tr key={n}>
              <Table.Td>{n}</Table.Td>
              {days.map((d) => {
                const k = `${d}/${n}`;
                const value = cells.get(k) ?? [];
                return (
                  <Table.Td key={d}>
                    {editable ? (
                      <MultiSelect
                        aria-label={`${DAY_NAMES[d - 1]}, ${n}-й урок`}
                        data={options}
                        value={value}
                        size="xs"
                        clearable
                        comboboxProps={{ width: 320, position: 'bottom-start' }}
                        onChange={(v) => setCells((prev) => new Map(prev).set(k, v))}
                      />
                    ) : (
                      <Text size="sm">
                        {value.map((id) => {
                          const l = loads.get(Number(id));
                          return l ? (
                            <span key={id}>
                              {loadLabel(l)}
                              <br />
                            </span>
                          ) : null;
                        })}
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editable && (
        <>
          <Group>
            <Button
              variant="subtle"
              size="xs"
              onClick={() => setRows((r) => Math.min(10, r + 1))}
              disabled={rows >= 10}
            >
              Добавить строку
            </Button>
          </Group>
          <Table aria-label="Часы нагрузки" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Нагрузка</Table.Th>
                <Table.Th>В неделю по нагрузке</Table.Th>
                <Table.Th>В расписании</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.loads.map((l) => {
                const n = placed.get(l.loadId) ?? 0;
                return (
                  <Table.Tr key={l.loadId}>
                    <Table.Td>{loadLabel(l)}</Table.Td>
                    <Table.Td>{l.hoursPerWeek}</Table.Td>
                    <Table.Td c={n === l.hoursPerWeek ? undefined : 'orange'}>{n}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group align="end">
            <DateInput
              label="Действует с"
              value={validFrom}
              onChange={(v) => setValidFrom(v)}
              valueFormat="DD.MM.YYYY"
              placeholder="ДД.ММ.ГГГГ"
              // Typed «01.09.2026» is read as a Russian date; Mantine's own parser reads it as 9 January.
              dateParser={(text) => parseRuDate(text)}
              minDate={data.yearStartsOn}
              maxDate={data.yearEndsOn}
              w={160}
            />
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!validFrom}>
              Сохранить расписание
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            Уроки с этой даты до следующей версии расписания создаются заново; уроки, в которых уже есть тема,
            задание, отметки или пропуски, остаются на своих местах.
          </Text>
        </>
      )}
      {save.isError && (
        <Alert color="red" role="alert" title="Расписание не сохранено">
          {message(save.error, 'Не удалось сохранить расписание')}
        </Alert>
      )}
    </Stack>
  );
}

function Saved({ result }: { result: SaveResult }) {
  return (
    <Alert color="green" title="Расписание сохранено" role="status">
      <Text size="sm">
        Действует с {formatDate(result.validFrom)} по {formatDate(result.validTo)}. Создано{' '}
        {countOf(result.created, 'урок', 'урока', 'уроков')}, удалено пустых:{' '}
        {countOf(result.removed, 'урок', 'урока', 'уроков')}.
      </Text>
      {result.kept.length > 0 && (
        <>
          <Text size="sm" mt="xs">
            Остались на прежних местах (в них уже есть записи) —{' '}
            {countOf(result.kept.length, 'урок', 'урока', 'уроков')}:
          </Text>
          <Table aria-label="Оставленные уроки">
            <Table.Tbody>
              {result.kept.map((k) => (
                <Table.Tr key={k.lessonId}>
                  <Table.Td>{formatDate(k.date)}</Table.Td>
                  <Table.Td>{k.number}-й урок</Table.Td>
                  <Table.Td>
                    {k.subjectName}
                    {k.groupName ? ` (${k.groupName})` : ''}
                  </Table.Td>
                  <Table.Td>{k.holds}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Alert>
  );
}
