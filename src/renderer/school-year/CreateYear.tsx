import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Call } from '../api/client';
import { message } from './common';

/** A new year from the federal defaults: the deputy names only the year it starts in. */
export function CreateYear({
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

/**
 * The first year of a new journal is the one the school is in: from January to June that year began
 * the September before (a school starting its journal in March wants 2026/2027, not 2027/2028).
 */
export function schoolYearOfToday(): number {
  const now = new Date();
  return now.getMonth() < 6 ? now.getFullYear() - 1 : now.getFullYear();
}
