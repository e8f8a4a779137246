import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Input, MethodName } from '../../shared/api/contract';
import { addDays, formatDate } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import { PERIODS_OF_KIND, type PeriodKind, type YearCalendar } from '../../shared/school-year/contract';
import { timetableDay } from '../../shared/school-year/school-days';
import type { Call } from '../api/client';
import { checkInput } from '../common/form';
import { Loading, message, useCanWrite, useSelectedYear, YearPicker } from './common';
import './year.css';

const MONTHS = [
  'Январь',
  'Февраль',
  'Март',
  'Апрель',
  'Май',
  'Июнь',
  'Июль',
  'Август',
  'Сентябрь',
  'Октябрь',
  'Ноябрь',
  'Декабрь',
];
const WEEKDAY_NAMES = ['', 'понедельника', 'вторника', 'среды', 'четверга', 'пятницы', 'субботы'];
const DAY_NUMBERS = Array.from({ length: 31 }, (_, i) => i + 1);
const ROMAN = ['I', 'II', 'III', 'IV'];
const band = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);

/** The deputy's «Учебный год»: the calendar as months × days, periods, holidays, transfers, bells. */
export function YearScreen({ call }: { call: Call }) {
  const canWrite = useCanWrite(call);
  const { years, list, year, choose } = useSelectedYear(call);
  const client = useQueryClient();
  const cal = useQuery({
    queryKey: ['year.calendar', year?.id],
    queryFn: () => call('year.calendar', { yearId: year!.id }),
    enabled: !!year,
  });
  const [creating, setCreating] = useState(false);
  const [rolling, setRolling] = useState(false);
  if (years.isPending) return <Loading error={null} what="" />;
  if (years.isError) return <Loading error={years.error} what="учебные годы" />;
  const writable = canWrite && !!year && !year.archived;
  const onSaved = (c: YearCalendar) => client.setQueryData(['year.calendar', c.year.id], c);
  return (
    <Stack maw={1200}>
      <Group justify="space-between">
        <Title order={2}>Учебный год</Title>
        <Group>
          {list.length > 0 && <YearPicker list={list} year={year} choose={choose} />}
          {canWrite && <Button onClick={() => setCreating(true)}>Новый учебный год</Button>}
          {writable && (
            <Button variant="light" onClick={() => setRolling(true)}>
              Перевод в следующий год
            </Button>
          )}
        </Group>
      </Group>
      {creating && (
        <CreateYear
          call={call}
          suggested={list.length ? Number(list.at(-1)!.startsOn.slice(0, 4)) + 1 : schoolYearOfToday()}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            choose(id);
            void client.invalidateQueries({ queryKey: ['year.years'] });
          }}
        />
      )}
      {rolling && year && (
        <Rollover call={call} yearId={year.id} onClose={() => setRolling(false)} onDone={choose} />
      )}
      {!year && <Text>Учебных годов пока нет. Создайте первый по федеральному календарю.</Text>}
      {year && !cal.data && <Loading error={cal.error} what="календарь" />}
      {cal.data && (
        <Tabs defaultValue="calendar" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="calendar">Календарь</Tabs.Tab>
            <Tabs.Tab value="periods">Периоды</Tabs.Tab>
            <Tabs.Tab value="holidays">Каникулы</Tabs.Tab>
            <Tabs.Tab value="changes">Переносы</Tabs.Tab>
            <Tabs.Tab value="bells">Звонки</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="calendar" pt="md">
            <CalendarView cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="periods" pt="md">
            <Periods cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="holidays" pt="md">
            <Holidays cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="changes" pt="md">
            <Changes cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="bells" pt="md">
            <Bells cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

interface PanelProps {
  cal: YearCalendar;
  call: Call;
  writable: boolean;
  onSaved(c: YearCalendar): void;
}

/** A save through a method that answers the calendar: checked with its schema first, errors shown. */
function useCalendarSave<M extends MethodName>(call: Call, method: M, onSaved: (c: YearCalendar) => void) {
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (values: Input<M>) => {
      const checked = checkInput(method, values);
      if (!checked.ok) throw new Error(Object.values(checked.errors)[0] ?? 'Проверьте поля формы');
      return (await call(method, values)) as YearCalendar;
    },
    onSuccess: (c) => {
      setError(null);
      onSaved(c);
    },
    onError: (e) => setError(message(e, e instanceof Error ? e.message : 'Не удалось сохранить')),
  });
  return { save, error, setError };
}

