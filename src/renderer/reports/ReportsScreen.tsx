import { Alert, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMonth, localIsoDate, monthRange } from '../../shared/i18n/dates';
import type { ExportFormat, ReportKind, ReportOptions, ReportRequest } from '../../shared/reports/contract';
import type { YearSummary } from '../../shared/school-year/contract';
import { type Call, errorText } from '../api/client';
import { download, PDF_TYPE, XLSX_TYPE } from '../common/files';
import { Loading, useSelectedYear, YearPicker } from '../school-year/common';
import { ReportView } from './ReportView';

/**
 * «Отчёты»: the user picks a report and its parameters; the screen shows the Report the service
 * builds, and «PDF» / «Excel» ask reports.export for the same report as a file. What is offered
 * follows reports.options: the administration every class and the school; a class teacher their
 * class; a subject teacher the итоги of their own subjects.
 */

const KIND_TITLES: Record<ReportKind, string> = {
  achievementLedger: 'Сводная ведомость успеваемости',
  results: 'Итоги успеваемости',
  attendance: 'Посещаемость',
  classTeacher: 'Отчёт классного руководителя',
  dynamics: 'Динамика среднего балла',
  fill: 'Заполнение журнала',
  accessLog: 'Доступ к страницам журнала',
};

/** Reports of one class (the class teacher's and the administration's). */
const CLASS_REPORTS: ReportKind[] = ['achievementLedger', 'classTeacher', 'attendance', 'dynamics'];
/** Reports of a month of the whole school (the administration's control of the journal). */
const MONTH_REPORTS: ReportKind[] = ['fill', 'accessLog'];

