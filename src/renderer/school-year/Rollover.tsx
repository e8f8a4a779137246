import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { countOf } from '../../shared/i18n/plural';
import type { Call } from '../api/client';
import { message } from './common';

/** The year closed and the next one opened: classes move up a grade, the 9th ones that stay are ticked. */
export function Rollover({
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
