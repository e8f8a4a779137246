import { Alert, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { addDays, formatDate, localIsoDate, mondayOf } from '../../shared/i18n/dates';
import type { Call } from '../api/client';
import { download, PDF_TYPE } from '../common/files';
import { DateField } from './DateField';
import { errorText } from './queries';

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
