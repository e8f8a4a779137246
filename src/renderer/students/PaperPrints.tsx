import {
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../shared/api/contract';
import type { Role } from '../../shared/auth/roles';
import { addDays, formatDate, localIsoDate, mondayOf } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import type { ClassAccess, RosterStudent } from '../../shared/students/schemas';
import { type Call, CallError } from '../api/client';
import { download, PDF_TYPE } from '../common/files';
import { DateField } from './DateField';
import { errorText } from './queries';

/** The roles the router lets print both documents of the tab (the contract's own lists). */
const rolesOf = (roles: readonly Role[] | 'anyone'): readonly Role[] => (roles === 'anyone' ? [] : roles);
const PRINT_ROLES: readonly Role[] = rolesOf(api['diary.classWeekPdf'].roles).filter((r) =>
  rolesOf(api['diary.reportCards'].roles).includes(r),
);

/** The report card's period list: the tab's first call, with the same roles and scope as printing. */
const periodsQuery = (call: Call, classId: number) => ({
  queryKey: ['diary.classPeriods', classId],
  queryFn: () => call('diary.classPeriods', { classId }),
});

/**
 * Whether the «Печать» tab of a class is shown: only to whom the router lets print there — a role of
 * the contract (a teacher, the deputy, the director; not the administrator or the inspector) and the
 * scope `paperClass` (a teacher only for the class they lead). Who leads the class is not guessed
 * here: the period list, asked with the very same roles and scope, answers FORBIDDEN for anyone else
 * (a subject teacher, with the list alone, is not even asked). No refused call of the user's is made
 * for a role the contract leaves out.
 */
export function usePaperPrintAccess(classId: number, access: ClassAccess | undefined, call: Call): boolean {
  const me = useQuery({
    queryKey: ['auth.me', 'paper-prints'],
    queryFn: () => call('auth.me', {}),
    staleTime: 60_000,
  });
  const mayPrint = me.data?.roles.some((r) => PRINT_ROLES.includes(r)) ?? false;
  const asked = mayPrint && access !== undefined && access !== 'list';
  const periods = useQuery({ ...periodsQuery(call, classId), enabled: asked });
  if (!asked) return false;
  if (periods.isSuccess) return true;
  // A class without periods yet still prints its diaries: only a refusal of access hides the tab.
  return periods.isError && !(periods.error instanceof CallError && periods.error.code === 'FORBIDDEN');
}

/**
 * «Бумажные дневники за неделю» (001 ЭД §1): the class teacher prints, on Friday in one action, the
 * week's half-sheet diaries of the families without the electronic diary, or of the whole class.
 * The deputy and the director may print them for any class (the API checks who).
 */
export function PaperPrints({
  classId,
  className,
  call,
}: {
  classId: number;
  className: string;
  call: Call;
}) {
  const [date, setDate] = useState<string | null>(() => localIsoDate(new Date()));
  const [who, setWho] = useState<'paper' | 'all'>('paper');
  const print = useMutation({
    mutationFn: (day: string) =>
      call('diary.classWeekPdf', { classId, date: day, onlyPaper: who === 'paper' }),
    onSuccess: (file) => download(file, PDF_TYPE),
  });
  const monday = date ? mondayOf(date) : null;
  return (
    <Card withBorder padding="sm" component="section" aria-label="Бумажные дневники за неделю">
      <Stack gap="xs">
        <Title order={4}>Бумажные дневники за неделю</Title>
        <Group align="end">
          <DateField label="Неделя, в которую входит дата" value={date} onChange={setDate} required />
          <SegmentedControl
            aria-label="Кому печатать"
            value={who}
            onChange={(v) => setWho(v as 'paper' | 'all')}
            data={[
              { value: 'paper', label: 'Только семьи на бумажном дневнике' },
              { value: 'all', label: 'Весь класс' },
            ]}
          />
          <Button disabled={!date} loading={print.isPending} onClick={() => date && print.mutate(date)}>
            Скачать PDF
          </Button>
        </Group>
        {monday && (
          <Text size="sm" c="dimmed">
            {className}: неделя {formatDate(monday)} – {formatDate(addDays(monday, 5))}, по половине листа A4
            на ученика, с отрывной полосой для подписи родителя.
          </Text>
        )}
        {print.isError && (
          <Alert color="red" role="alert">
            {errorText(print.error, 'Не удалось подготовить дневники')}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/**
 * «Табель успеваемости» (002 §5.2): a period's report cards for the family, one A4 page a student —
 * the whole class in one PDF, or one student.
 */
export function ReportCardPrints(props: { classId: number; students: RosterStudent[]; call: Call }) {
  const { classId, call } = props;
  const periods = useQuery(periodsQuery(call, classId));
  const [periodId, setPeriodId] = useState<string | null>(null);
  const [studentId, setStudentId] = useState('');
  const today = localIsoDate(new Date());
  // By default the period today falls in, or the last one begun.
  const chosen =
    periodId ??
    String(periods.data?.filter((p) => p.startsOn <= today).at(-1)?.id ?? periods.data?.[0]?.id ?? '');
  const print = useMutation({
    mutationFn: () =>
      call('diary.reportCards', {
        classId,
        periodId: Number(chosen),
        ...(studentId ? { studentId: Number(studentId) } : {}),
      }),
    onSuccess: (file) => download(file, PDF_TYPE),
  });
  return (
    <Card withBorder padding="sm" component="section" aria-label="Табель успеваемости">
      <Stack gap="xs">
        <Title order={4}>Табель успеваемости</Title>
        {periods.isError && (
          <Alert color="red" role="alert">
            {errorText(periods.error, 'Не удалось загрузить учебные периоды')}
          </Alert>
        )}
        <Group align="end">
          <NativeSelect
            label="Период"
            value={chosen}
            onChange={(e) => setPeriodId(e.currentTarget.value)}
            data={(periods.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
          />
          <NativeSelect
            label="Кому"
            value={studentId}
            onChange={(e) => setStudentId(e.currentTarget.value)}
            data={[
              { value: '', label: 'Весь класс' },
              ...props.students.map((s) => ({ value: String(s.id), label: fullName(s) })),
            ]}
          />
          <Button disabled={!chosen} loading={print.isPending} onClick={() => print.mutate()}>
            Скачать табель (PDF)
          </Button>
        </Group>
        {print.isError && (
          <Alert color="red" role="alert">
            {errorText(print.error, 'Не удалось подготовить табель')}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
