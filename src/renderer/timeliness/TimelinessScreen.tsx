import {
  Alert,
  Button,
  Group,
  Loader,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import { addDays, formatDate, formatMoment, localIsoDate } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import { LATE_KIND_NAMES } from '../../shared/timeliness/contract';
import { type DeadlineRule, deadlineText } from '../../shared/timeliness/rules';
import { type Call, errorText } from '../api/client';
import { checkInput } from '../common/form';

/**
 * «Своевременность заполнения» (004 §4.2, §4.5; 000 §4.3): the school's deadline for a lesson's page
 * (the deputy sets it) and, for a period, per teacher the lessons filled after it or still without a
 * topic — lessons whose deadline is still ahead are not counted as omissions.
 */
export function TimelinessScreen({ call, user }: { call: Call; user: SessionUser }) {
  const canEdit = user.roles.includes('deputy');
  const today = localIsoDate(new Date());
  const [from, setFrom] = useState(addDays(today, -30));
  const [teacherId, setTeacherId] = useState<string | null>(null);
  const report = useQuery({
    queryKey: ['timeliness.report', from, today, teacherId],
    queryFn: () =>
      call('timeliness.report', { from, to: today, teacherId: teacherId ? Number(teacherId) : null }),
  });
  // Every teacher to pick from, whichever one the report shows now.
  const overview = useQuery({
    queryKey: ['timetable.overview'],
    queryFn: () => call('timetable.overview', {}),
  });
  const ranges = [
    { value: addDays(today, -7), label: 'за неделю' },
    { value: addDays(today, -30), label: 'за 30 дней' },
    { value: addDays(today, -90), label: 'за 90 дней' },
  ];
  return (
    <Stack>
      <Title order={2}>Своевременность заполнения журнала</Title>
      <RuleCard call={call} canEdit={canEdit} />
      <Group align="end">
        <Select
          label="Период"
          data={ranges}
          value={from}
          onChange={(v) => v && setFrom(v)}
          allowDeselect={false}
          w={180}
        />
        <Select
          label="Учитель"
          placeholder="Все учителя"
          data={(overview.data?.teachers ?? []).map((t) => ({ value: String(t.id), label: t.name }))}
          value={teacherId}
          onChange={setTeacherId}
          clearable
          searchable
          w={240}
        />
      </Group>
      {report.isPending && <Loader aria-label="Загрузка" />}
      {report.isError && (
        <Alert color="red" role="alert">
          {errorText(report.error, 'Не удалось построить отчёт')}
        </Alert>
      )}
      {report.data && (
        <>
          <Text size="sm" c="dimmed">
            Уроки с {formatDate(report.data.from)} по {formatDate(report.data.to)}, срок которых уже прошёл (
            {report.data.rule}).
          </Text>
          <Table withTableBorder aria-label="Своевременность по учителям" maw={820}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Учитель</Table.Th>
                <Table.Th>Уроков проведено</Table.Th>
                <Table.Th>Заполнено с опозданием</Table.Th>
                <Table.Th>Без темы урока</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.teachers.map((t) => (
                <Table.Tr key={t.teacherId}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>{t.lessons}</Table.Td>
                  <Table.Td c={t.late > 0 ? 'orange.8' : undefined}>{t.late}</Table.Td>
                  <Table.Td c={t.missing > 0 ? 'red.8' : undefined}>{t.missing}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {report.data.lessons.length === 0 ? (
            <Text>Все уроки периода заполнены вовремя.</Text>
          ) : (
            <>
              <Title order={4}>
                {countOf(report.data.lessons.length + report.data.more, 'урок', 'урока', 'уроков')} с
                замечаниями
              </Title>
              <Table withTableBorder striped aria-label="Уроки с замечаниями">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Дата</Table.Th>
                    <Table.Th>№</Table.Th>
                    <Table.Th>Класс</Table.Th>
                    <Table.Th>Предмет</Table.Th>
                    <Table.Th>Учитель</Table.Th>
                    <Table.Th>Замечание</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.data.lessons.map((l) => (
                    <Table.Tr key={l.lessonId}>
                      <Table.Td>{formatDate(l.date)}</Table.Td>
                      <Table.Td>{l.number}</Table.Td>
                      <Table.Td>{l.className}</Table.Td>
                      <Table.Td>{l.subjectName}</Table.Td>
                      <Table.Td>{l.teacherName}</Table.Td>
                      <Table.Td>
                        {[
                          ...(l.missingTopic ? ['тема не записана'] : []),
                          ...l.late.map(
                            (f) => `${LATE_KIND_NAMES[f.kind]} с опозданием (${formatMoment(f.enteredAt)})`,
                          ),
                        ].join('; ')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {report.data.more > 0 && (
                <Text size="sm">Показаны первые 500; сузьте период или выберите учителя.</Text>
              )}
            </>
          )}
        </>
      )}
    </Stack>
  );
}

/** The deadline rule: read by everybody here, changed by the deputy. */
function RuleCard({ call, canEdit }: { call: Call; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const rule = useQuery({ queryKey: ['timeliness.rule'], queryFn: () => call('timeliness.rule', {}) });
  const [kind, setKind] = useState<DeadlineRule['kind']>('same_day');
  const [time, setTime] = useState('17:00');
  const [days, setDays] = useState<number | string>(3);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!rule.data) return;
    setKind(rule.data.kind);
    if (rule.data.kind === 'same_day') setTime(rule.data.time);
    else setDays(rule.data.days);
  }, [rule.data]);
  const save = useMutation({
    mutationFn: (input: DeadlineRule) => call('timeliness.saveRule', input),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Срок заполнения сохранён' });
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ['timeliness.rule'] });
      void queryClient.invalidateQueries({ queryKey: ['timeliness.report'] });
    },
    onError: (e) => setError(errorText(e, 'Не удалось сохранить')),
  });
  if (!rule.data) return <Loader aria-label="Загрузка" />;
  if (!canEdit) return <Text>Срок заполнения: {deadlineText(rule.data)}.</Text>;
  const submit = () => {
    const values =
      kind === 'same_day' ? { kind, time } : { kind, days: typeof days === 'number' ? days : Number.NaN };
    const checked = checkInput('timeliness.saveRule', values);
    if (!checked.ok) {
      setError(Object.values(checked.errors)[0] ?? 'Проверьте срок');
      return;
    }
    save.mutate(checked.input);
  };
  return (
    <Stack gap="xs" maw={560}>
      <Text fw={500}>Срок заполнения страницы урока</Text>
      <SegmentedControl
        aria-label="Правило срока"
        value={kind}
        onChange={(v) => setKind(v as DeadlineRule['kind'])}
        data={[
          { value: 'same_day', label: 'В день урока до времени' },
          { value: 'days', label: 'В течение нескольких дней' },
        ]}
      />
      <Group align="end">
        {kind === 'same_day' ? (
          <TextInput
            label="До (ЧЧ:ММ)"
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
            w={140}
          />
        ) : (
          <NumberInput label="Дней после урока" value={days} onChange={setDays} min={1} max={14} w={180} />
        )}
        <Button onClick={submit} loading={save.isPending}>
          Сохранить
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
