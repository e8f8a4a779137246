import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { YearCalendar } from '../../shared/school-year/contract';
import type { Call } from '../api/client';
import { BellsCard } from './BellsCard';
import { CalendarCard } from './CalendarCard';
import { ChangesCard } from './ChangesCard';
import { CreateYear, schoolYearOfToday } from './CreateYear';
import { Loading, useCanWrite, useSelectedYear, YearPicker } from './common';
import { HolidaysCard } from './HolidaysCard';
import { PeriodsCard } from './PeriodsCard';
import { Rollover } from './Rollover';
import './year.css';

const TABS = [
  { value: 'calendar', label: 'Календарь', Card: CalendarCard },
  { value: 'periods', label: 'Периоды', Card: PeriodsCard },
  { value: 'holidays', label: 'Каникулы', Card: HolidaysCard },
  { value: 'changes', label: 'Переносы', Card: ChangesCard },
  { value: 'bells', label: 'Звонки', Card: BellsCard },
] as const;

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
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {TABS.map(({ value, Card }) => (
            <Tabs.Panel key={value} value={value} pt="md">
              <Card cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}