/** The months of the year, September to the year's end: «2026-11» → «Ноябрь 2026». */
function monthsOf(year: YearSummary): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  let [y, m] = year.startsOn.split('-').map(Number) as [number, number];
  const end = year.endsOn.slice(0, 7);
  for (;;) {
    const value = `${y}-${String(m).padStart(2, '0')}`;
    if (value > end) break;
    out.push({ value, label: formatMonth(y, m, true) });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const ALL = 'all';

/**
 * What посещаемость counts, as the selector's value: «month:2026-11», «period:12» (a четверть or
 * полугодие) or «year» (the whole school year).
 */
type AttendanceSpan = `month:${string}` | `period:${string}` | 'year';

function attendanceSpan(span: string): { month: string } | { periodId: number } | { wholeYear: true } {
  if (span === 'year') return { wholeYear: true };
  if (span.startsWith('period:')) return { periodId: Number(span.slice('period:'.length)) };
  return { month: span.slice('month:'.length) };
}

interface Choice {
  kind: ReportKind;
  classId: string | null;
  periodId: string | null;
  month: string | null;
  /** Посещаемость's own choice of month, period or year. */
  span: AttendanceSpan | null;
}

/** The request for the current choice, or null while a parameter it needs is missing. */
function requestOf(c: Choice, yearId: number): ReportRequest | null {
  const classId = c.classId && c.classId !== ALL ? Number(c.classId) : undefined;
  switch (c.kind) {
    case 'achievementLedger':
      return classId ? { kind: c.kind, params: { classId, yearId } } : null;
    case 'classTeacher':
      return classId && c.periodId
        ? { kind: c.kind, params: { classId, periodId: Number(c.periodId) } }
        : null;
    case 'results':
      return c.periodId ? { kind: c.kind, params: { periodId: Number(c.periodId), classId } } : null;
    case 'attendance':
      return c.span ? { kind: c.kind, params: { yearId, ...attendanceSpan(c.span), classId } } : null;
    case 'dynamics':
      return classId ? { kind: c.kind, params: { yearId, classId } } : null;
    case 'fill':
      return c.month ? { kind: c.kind, params: { month: c.month } } : null;
    case 'accessLog':
      return c.month ? { kind: c.kind, params: monthRange(c.month) } : null;
  }
}

function fetchReport(call: Call, request: ReportRequest) {
  switch (request.kind) {
    case 'achievementLedger':
      return call('reports.achievementLedger', request.params);
    case 'results':
      return call('reports.results', request.params);
    case 'attendance':
      return call('reports.attendance', request.params);
    case 'classTeacher':
      return call('reports.classTeacher', request.params);
    case 'dynamics':
      return call('reports.dynamics', request.params);
    case 'fill':
      return call('reports.fill', request.params);
    case 'accessLog':
      return call('reports.accessLog', request.params);
  }
}

function kindsFor(options: ReportOptions): ReportKind[] {
  if (options.schoolWide)
    return ['achievementLedger', 'results', 'attendance', 'classTeacher', 'dynamics', 'fill', 'accessLog'];
  if (options.classes.some((c) => c.leads))
    return ['achievementLedger', 'results', 'attendance', 'classTeacher', 'dynamics'];
  return ['results'];
}

export function ReportsScreen({ call }: { call: Call }) {
  const { years, list, year, choose } = useSelectedYear(call);
  const options = useQuery({
    queryKey: ['reports.options', year?.id],
    queryFn: () => call('reports.options', { yearId: year!.id }),
    enabled: !!year,
  });
  const [choice, setChoice] = useState<Choice>({
    kind: 'achievementLedger',
    classId: null,
    periodId: null,
    month: null,
    span: null,
  });
  const opts = options.data;
  const kinds = opts ? kindsFor(opts) : [];
  const kind = kinds.includes(choice.kind) ? choice.kind : (kinds[0] ?? 'results');
  const classes = (opts?.classes ?? []).filter((c) => !CLASS_REPORTS.includes(kind) || c.leads);
  const classChoice = classes.some((c) => String(c.id) === choice.classId) ? choice.classId : null;
  const cls = classes.find((c) => String(c.id) === classChoice);
  const periods = (opts?.periods ?? []).filter(
    (p) => !cls || (p.gradeFrom <= cls.grade && cls.grade <= p.gradeTo),
  );
  const periodChoice = periods.some((p) => String(p.id) === choice.periodId) ? choice.periodId : null;
  const months = year ? monthsOf(year) : [];
  // The month reports open on this month (a past year's on its last month): what a deputy checks.
  const thisMonth = localIsoDate(new Date()).slice(0, 7);
  const month = months.some((m) => m.value === choice.month)
    ? choice.month
    : ((months.find((m) => m.value === thisMonth) ?? months.at(-1))?.value ?? null);
  const periodLabel = (p: (typeof periods)[number]) =>
    cls ? p.name : `${p.name} (${p.gradeFrom}–${p.gradeTo} кл.)`;
  // Посещаемость: a month, a period of the class's grade (every period for the school), or the year.
  const spans = [
    { group: 'Месяц', items: months.map((m) => ({ value: `month:${m.value}`, label: m.label })) },
    {
      group: 'Учебный период',
      items: periods.map((p) => ({ value: `period:${p.id}`, label: periodLabel(p) })),
    },
    { group: 'Год', items: [{ value: 'year', label: 'Весь учебный год' }] },
  ];
  const spanChoice = spans.some((g) => g.items.some((i) => i.value === choice.span))
    ? choice.span
    : month
      ? (`month:${month}` as AttendanceSpan)
      : null;
  const current = {
    kind,
    classId: classChoice,
    periodId: periodChoice,
    month,
    span: spanChoice,
  };
  const request = year ? requestOf(current, year.id) : null;
  const report = useQuery({
    queryKey: ['reports.view', request],
    queryFn: () => fetchReport(call, request!),
    enabled: !!request,
  });
  const exporting = useMutation({
    mutationFn: (format: ExportFormat) => call('reports.export', { report: request!, format }),
    onSuccess: (file, format) => download(file, format === 'pdf' ? PDF_TYPE : XLSX_TYPE),
    onError: (e) =>
      notifications.show({ color: 'red', message: errorText(e, 'Не удалось подготовить файл') }),
  });
  const set = (patch: Partial<Choice>) => setChoice({ ...current, ...patch });

  if (years.isPending) return <Loading error={null} what="" />;
  if (years.isError) return <Loading error={years.error} what="учебные годы" />;
  const wholeSchool = opts?.schoolWide && (kind === 'results' || kind === 'attendance');
  const needsPeriod = kind === 'results' || kind === 'classTeacher';
  return (
    <Stack maw={1500}>
      <Group justify="space-between">
        <Title order={2}>Отчёты</Title>
        {list.length > 0 && <YearPicker list={list} year={year} choose={choose} />}
      </Group>
      {!year && <Alert color="yellow">В школе ещё не задан учебный год.</Alert>}
      {options.isError && <Loading error={options.error} what="список классов" />}
      {opts && (
        <Group align="flex-end">
          <Select
            label="Отчёт"
            w={300}
            allowDeselect={false}
            data={kinds.map((k) => ({ value: k, label: KIND_TITLES[k] }))}
            value={kind}
            onChange={(v) => v && set({ kind: v as ReportKind })}
          />
          {kind !== 'fill' && kind !== 'accessLog' && (
            <Select
              label="Класс"
              w={160}
              placeholder={wholeSchool ? 'Вся школа' : 'Выберите класс'}
              clearable={!!wholeSchool || kind === 'results'}
              data={[
                ...(wholeSchool ? [{ value: ALL, label: 'Вся школа' }] : []),
                ...classes.map((c) => ({ value: String(c.id), label: c.name })),
              ]}
              value={classChoice}
              onChange={(v) => set({ classId: v })}
            />
          )}
          {needsPeriod && (
            <Select
              label="Период"
              w={220}
              placeholder="Выберите период"
              data={periods.map((p) => ({ value: String(p.id), label: periodLabel(p) }))}
              value={periodChoice}
              onChange={(v) => set({ periodId: v })}
            />
          )}
          {kind === 'attendance' && (
            <Select
              label="За период"
              w={240}
              placeholder="Месяц, четверть или год"
              data={spans}
              value={spanChoice}
              onChange={(v) => set({ span: v as AttendanceSpan | null })}
            />
          )}
          {MONTH_REPORTS.includes(kind) && (
            <Select
              label="Месяц"
              w={180}
              placeholder="Выберите месяц"
              allowDeselect={false}
              data={months}
              value={month}
              onChange={(v) => set({ month: v })}
            />
          )}
          <Button
            variant="default"
            disabled={!report.data}
            loading={exporting.isPending && exporting.variables === 'pdf'}
            onClick={() => exporting.mutate('pdf')}
          >
            PDF
          </Button>
          <Button
            variant="default"
            disabled={!report.data}
            loading={exporting.isPending && exporting.variables === 'xlsx'}
            onClick={() => exporting.mutate('xlsx')}
          >
            Excel
          </Button>
        </Group>
      )}
      {opts && !request && (
        <Text size="sm" c="dimmed">
          Выберите{' '}
          {CLASS_REPORTS.includes(kind) && !classChoice && kind !== 'attendance'
            ? 'класс'
            : needsPeriod
              ? 'период'
              : kind === 'attendance'
                ? 'месяц, учебный период или год'
                : 'месяц'}
          , чтобы построить отчёт.
        </Text>
      )}
      {report.isFetching && !report.data && <Loading error={null} what="" />}
      {report.isError && <Loading error={report.error} what="отчёт" />}
      {report.data && request && <ReportView report={report.data} />}
    </Stack>
  );
}
