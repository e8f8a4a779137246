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
            <CalendarCard cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="periods" pt="md">
            <PeriodsCard cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="holidays" pt="md">
            <HolidaysCard cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="changes" pt="md">
            <ChangesCard cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
          <Tabs.Panel value="bells" pt="md">
            <BellsCard cal={cal.data} call={call} writable={writable} onSaved={onSaved} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
