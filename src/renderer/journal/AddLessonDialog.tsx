import { Alert, Button, Group, Modal, NumberInput, Stack } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useState } from 'react';
import type { Lesson } from '../../shared/journal/schemas';
import { type Call, CallError } from '../api/client';

interface Props {
  opened: boolean;
  loadId: number;
  call: Call;
  onAdded(lesson: Lesson): void;
  onClose(): void;
}

/** A lesson outside the timetable (an extra lesson, a moved one). */
export function AddLessonDialog({ opened, loadId, call, onAdded, onClose }: Props) {
  const [date, setDate] = useState<string | null>(null);
  const [number, setNumber] = useState<number | string>(1);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    if (!date) return setError('Выберите дату урока');
    setBusy(true);
    setError(null);
    try {
      onAdded(await call('journal.addLesson', { loadId, date, number: Number(number) }));
    } catch (e) {
      setError(e instanceof CallError ? e.message : 'Не удалось добавить урок');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Добавить урок">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <DateInput
            label="Дата"
            value={date}
            onChange={(v) => setDate(v)}
            valueFormat="DD.MM.YYYY"
            placeholder="ДД.ММ.ГГГГ"
          />
          <NumberInput
            label="Номер урока в расписании"
            value={number}
            onChange={setNumber}
            min={0}
            max={10}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={busy}>
              Добавить
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
