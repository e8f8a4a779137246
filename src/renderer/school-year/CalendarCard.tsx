import { Alert, Badge, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { addDays, formatDate, formatMonth } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import { timetableDay } from '../../shared/school-year/school-days';
import { type PanelProps, useCalendarSave, WEEKDAY_NAMES } from './common';

const DAY_NUMBERS = Array.from({ length: 31 }, (_, i) => i + 1);

/** The year as months × days for one grade: school days, holidays, transfers, weekends (the one rule). */
export function CalendarCard({ cal, call, writable, onSaved }: PanelProps) {
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
        <Table.Th>{formatMonth(year, month, true)}</Table.Th>
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