function CreateYear({
  call,
  suggested,
  onClose,
  onCreated,
}: {
  call: Call;
  suggested: number;
  onClose(): void;
  onCreated(id: number): void;
}) {
  const [startYear, setStartYear] = useState<number | string>(suggested);
  const create = useMutation({
    mutationFn: () => call('year.create', { startYear: Number(startYear) }),
    onSuccess: (y) => {
      onCreated(y.id);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Новый учебный год">
      <Stack>
        <Text size="sm">
          Год создаётся по федеральному календарю (четверти, полугодия 10–11 классов, каникулы), с расписанием
          звонков и федеральным учебным планом. Потом всё можно изменить.
        </Text>
        <NumberInput
          label="Год начала (1 сентября)"
          value={startYear}
          onChange={setStartYear}
          min={2000}
          max={2100}
          error={create.error ? message(create.error, 'Не удалось создать год') : null}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button loading={create.isPending} onClick={() => create.mutate()}>
            Создать {Number(startYear)}/{Number(startYear) + 1}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Rollover({
  call,
  yearId,
  onClose,
  onDone,
}: {
  call: Call;
  yearId: number;
  onClose(): void;
  onDone(id: number): void;
}) {
  const client = useQueryClient();
  const classes = useQuery({
    queryKey: ['year.classes', yearId],
    queryFn: () => call('year.classes', { yearId }),
  });
  const [continuing, setContinuing] = useState<number[]>([]);
  const run = useMutation({
    mutationFn: () => call('year.rollover', { fromYearId: yearId, continuing }),
    onSuccess: (r) => {
      void client.invalidateQueries();
      onDone(r.year.id);
    },
  });
  const ninth = classes.data?.classes.filter((c) => c.grade === 9) ?? [];
  return (
    <Modal opened onClose={onClose} title="Перевод в следующий учебный год" size="lg">
      {run.data ? (
        <Stack>
          <Alert color="green">
            Создано {countOf(run.data.classes, 'класс', 'класса', 'классов')} учебного года{' '}
            {run.data.year.name}, переведено {countOf(run.data.students, 'ученик', 'ученика', 'учеников')},
            выпущено {countOf(run.data.graduates, 'ученик', 'ученика', 'учеников')}. Прошлый год переведён в
            архив.
          </Alert>
          <Button onClick={onClose}>Готово</Button>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            Классы переходят в следующую параллель (5А → 6А) с теми же классными руководителями; ученики
            зачисляются с начала нового года. 11 классы выпускаются. Отметьте 9 классы, которые продолжают
            обучение в 10 классе. Этот год станет архивным: его можно смотреть, но не изменять.
          </Text>
          {ninth.map((c) => (
            <Checkbox
              key={c.id}
              label={`${c.name} продолжает обучение (станет ${10}${c.letter})`}
              checked={continuing.includes(c.id)}
              onChange={(e) =>
                setContinuing(
                  e.currentTarget.checked ? [...continuing, c.id] : continuing.filter((x) => x !== c.id),
                )
              }
            />
          ))}
          {run.error && (
            <Alert color="red" role="alert">
              {message(run.error, 'Перевод не выполнен')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button color="orange" loading={run.isPending} onClick={() => run.mutate()}>
              Перевести и закрыть год
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** The year as months × days for one grade: school days, holidays, transfers, weekends (the one rule). */
function CalendarView({ cal, call, writable, onSaved }: PanelProps) {
  const [grade, setGrade] = useState('5');
  const days = useCalendarSave(call, 'year.setDaysPerWeek', onSaved);
  const g = Number(grade);
  const rule = {
    startsOn: cal.year.startsOn,
    endsOn: cal.year.endsOn,
    holidays: cal.holidays,
    changes: cal.changes,
    daysPerWeek: cal.daysPerWeek,
  };
  const months: { year: number; month: number }[] = [];
  for (let d = `${cal.year.startsOn.slice(0, 7)}-01`; d <= cal.year.endsOn; ) {
    const y = Number(d.slice(0, 4));
    const m = Number(d.slice(5, 7));
    months.push({ year: y, month: m });
    d = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  }
  let total = 0;
  const rows = months.map(({ year, month }) => {
    let count = 0;
    const cells = Array.from({ length: 31 }, (_, i) => {
      const date = `${year}-${String(month).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`;
      if (addDays(date, 0).slice(5, 7) !== date.slice(5, 7) || Number.isNaN(Date.parse(date)))
        return <Table.Td key={date} />;
      const real = new Date(`${date}T00:00:00Z`);
      if (real.getUTCMonth() + 1 !== month) return <Table.Td key={date} />;
      const day = timetableDay(rule, g, date);
      const change = cal.changes.find((c) => c.date === date);
      const holiday = cal.holidays.find(
        (h) => g >= h.gradeFrom && g <= h.gradeTo && date >= h.startsOn && date <= h.endsOn,
      );
      const inYear = date >= cal.year.startsOn && date <= cal.year.endsOn;
      if (day !== null) count++;
      const kind = !inYear
        ? 'out'
        : day !== null
          ? change
            ? 'transfer'
            : 'school'
          : holiday
            ? 'holiday'
            : change
              ? 'off'
              : 'weekend';
      const title = holiday
        ? holiday.name
        : change
          ? change.kind === 'school_day'
            ? `Рабочий день по расписанию ${WEEKDAY_NAMES[change.followsWeekday ?? 0]}`
            : `Выходной по переносу${change.reason ? `: ${change.reason}` : ''}`
          : undefined;
      return (
        <Table.Td key={date} className={`year-day year-day-${kind}`} title={title} data-date={date}>
          {i + 1}
        </Table.Td>
      );
    });
    total += count;
    return (
      <Table.Tr key={`${year}-${month}`}>
        <Table.Th>
          {MONTHS[month - 1]} {year}
        </Table.Th>
        {cells}
        <Table.Td>{count}</Table.Td>
      </Table.Tr>
    );
  });
  return (
    <Stack>
      <Group>
        <Select
          label="Параллель"
          w={180}
          allowDeselect={false}
          data={Array.from({ length: 11 }, (_, i) => ({ value: String(i + 1), label: `${i + 1} класс` }))}
          value={grade}
          onChange={(v) => v && setGrade(v)}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Учебная неделя (2–11 классы)
          </Text>
          <SegmentedControl
            disabled={!writable}
            data={[
              { value: '5', label: 'пятидневная' },
              { value: '6', label: 'шестидневная' },
            ]}
            value={String(cal.daysPerWeek)}
            onChange={(v) => days.save.mutate({ yearId: cal.year.id, daysPerWeek: Number(v) as 5 | 6 })}
          />
        </Stack>
        <Text>
          {cal.year.name}: {formatDate(cal.year.startsOn)} – {formatDate(cal.year.endsOn)}, у {g} класса{' '}
          <b>{countOf(total, 'учебный день', 'учебных дня', 'учебных дней')}</b>
        </Text>
      </Group>
      {days.error && <Alert color="red">{days.error}</Alert>}
      <Group gap="xs">
        <Badge className="year-day-school" variant="light" color="green">
          учебный день
        </Badge>
        <Badge variant="light" color="orange">
          каникулы, праздник
        </Badge>
        <Badge variant="light" color="blue">
          рабочий день по переносу
        </Badge>
        <Badge variant="light" color="red">
          выходной по переносу
        </Badge>
        <Badge variant="light" color="gray">
          выходной
        </Badge>
      </Group>
      <Table.ScrollContainer minWidth={1100}>
        <Table withTableBorder withColumnBorders className="year-calendar" fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Месяц</Table.Th>
              {DAY_NUMBERS.map((n) => (
                <Table.Th key={n}>{n}</Table.Th>
              ))}
              <Table.Th>Дней</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{rows}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Periods({ cal, call, writable, onSaved }: PanelProps) {
  const bands = [...new Map(cal.periods.map((p) => [`${p.gradeFrom}-${p.gradeTo}`, p])).values()];
  const [editing, setEditing] = useState<{ gradeFrom: number; gradeTo: number; kind: PeriodKind } | null>(
    null,
  );
  return (
    <Stack>
      {bands.map((b) => {
        const ps = cal.periods.filter((p) => p.gradeFrom === b.gradeFrom && p.gradeTo === b.gradeTo);
        return (
          <Stack key={`${b.gradeFrom}-${b.gradeTo}`} gap="xs">
            <Group>
              <Title order={4}>
                {band(b.gradeFrom, b.gradeTo)} классы: {PERIODS_OF_KIND[b.kind].plural}
              </Title>
              {writable && (
                <Button size="xs" variant="light" onClick={() => setEditing(b)}>
                  Изменить
                </Button>
              )}
            </Group>
            <Table withTableBorder maw={600}>
              <Table.Tbody>
                {ps.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>
                      {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
                    </Table.Td>
                    <Table.Td>{p.closed ? 'закрыт' : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        );
      })}
      {editing && (
        <PeriodsForm
          cal={cal}
          call={call}
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={onSaved}
        />
      )}
    </Stack>
  );
}

function PeriodsForm({
  cal,
  call,
  initial,
  onClose,
  onSaved,
}: {
  cal: YearCalendar;
  call: Call;
  initial: { gradeFrom: number; gradeTo: number; kind: PeriodKind };
  onClose(): void;
  onSaved(c: YearCalendar): void;
}) {
  const current = cal.periods.filter(
    (p) => p.gradeFrom === initial.gradeFrom && p.gradeTo === initial.gradeTo,
  );
  const [kind, setKind] = useState<PeriodKind>(initial.kind);
  const [dates, setDates] = useState(current.map((p) => ({ startsOn: p.startsOn, endsOn: p.endsOn })));
  const count = PERIODS_OF_KIND[kind].count;
  const shown = Array.from({ length: count }, (_, i) => dates[i] ?? { startsOn: '', endsOn: '' });
  const { save, error } = useCalendarSave(call, 'year.setPeriods', (c) => {
    onSaved(c);
    onClose();
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Периоды ${band(initial.gradeFrom, initial.gradeTo)} классов`}
      size="lg"
    >
      <Stack>
        <SegmentedControl
          data={(['quarter', 'trimester', 'half_year'] as const).map((k) => ({
            value: k,
            label: PERIODS_OF_KIND[k].plural,
          }))}
          value={kind}
          onChange={(v) => setKind(v as PeriodKind)}
        />
        {shown.map((d, i) => (
          <Group key={ROMAN[i]} grow>
            <TextInput
              type="date"
              label={`${ROMAN[i]} ${PERIODS_OF_KIND[kind].noun}: начало`}
              value={d.startsOn}
              onChange={(e) => {
                const next = [...shown];
                next[i] = { ...d, startsOn: e.currentTarget.value };
                setDates(next);
              }}
            />
            <TextInput
              type="date"
              label="конец"
              value={d.endsOn}
              onChange={(e) => {
                const next = [...shown];
                next[i] = { ...d, endsOn: e.currentTarget.value };
                setDates(next);
              }}
            />
          </Group>
        ))}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                yearId: cal.year.id,
                kind,
                gradeFrom: initial.gradeFrom,
                gradeTo: initial.gradeTo,
                periods: shown,
              })
            }
          >
            Сохранить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface HolidayForm {
  holidayId: number | null;
  name: string;
  gradeFrom: number;
  gradeTo: number;
  startsOn: string;
  endsOn: string;
}

function Holidays({ cal, call, writable, onSaved }: PanelProps) {
  const [form, setForm] = useState<HolidayForm | null>(null);
  const { save, error, setError } = useCalendarSave(call, 'year.saveHoliday', (c) => {
    onSaved(c);
    setForm(null);
  });
  const remove = useCalendarSave(call, 'year.deleteHoliday', onSaved);
  return (
    <Stack>
      {writable && (
        <Group>
          <Button
            size="xs"
            onClick={() => {
              setError(null);
              setForm({ holidayId: null, name: '', gradeFrom: 1, gradeTo: 11, startsOn: '', endsOn: '' });
            }}
          >
            Добавить каникулы или праздник
          </Button>
        </Group>
      )}
      <Table withTableBorder striped maw={900}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Название</Table.Th>
            <Table.Th>Классы</Table.Th>
            <Table.Th>Даты</Table.Th>
            <Table.Th>Дней</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cal.holidays.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td>{h.name}</Table.Td>
              <Table.Td>{band(h.gradeFrom, h.gradeTo)}</Table.Td>
              <Table.Td>
                {h.startsOn === h.endsOn
                  ? formatDate(h.startsOn)
                  : `${formatDate(h.startsOn)} – ${formatDate(h.endsOn)}`}
              </Table.Td>
              <Table.Td>{(Date.parse(h.endsOn) - Date.parse(h.startsOn)) / 86_400_000 + 1}</Table.Td>
              <Table.Td>
                {writable && (
                  <Group gap="xs" justify="flex-end">
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-label={`Изменить: ${h.name} ${formatDate(h.startsOn)}`}
                      onClick={() => {
                        setError(null);
                        setForm({
                          holidayId: h.id,
                          name: h.name,
                          gradeFrom: h.gradeFrom,
                          gradeTo: h.gradeTo,
                          startsOn: h.startsOn,
                          endsOn: h.endsOn,
                        });
                      }}
                    >
                      Изменить
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.save.mutate({ holidayId: h.id })}
                    >
                      Удалить
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {form && (
        <Modal
          opened
          onClose={() => setForm(null)}
          title={form.holidayId ? 'Изменить каникулы' : 'Новые каникулы'}
        >
          <Stack>
            <TextInput
              label="Название"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <Group grow>
              <NumberInput
                label="Классы с"
                min={1}
                max={11}
                value={form.gradeFrom}
                onChange={(v) => setForm({ ...form, gradeFrom: Number(v) })}
              />
              <NumberInput
                label="Классы по"
                min={1}
                max={11}
                value={form.gradeTo}
                onChange={(v) => setForm({ ...form, gradeTo: Number(v) })}
              />
            </Group>
            <Group grow>
              <TextInput
                type="date"
                label="Начало"
                value={form.startsOn}
                onChange={(e) => setForm({ ...form, startsOn: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label="Конец"
                value={form.endsOn}
                onChange={(e) => setForm({ ...form, endsOn: e.currentTarget.value })}
              />
            </Group>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setForm(null)}>
                Отмена
              </Button>
              <Button loading={save.isPending} onClick={() => save.mutate({ ...form, yearId: cal.year.id })}>
                Сохранить
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

function Changes({ cal, call, writable, onSaved }: PanelProps) {
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'day_off' | 'school_day'>('school_day');
  const [follows, setFollows] = useState<string | null>('1');
  const [reason, setReason] = useState('');
  const { save, error } = useCalendarSave(call, 'year.saveChange', onSaved);
  const remove = useCalendarSave(call, 'year.deleteChange', onSaved);
  return (
    <Stack>
      <Text size="sm">
        Перенос: будний день становится выходным, или суббота (воскресенье) — рабочим днём по расписанию
        другого дня недели.
      </Text>
      <Table withTableBorder striped maw={900}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Дата</Table.Th>
            <Table.Th>Что</Table.Th>
            <Table.Th>Основание</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cal.changes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>Переносов нет</Table.Td>
            </Table.Tr>
          )}
          {cal.changes.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{formatDate(c.date)}</Table.Td>
              <Table.Td>
                {c.kind === 'school_day'
                  ? `рабочий день по расписанию ${WEEKDAY_NAMES[c.followsWeekday ?? 0]}`
                  : 'выходной день'}
              </Table.Td>
              <Table.Td>{c.reason}</Table.Td>
              <Table.Td>
                {writable && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => remove.save.mutate({ changeId: c.id })}
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
          <TextInput type="date" label="Дата" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          <Select
            label="Становится"
            w={200}
            allowDeselect={false}
            data={[
              { value: 'school_day', label: 'рабочим днём' },
              { value: 'day_off', label: 'выходным днём' },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v as typeof kind)}
          />
          {kind === 'school_day' && (
            <Select
              label="По расписанию"
              w={180}
              allowDeselect={false}
              data={[1, 2, 3, 4, 5, 6].map((d) => ({ value: String(d), label: WEEKDAY_NAMES[d]! }))}
              value={follows}
              onChange={setFollows}
            />
          )}
          <TextInput
            label="Основание"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            w={260}
          />
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                yearId: cal.year.id,
                date,
                kind,
                followsWeekday: kind === 'school_day' ? Number(follows) : null,
                reason,
              })
            }
          >
            Добавить перенос
          </Button>
        </Group>
      )}
      {(error || remove.error) && (
        <Alert color="red" role="alert">
          {error ?? remove.error}
        </Alert>
      )}
    </Stack>
  );
}

function Bells({ cal, call, writable, onSaved }: PanelProps) {
  return (
    <Group align="flex-start">
      {cal.bellSchedules.map((s) => (
        <BellTable
          key={`${s.id}-${JSON.stringify(s.bells)}`}
          schedule={s}
          call={call}
          writable={writable}
          onSaved={onSaved}
        />
      ))}
    </Group>
  );
}

function BellTable({
  schedule,
  call,
  writable,
  onSaved,
}: {
  schedule: YearCalendar['bellSchedules'][number];
  call: Call;
  writable: boolean;
  onSaved(c: YearCalendar): void;
}) {
  const [bells, setBells] = useState(schedule.bells);
  const { save, error } = useCalendarSave(call, 'year.saveBells', onSaved);
  const set = (i: number, field: 'startsAt' | 'endsAt', value: string) =>
    setBells(bells.map((b, k) => (k === i ? { ...b, [field]: value } : b)));
  return (
    <Stack gap="xs" w={280}>
      <Title order={5}>{schedule.name}</Title>
      <Text size="xs" c="dimmed">
        {formatDate(schedule.validFrom)} – {formatDate(schedule.validTo)}
      </Text>
      <Table withTableBorder>
        <Table.Tbody>
          {bells.map((b, i) => (
            <Table.Tr key={b.number}>
              <Table.Td>{b.number}</Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Урок ${b.number}: начало`}
                  disabled={!writable}
                  value={b.startsAt}
                  onChange={(e) => set(i, 'startsAt', e.currentTarget.value)}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Урок ${b.number}: конец`}
                  disabled={!writable}
                  value={b.endsAt}
                  onChange={(e) => set(i, 'endsAt', e.currentTarget.value)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {writable && (
        <Button
          size="xs"
          variant="subtle"
          onClick={() =>
            setBells([...bells, { number: (bells.at(-1)?.number ?? 0) + 1, startsAt: '', endsAt: '' }])
          }
        >
          Добавить урок
        </Button>
      )}
      {writable && (
        <Button
          size="xs"
          variant="light"
          loading={save.isPending}
          onClick={() => save.mutate({ scheduleId: schedule.id, bells })}
        >
          Сохранить звонки
        </Button>
      )}
    </Stack>
  );
}

/**
 * The first year of a new journal is the one the school is in: from January to June that year began
 * the September before (a school starting its journal in March wants 2026/2027, not 2027/2028).
 */
function schoolYearOfToday(): number {
  const now = new Date();
  return now.getMonth() < 6 ? now.getFullYear() - 1 : now.getFullYear();
}
