import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import { countOf } from '../../shared/i18n/plural';
import type { RosterStudent } from '../../shared/students/schemas';
import { topic } from '../../shared/sync/topics';
import type { Call } from '../api/client';
import { CardDialog } from './CardDialog';
import { GroupsTab } from './GroupsTab';
import { CancelMovementDialog, type Movement, MovementDialog } from './MovementDialog';
import { PaperPrints, ReportCardPrints, usePaperPrintAccess } from './PaperPrints';
import { errorText } from './queries';
import { enrollmentText } from './text';

const ACCESS_NOTE = {
  edit: null,
  read: 'Только просмотр: список ведут классный руководитель и администратор.',
  list: 'Список класса для учителя-предметника: личные данные учеников — в карточках у классного руководителя.',
} as const;

/** One class: its list with movement, each student's card, movement dialogs, and the groups tab. */
export function ClassScreen({ classId, call }: { classId: number; call: Call }) {
  const [cardOf, setCardOf] = useState<number | null>(null);
  const [movement, setMovement] = useState<Movement | null>(null);
  const [undo, setUndo] = useState<RosterStudent | null>(null);
  const roster = useQuery({
    queryKey: ['students.classList', classId],
    queryFn: () => call('students.classList', { classId }),
    meta: { topics: [topic.class(classId)] },
  });
  const printable = usePaperPrintAccess(classId, roster.data?.class.access, call);
  if (roster.isPending) return <Loader aria-label="Загрузка" />;
  if (roster.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(roster.error, 'Не удалось загрузить список класса')}
      </Alert>
    );
  const r = roster.data;
  const edit = r.class.access === 'edit';
  const list = r.class.access === 'list';
  const current = r.students.filter((s) => s.current);
  const others = r.students.filter((s) => !s.current);
  const row = (s: RosterStudent, i: number | null) => (
    <Table.Tr key={s.id} data-student={fullName(s)}>
      <Table.Td w={40}>{i === null ? '' : `${i + 1}.`}</Table.Td>
      <Table.Td>
        {list ? (
          fullName(s)
        ) : (
          <Anchor component="button" type="button" ta="left" onClick={() => setCardOf(s.id)}>
            {fullName(s)}
          </Anchor>
        )}
      </Table.Td>
      {!list && <Table.Td>{s.birthDate ? formatDate(s.birthDate) : ''}</Table.Td>}
      <Table.Td>
        {s.enrollments
          .flatMap((e) => enrollmentText(e, r.class.yearStartsOn))
          .map((line) => (
            <Text key={line} size="sm">
              {line}
            </Text>
          ))}
      </Table.Td>
      {edit && (
        <Table.Td>
          {s.enrollments.at(-1)?.leftKind != null && !r.class.archived && (
            <Button size="xs" variant="subtle" color="gray" onClick={() => setUndo(s)}>
              Отменить движение
            </Button>
          )}
          {s.current && s.enrollments.at(-1)?.to === null && (
            <Group gap="xs" wrap="nowrap">
              <Button size="xs" variant="default" onClick={() => setMovement({ kind: 'leave', student: s })}>
                Выбыл
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() => setMovement({ kind: 'transfer', student: s })}
              >
                Перевод
              </Button>
            </Group>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
  return (
    <Stack maw={1200}>
      <Group justify="space-between">
        <div>
          <Title order={2}>
            {r.class.name} класс, {r.class.academicYear}
          </Title>
          <Text c="dimmed">
            Классный руководитель: {r.class.classTeacherName ?? 'не назначен'} ·{' '}
            {countOf(r.class.studentCount, 'ученик', 'ученика', 'учеников')}
            {r.class.archived && ' · год в архиве'}
          </Text>
        </div>
        {edit && <Button onClick={() => setMovement({ kind: 'arrive' })}>Прибыл ученик</Button>}
      </Group>
      {ACCESS_NOTE[r.class.access] && (
        <Text size="sm" c="dimmed">
          {ACCESS_NOTE[r.class.access]}
        </Text>
      )}
      <Tabs defaultValue="list" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list">Ученики</Tabs.Tab>
          <Tabs.Tab value="groups">Группы</Tabs.Tab>
          {printable && <Tabs.Tab value="print">Печать</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <Table withTableBorder aria-label={`Список класса ${r.class.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>№</Table.Th>
                <Table.Th>Ученик</Table.Th>
                {!list && <Table.Th>Дата рождения</Table.Th>}
                <Table.Th>Движение</Table.Th>
                {edit && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {current.map((s, i) => row(s, i))}
              {others.length > 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Badge variant="light" color="gray">
                      Выбывшие и переведённые
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              )}
              {others.map((s) => row(s, null))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
        <Tabs.Panel value="groups" pt="md">
          <GroupsTab classId={classId} call={call} />
        </Tabs.Panel>
        {printable && (
          <Tabs.Panel value="print" pt="md">
            <Stack>
              <PaperPrints classId={classId} className={r.class.name} call={call} />
              <ReportCardPrints classId={classId} students={current} call={call} />
            </Stack>
          </Tabs.Panel>
        )}
      </Tabs>
      <CardDialog studentId={cardOf} call={call} onClose={() => setCardOf(null)} />
      <MovementDialog movement={movement} roster={r} call={call} onClose={() => setMovement(null)} />
      <CancelMovementDialog
        student={undo}
        classId={classId}
        className={r.class.name}
        call={call}
        onClose={() => setUndo(null)}
      />
    </Stack>
  );
}
