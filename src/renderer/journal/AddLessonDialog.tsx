import { Alert, Button, Group, Modal, NumberInput, Stack } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, type Input } from '../../shared/api/contract';
import { parseRuDate } from '../../shared/i18n/dates';
import type { Lesson } from '../../shared/journal/schemas';
import type { Call } from '../api/client';
import { callErrors, checkInput, type FieldErrors, leavesForButton } from '../common/form';

interface Props {
  opened: boolean;
  loadId: number;
  call: Call;
  onAdded(lesson: Lesson): void;
  onClose(): void;
}

type Errors = FieldErrors<'journal.addLesson'>;

// The number field's arrows stop where the contract does (read from it, not copied).
const NUMBER = api['journal.addLesson'].input.shape.number;

/** A lesson outside the timetable (an extra lesson, a moved one). */
export function AddLessonDialog({ opened, loadId, call, onAdded, onClose }: Props) {
  const [date, setDate] = useState<string | null>(null);
  const [number, setNumber] = useState<number | string>(1);
  const [errors, setErrors] = useState<Errors>({});
  const add = useMutation({
    mutationKey: ['journal.addLesson'],
    mutationFn: (input: Input<'journal.addLesson'>) => call('journal.addLesson', input),
    onSuccess: onAdded,
    onError: (e) => setErrors(callErrors(e, ['date', 'number'], 'Не удалось добавить урок')),
  });
  const { reset } = add;

  useEffect(() => {
    if (!opened) return;
    setErrors({});
    reset();
  }, [opened, reset]);

  // An empty number field holds '' (Mantine): an empty field, not a number.
  const values = () => ({ loadId, date, number: number === '' ? undefined : Number(number) });
  const checkField = (field: 'date' | 'number') =>
    setErrors((prev) => ({ ...prev, [field]: checkInput('journal.addLesson', values()).errors[field] }));

  function submit() {
    const check = checkInput('journal.addLesson', values());
    setErrors(check.errors);
    if (check.ok) add.mutate(check.input);
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Добавить урок">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <DateInput
            dateParser={(text) => parseRuDate(text)}
            label="Дата"
            value={date}
            onChange={(v) => setDate(v)}
            onBlur={(e) => date !== null && !leavesForButton(e) && checkField('date')}
            error={errors.date}
            valueFormat="DD.MM.YYYY"
            placeholder="ДД.ММ.ГГГГ"
          />
          <NumberInput
            label="Номер урока в расписании"
            value={number}
            onChange={setNumber}
            onBlur={(e) => !leavesForButton(e) && checkField('number')}
            error={errors.number}
            min={NUMBER.minValue ?? undefined}
            max={NUMBER.maxValue ?? undefined}
            allowDecimal={false}
          />
          {errors.form && (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={add.isPending}>
              Добавить
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
