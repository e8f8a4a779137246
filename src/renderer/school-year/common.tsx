import { Alert, Group, Loader, Select, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Input, MethodName } from '../../shared/api/contract';
import type { YearCalendar, YearSummary } from '../../shared/school-year/contract';
import { type Call, CallError } from '../api/client';
import { checkInput } from '../common/form';

/** The message of a refused call, or a fallback for anything else. */
export const message = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);

const KEY = 'journal.year.selected';

/** Whether the signed-in user edits the year's set-up (the deputy); the others only read it. */
export function useCanWrite(call: Call): boolean {
  const me = useQuery({
    queryKey: ['auth.me', 'school-year'],
    queryFn: () => call('auth.me', {}),
    staleTime: 60_000,
  });
  return me.data?.roles.includes('deputy') ?? false;
}

/** The year the set-up screens show: chosen once, kept for this tab across the three screens. */
export function useSelectedYear(call: Call) {
  const years = useQuery({ queryKey: ['year.years'], queryFn: () => call('year.years', {}) });
  const [chosen, setChosen] = useState<number | null>(() => Number(sessionStorage.getItem(KEY)) || null);
  const list = years.data ?? [];
  const today = new Date().toISOString().slice(0, 10);
  const fallback =
    list.find((y) => !y.archived && y.startsOn <= today && y.endsOn >= today) ??
    list.filter((y) => !y.archived).at(-1) ??
    list.at(-1);
  const year: YearSummary | undefined = list.find((y) => y.id === chosen) ?? fallback;
  const choose = (id: number) => {
    sessionStorage.setItem(KEY, String(id));
    setChosen(id);
  };
  return { years, list, year, choose };
}

export function YearPicker({
  list,
  year,
  choose,
}: {
  list: YearSummary[];
  year: YearSummary | undefined;
  choose: (id: number) => void;
}) {
  return (
    <Group gap="xs">
      <Select
        aria-label="Учебный год"
        w={200}
        allowDeselect={false}
        data={list.map((y) => ({ value: String(y.id), label: `${y.name}${y.archived ? ' (архив)' : ''}` }))}
        value={year ? String(year.id) : null}
        onChange={(v) => v && choose(Number(v))}
      />
      {year?.archived && (
        <Text size="sm" c="dimmed">
          Год в архиве: только просмотр
        </Text>
      )}
    </Group>
  );
}

export function Loading({ error, what }: { error: unknown; what: string }) {
  if (!error) return <Loader aria-label="Загрузка" />;
  return (
    <Alert color="red" role="alert">
      {message(error, `Не удалось загрузить ${what}`)}
    </Alert>
  );
}

export const MARKING_LABELS = { points: 'отметки', pass_fail: 'зачёт', none: 'без отметок' } as const;

export const hoursLabel = (h: number) => String(h).replace('.', ',');

/** Weekdays by number (1 = Monday), in the genitive: «по расписанию вторника». */
export const WEEKDAY_NAMES = ['', 'понедельника', 'вторника', 'среды', 'четверга', 'пятницы', 'субботы'];
/** A band of grades as shown: «1» or «5–9». */
export const band = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);

/** What each tab of «Учебный год» gets: the calendar, and where a save it makes goes. */
export interface PanelProps {
  cal: YearCalendar;
  call: Call;
  writable: boolean;
  onSaved(c: YearCalendar): void;
}

/** A save through a method that answers the calendar: checked with its schema first, errors shown. */
export function useCalendarSave<M extends MethodName>(
  call: Call,
  method: M,
  onSaved: (c: YearCalendar) => void,
) {
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
