import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
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
import type { Input, MethodName } from '../../shared/api/contract';
import { countOf } from '../../shared/i18n/plural';
import type { ClassesOverview } from '../../shared/school-year/contract';
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

type ClassRow = ClassesOverview['classes'][number];

/** «Классы и нагрузка»: classes with their class teachers, groups, and the load with its warnings. */
export function ClassesScreen({ call }: { call: Call }) {
  const canWrite = useCanWrite(call);
  const { years, list, year, choose } = useSelectedYear(call);
  const [selected, setSelected] = useState<number | null>(null);
  const data = useQuery({
    queryKey: ['year.classes', year?.id],
    queryFn: () => call('year.classes', { yearId: year!.id }),
    enabled: !!year,
  });
  if (years.isPending) return <Loading error={null} what="" />;
  if (years.isError) return <Loading error={years.error} what="учебные годы" />;
  const writable = canWrite && !!year && !year.archived;
  const overview = data.data;
  const current = overview?.classes.find((c) => c.id === selected);
  return (
    <Stack maw={1200}>
      <Group justify="space-between">
        <Title order={2}>Классы и нагрузка</Title>
        {list.length > 0 && <YearPicker list={list} year={year} choose={choose} />}
      </Group>
      {year && !overview && <Loading error={data.error} what="классы" />}
      {overview && year && (
        <>
          <Table withTableBorder striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Класс</Table.Th>
                <Table.Th>Классный руководитель</Table.Th>
                <Table.Th>Учеников</Table.Th>
                <Table.Th>Нагрузка</Table.Th>
                <Table.Th>Расхождения с учебным планом</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overview.classes.map((c) => (
                <Table.Tr
                  key={c.id}
                  onClick={() => setSelected(c.id)}
                  style={{ cursor: 'pointer' }}
                  bg={c.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                >
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setSelected(c.id)}>
                      {c.name}
                    </Button>
                  </Table.Td>
                  <Table.Td>{c.classTeacherName ?? '—'}</Table.Td>
                  <Table.Td>{c.students}</Table.Td>
                  <Table.Td>{countOf(c.loads.length, 'предмет', 'предмета', 'предметов')}</Table.Td>
                  <Table.Td>
                    {c.warnings.length > 0 ? (
                      <Badge color="orange" variant="light">
                        {countOf(c.warnings.length, 'расхождение', 'расхождения', 'расхождений')}
                      </Badge>
                    ) : (
                      <Badge color="green" variant="light">
                        нет
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {writable && (
            <ClassForm call={call} yearId={year.id} teachers={overview.teachers} onSaved={setSelected} />
          )}
          {current && (
            <ClassCard
              key={current.id}
              call={call}
              cls={current}
              overview={overview}
              writable={writable}
              yearId={year.id}
            />
          )}
        </>
      )}
    </Stack>
  );
}

/** A save that refreshes the classes overview; errors in Russian under the form. */
function useSave<M extends MethodName>(call: Call, method: M, after?: (v: unknown) => void) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (values: Input<M>) => {
      const checked = checkInput(method, values);
      if (!checked.ok) throw new Error(Object.values(checked.errors)[0] ?? 'Проверьте поля формы');
      return call(method, values);
    },
    onSuccess: (v) => {
      setError(null);
      after?.(v);
      void client.invalidateQueries({ queryKey: ['year.classes'] });
      void client.invalidateQueries({ queryKey: ['year.curriculum'] });
    },
    onError: (e) => setError(message(e, e instanceof Error ? e.message : 'Не сохранено')),
  });
  return { save, error };
}

function ClassForm({
  call,
  yearId,
  teachers,
  onSaved,
}: {
  call: Call;
  yearId: number;
  teachers: ClassesOverview['teachers'];
  onSaved(id: number): void;
}) {
  const [grade, setGrade] = useState<string | null>('5');
  const [letter, setLetter] = useState('');
  const [teacher, setTeacher] = useState<string | null>(null);
  const { save, error } = useSave(call, 'year.saveClass', (v) => {
    setLetter('');
    onSaved((v as { id: number }).id);
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>Новый класс</Title>
        <Group align="flex-end">
          <Select
            label="Параллель"
            w={110}
            allowDeselect={false}
            data={Array.from({ length: 11 }, (_, i) => String(i + 1))}
            value={grade}
            onChange={setGrade}
          />
          <TextInput label="Буква" w={80} value={letter} onChange={(e) => setLetter(e.currentTarget.value)} />
          <Select
            label="Классный руководитель"
            w={320}
            searchable
            clearable
            data={teachers.map((t) => ({ value: String(t.id), label: t.name }))}
            value={teacher}
            onChange={setTeacher}
          />
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                yearId,
                classId: null,
                grade: Number(grade),
                letter,
                classTeacherId: teacher ? Number(teacher) : null,
              })
            }
          >
            Создать класс {grade}
            {letter.toUpperCase()}
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function ClassCard({
  call,
  cls,
  overview,
  writable,
  yearId,
}: {
  call: Call;
  cls: ClassRow;
  overview: ClassesOverview;
  writable: boolean;
  yearId: number;
}) {
  const teacherOptions = overview.teachers.map((t) => ({ value: String(t.id), label: t.name }));
  const subjectOptions = overview.subjects.map((s) => ({ value: String(s.id), label: s.name }));
  const classTeacher = useSave(call, 'year.saveClass');
  const group = useSave(call, 'year.saveGroup');
  const delGroup = useSave(call, 'year.deleteGroup');
  const load = useSave(call, 'year.saveLoad');
  const delLoad = useSave(call, 'year.deleteLoad');
  const [groupSubject, setGroupSubject] = useState<string | null>(null);
  const [groupName, setGroupName] = useState('');
  const [loadSubject, setLoadSubject] = useState<string | null>(null);
  const [loadGroup, setLoadGroup] = useState<string | null>(null);
  const [loadTeacher, setLoadTeacher] = useState<string | null>(null);
  const [hours, setHours] = useState<number | string>(1);
  const groupsOfSubject = cls.groups.filter((g) => String(g.subjectId) === loadSubject);
  const errors = [classTeacher.error, group.error, delGroup.error, load.error, delLoad.error].filter(Boolean);
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={3}>Класс {cls.name}</Title>
          <Select
            label="Классный руководитель"
            w={340}
            searchable
            disabled={!writable}
            data={teacherOptions}
            value={cls.classTeacherId ? String(cls.classTeacherId) : null}
            onChange={(v) =>
              classTeacher.save.mutate({
                yearId,
                classId: cls.id,
                grade: cls.grade,
                letter: cls.letter,
                classTeacherId: v ? Number(v) : null,
              })
            }
          />
        </Group>
        {cls.warnings.length > 0 && (
          <Alert color="orange" title="Нагрузка расходится с учебным планом">
            <List size="sm">
              {cls.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {errors.map((e) => (
          <Alert key={e} color="red" role="alert">
            {e}
          </Alert>
        ))}
        <Title order={4}>Нагрузка</Title>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Предмет</Table.Th>
              <Table.Th>Группа</Table.Th>
              <Table.Th>Учитель</Table.Th>
              <Table.Th>Часов</Table.Th>
              <Table.Th>Оценивание</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cls.loads.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.subjectName}</Table.Td>
                <Table.Td>{l.groupName ?? 'весь класс'}</Table.Td>
                <Table.Td>{l.teacherName}</Table.Td>
                <Table.Td>{hoursLabel(l.hoursPerWeek)}</Table.Td>
                <Table.Td>{MARKING_LABELS[l.marking]}</Table.Td>
                <Table.Td>
                  {writable && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => delLoad.save.mutate({ loadId: l.id })}
                    >
                      Удалить
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {writable && (
          <Group align="flex-end">
            <Select
              label="Предмет"
              w={280}
              searchable
              data={subjectOptions}
              value={loadSubject}
              onChange={(v) => {
                setLoadSubject(v);
                setLoadGroup(null);
              }}
            />
            <Select
              label="Группа"
              w={160}
              clearable
              placeholder="весь класс"
              data={groupsOfSubject.map((g) => ({ value: String(g.id), label: g.name }))}
              value={loadGroup}
              onChange={setLoadGroup}
            />
            <Select
              label="Учитель"
              w={280}
              searchable
              data={teacherOptions}
              value={loadTeacher}
              onChange={setLoadTeacher}
            />
            <NumberInput
              label="Часов в неделю"
              w={130}
              min={0.5}
              max={12}
              step={0.5}
              decimalSeparator=","
              value={hours}
              onChange={setHours}
            />
            <Button
              loading={load.save.isPending}
              onClick={() =>
                load.save.mutate({
                  loadId: null,
                  classId: cls.id,
                  groupId: loadGroup ? Number(loadGroup) : null,
                  subjectId: Number(loadSubject),
                  teacherId: Number(loadTeacher),
                  hoursPerWeek: Number(hours),
                })
              }
            >
              Назначить
            </Button>
          </Group>
        )}
        <Title order={4}>Группы (подгруппы)</Title>
        {cls.groups.length === 0 && <Text size="sm">Класс не делится на группы.</Text>}
        {cls.groups.map((g) => (
          <Group key={g.id} gap="xs">
            <Text size="sm">
              {g.subjectName}: {g.name}
            </Text>
            {writable && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => delGroup.save.mutate({ groupId: g.id })}
              >
                Удалить
              </Button>
            )}
          </Group>
        ))}
        {writable && (
          <Group align="flex-end">
            <Select
              label="Предмет группы"
              w={280}
              searchable
              data={subjectOptions}
              value={groupSubject}
              onChange={setGroupSubject}
            />
            <TextInput
              label="Название"
              placeholder="1 группа"
              w={160}
              value={groupName}
              onChange={(e) => setGroupName(e.currentTarget.value)}
            />
            <Button
              variant="light"
              onClick={() =>
                group.save.mutate({ classId: cls.id, subjectId: Number(groupSubject), name: groupName })
              }
            >
              Добавить группу
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
