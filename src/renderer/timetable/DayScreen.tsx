import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import {
  formatDate,
  formatDayHeading,
  isValidIsoDate,
  localIsoDate,
  parseRuDate,
} from '../../shared/i18n/dates';
import type { DayLesson } from '../../shared/timetable/contract';
import { type Call, CallError } from '../api/client';
import { loadLabel } from './TimetableScreen';
import { TimetableTabs } from './TimetableTabs';

const message = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);

type Action =
  | { kind: 'cancel'; lesson: DayLesson }
  | { kind: 'substitute'; lesson: DayLesson }
  | { kind: 'move'; lesson: DayLesson }
  | { kind: 'add' };

/** «Замены»: one day's lessons of the school, with отмена, перенос, замена and an added lesson. */
export function DayScreen({
  call,
  user,
  initialDate,
}: {
  call: Call;
  user: SessionUser;
  initialDate?: string;
}) {
  const client = useQueryClient();
  const [date, setDate] = useState<string>(
    initialDate && isValidIsoDate(initialDate) ? initialDate : localIsoDate(new Date()),
  );
  const [action, setAction] = useState<Action | null>(null);
  const [classFilter, setClassFilter] = useState<string | null>(null);
  const day = useQuery({ queryKey: ['timetable.day', date], queryFn: () => call('timetable.day', { date }) });
  const overview = useQuery({
    queryKey: ['timetable.overview'],
    queryFn: () => call('timetable.overview', {}),
  });
  const editable = user.roles.includes('deputy');
  const shown = day.data?.lessons.filter((l) => classFilter === null || l.classId === Number(classFilter));
  // A change shows in the day and in the month's register.
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['timetable.day'] });
    void client.invalidateQueries({ queryKey: ['timetable.register'] });
  };
  const restore = useMutation({
    mutationFn: (lessonId: number) => call('timetable.restoreLesson', { lessonId }),
    onSuccess: refresh,
  });

  return (
    <Stack>
      <TimetableTabs user={user} active="day" />
      <Title order={2}>Замены и изменения дня</Title>
      <Group align="end">
        <DateInput
          dateParser={(text) => parseRuDate(text)}
          label="День"
          value={date}
          onChange={(v) => v && setDate(v)}
          valueFormat="DD.MM.YYYY"
          w={160}
        />
        <Select
          label="Класс"
          placeholder="Все классы"
          w={140}
          data={(overview.data?.classes ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          value={classFilter}
          onChange={setClassFilter}
          clearable
          searchable
        />
        {editable && (
          <Button variant="default" onClick={() => setAction({ kind: 'add' })}>
            Добавить урок
          </Button>
        )}
      </Group>
      <Text fw={500}>{formatDayHeading(date)}</Text>
      {restore.isError && (
        <Alert color="red" role="alert">
          {message(restore.error, 'Не удалось вернуть урок')}
        </Alert>
      )}
      {day.isPending && <Loader aria-label="Загрузка" />}
      {day.isError && (
        <Alert color="red" role="alert">
          {message(day.error, 'Не удалось загрузить уроки дня')}
        </Alert>
      )}
      {shown && shown.length === 0 && <Text>В этот день уроков нет.</Text>}
      {shown && shown.length > 0 && (
        <Table striped withTableBorder aria-label="Уроки дня">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Класс</Table.Th>
              <Table.Th>№</Table.Th>
              <Table.Th>Предмет</Table.Th>
              <Table.Th>Учитель</Table.Th>
              <Table.Th>Изменения</Table.Th>
              {editable && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((l) => (
              <Table.Tr key={l.lessonId} style={l.cancelled ? { opacity: 0.6 } : undefined}>
                <Table.Td>{l.className}</Table.Td>
                <Table.Td>{l.number}</Table.Td>
                <Table.Td>
                  {l.subjectName}
                  {l.groupName ? ` (${l.groupName})` : ''}
                </Table.Td>
                <Table.Td>
                  {l.teacherId !== l.regularTeacherId ? (
                    <>
                      {l.teacherName}{' '}
                      <Text span size="xs" c="dimmed">
                        вместо {l.regularTeacherName}
                      </Text>
                    </>
                  ) : (
                    l.teacherName
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {l.cancelled && <Badge color="red">Отменён: {l.cancelReason}</Badge>}
                    {l.teacherId !== l.regularTeacherId && <Badge color="blue">Замена</Badge>}
                    {l.movedFrom && (
                      <Badge color="grape">
                        Перенесён с {formatDate(l.movedFrom.date)}, {l.movedFrom.number}-й урок
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                {editable && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {l.cancelled ? (
                        <Button
                          size="compact-xs"
                          variant="default"
                          onClick={() => restore.mutate(l.lessonId)}
                        >
                          Вернуть
                        </Button>
                      ) : (
                        <>
                          <Button
                            size="compact-xs"
                            variant="default"
                            onClick={() => setAction({ kind: 'substitute', lesson: l })}
                          >
                            Заменить
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="default"
                            onClick={() => setAction({ kind: 'cancel', lesson: l })}
                          >
                            Отменить
                          </Button>
                          {!l.holdsData && (
                            <Button
                              size="compact-xs"
                              variant="default"
                              onClick={() => setAction({ kind: 'move', lesson: l })}
                            >
                              Перенести
                            </Button>
                          )}
                        </>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {action && (
        <ActionDialog
          call={call}
          action={action}
          date={date}
          teachers={overview.data?.teachers ?? []}
          classes={overview.data?.classes ?? []}
          onDone={() => {
            setAction(null);
            refresh();
          }}
          onClose={() => setAction(null)}
        />
      )}
    </Stack>
  );
}

const TITLES = {
  cancel: 'Отменить урок',
  substitute: 'Замена',
  move: 'Перенести урок',
  add: 'Добавить урок',
};

function ActionDialog({
  call,
  action,
  date,
  teachers,
  classes,
  onDone,
  onClose,
}: {
  call: Call;
  action: Action;
  date: string;
  teachers: { id: number; name: string }[];
  classes: { id: number; name: string }[];
  onDone(): void;
  onClose(): void;
}) {
  const [reason, setReason] = useState('');
  const [teacherId, setTeacherId] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(action.kind === 'add' ? date : null);
  const [number, setNumber] = useState<number | string>(action.kind === 'move' ? action.lesson.number : 1);
  const [classId, setClassId] = useState<string | null>(null);
  const [loadId, setLoadId] = useState<string | null>(null);
  const loads = useQuery({
    queryKey: ['timetable.classTimetable', Number(classId), undefined],
    queryFn: () => call('timetable.classTimetable', { classId: Number(classId) }),
    enabled: action.kind === 'add' && classId !== null,
  });
  const run = useMutation({
    mutationFn: async () => {
      const n = Number(number);
      switch (action.kind) {
        case 'cancel':
          return call('timetable.cancelLesson', { lessonId: action.lesson.lessonId, reason });
        case 'substitute':
          return call('timetable.substitute', {
            lessonId: action.lesson.lessonId,
            teacherId: Number(teacherId),
          });
        case 'move':
          return call('timetable.moveLesson', {
            lessonId: action.lesson.lessonId,
            date: target ?? '',
            number: n,
          });
        case 'add':
          return call('timetable.addLesson', { loadId: Number(loadId), date: target ?? '', number: n });
      }
    },
    onSuccess: onDone,
  });
  const lesson = action.kind === 'add' ? null : action.lesson;
  return (
    <Modal opened onClose={onClose} title={TITLES[action.kind]}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <Stack>
          {lesson && (
            <Text size="sm">
              {lesson.className}, {lesson.number}-й урок, {lesson.subjectName}
              {lesson.groupName ? ` (${lesson.groupName})` : ''} — {lesson.regularTeacherName}
            </Text>
          )}
          {action.kind === 'cancel' && (
            <TextInput
              label="Причина отмены"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          )}
          {action.kind === 'substitute' && (
            <Select
              label="Кто проводит урок"
              data={teachers.map((t) => ({ value: String(t.id), label: t.name }))}
              value={teacherId}
              onChange={setTeacherId}
              searchable
            />
          )}
          {action.kind === 'add' && (
            <>
              <Select
                label="Класс"
                data={classes.map((c) => ({ value: String(c.id), label: c.name }))}
                value={classId}
                onChange={(v) => {
                  setClassId(v);
                  setLoadId(null);
                }}
                searchable
              />
              <Select
                label="Предмет и учитель"
                data={(loads.data?.loads ?? []).map((l) => ({
                  value: String(l.loadId),
                  label: loadLabel(l),
                }))}
                value={loadId}
                onChange={setLoadId}
                disabled={classId === null}
              />
            </>
          )}
          {(action.kind === 'move' || action.kind === 'add') && (
            <Group grow>
              <DateInput
                dateParser={(text) => parseRuDate(text)}
                label="Дата"
                value={target}
                onChange={setTarget}
                valueFormat="DD.MM.YYYY"
                placeholder="ДД.ММ.ГГГГ"
              />
              <NumberInput
                label="Номер урока"
                value={number}
                onChange={setNumber}
                min={0}
                max={10}
                allowDecimal={false}
              />
            </Group>
          )}
          {run.isError && (
            <Alert color="red" role="alert">
              {message(run.error, 'Не удалось сохранить')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={run.isPending}>
              Сохранить
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
