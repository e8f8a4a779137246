import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MethodName } from '../../shared/api/contract';
import { localIsoDate } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import type { ClassRoster, RosterStudent } from '../../shared/students/schemas';
import type { Call } from '../api/client';
import { callErrors, checkInput, type FieldErrors } from '../common/form';
import { DateField } from './DateField';
import { errorText, refreshStudents } from './queries';

export type Movement =
  | { kind: 'arrive' }
  | { kind: 'leave'; student: RosterStudent }
  | { kind: 'transfer'; student: RosterStudent };

type Method = 'students.arrive' | 'students.leave' | 'students.transfer';
const METHOD: Record<Movement['kind'], Method> = {
  arrive: 'students.arrive',
  leave: 'students.leave',
  transfer: 'students.transfer',
};
const TITLE: Record<Movement['kind'], string> = {
  arrive: 'Прибыл ученик',
  leave: 'Выбыл ученик',
  transfer: 'Перевод в другой класс',
};
const DATE_LABEL: Record<Movement['kind'], string> = {
  arrive: 'Дата прибытия (первый день в классе)',
  leave: 'Дата выбытия (последний день в классе)',
  transfer: 'Дата перевода (первый день в новом классе)',
};

interface Props {
  movement: Movement | null;
  roster: ClassRoster;
  call: Call;
  onClose(): void;
}

/**
 * Движение учащихся (004 §4.2): прибыл, выбыл, переведён — each on a date and under an order (приказ №,
 * дата). The form is checked with the method's own schema; the server's refusals (a date outside the
 * year, before the arrival, marks after the date) come back under the field they name.
 */
export function MovementDialog({ movement, roster, call, onClose }: Props) {
  return (
    <Modal
      opened={movement !== null}
      onClose={onClose}
      title={movement ? TITLE[movement.kind] : ''}
      size="lg"
    >
      {movement && (
        <MovementForm
          key={`${movement.kind}:${'student' in movement ? movement.student.id : 0}`}
          movement={movement}
          roster={roster}
          call={call}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function MovementForm({ movement, roster, call, onClose }: Props & { movement: Movement }) {
  const client = useQueryClient();
  const method = METHOD[movement.kind];
  const [date, setDate] = useState<string | null>(localIsoDate(new Date()));
  const [orderNo, setOrderNo] = useState('');
  const [orderDate, setOrderDate] = useState<string | null>(localIsoDate(new Date()));
  const [leftTo, setLeftTo] = useState('');
  const [toClassId, setToClassId] = useState<string | null>(null);
  const [person, setPerson] = useState({ lastName: '', firstName: '', middleName: '' });
  const [birthDate, setBirthDate] = useState<string | null>(null);
  const [gender, setGender] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors<MethodName> & Record<string, string | undefined>>({});
  const run = useMutation({
    mutationFn: (input: unknown) => call(method, input as never),
    onSuccess: () => {
      void refreshStudents(client);
      onClose();
    },
    onError: (e) =>
      setErrors(
        callErrors(
          e,
          [
            'date',
            'orderNo',
            'orderDate',
            'leftTo',
            'toClassId',
            'lastName',
            'firstName',
            'middleName',
            'birthDate',
            'studentId',
          ] as never,
          'Не удалось записать движение',
        ),
      ),
  });

  function values(): Record<string, unknown> {
    const common = { classId: roster.class.id, date, orderNo, orderDate };
    if (movement.kind === 'arrive') return { ...common, ...person, birthDate, gender };
    if (movement.kind === 'leave') return { ...common, studentId: movement.student.id, leftTo };
    return {
      ...common,
      studentId: movement.student.id,
      toClassId: toClassId === null ? undefined : Number(toClassId),
    };
  }

  function submit() {
    const check = checkInput(method, values() as never);
    setErrors(check.errors as Record<string, string>);
    if (check.ok) run.mutate(check.input);
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack>
        {'student' in movement && (
          <Text>
            {fullName(movement.student)}, {roster.class.name}
          </Text>
        )}
        {movement.kind === 'arrive' && (
          <SimpleGrid cols={3}>
            <TextInput
              label="Фамилия"
              withAsterisk
              value={person.lastName}
              error={errors.lastName}
              onChange={(e) => setPerson({ ...person, lastName: e.currentTarget.value })}
            />
            <TextInput
              label="Имя"
              withAsterisk
              value={person.firstName}
              error={errors.firstName}
              onChange={(e) => setPerson({ ...person, firstName: e.currentTarget.value })}
            />
            <TextInput
              label="Отчество"
              value={person.middleName}
              error={errors.middleName}
              onChange={(e) => setPerson({ ...person, middleName: e.currentTarget.value })}
            />
            <DateField
              label="Дата рождения"
              value={birthDate}
              onChange={setBirthDate}
              error={errors.birthDate}
            />
            <Select
              label="Пол"
              data={[
                { value: 'm', label: 'мужской' },
                { value: 'f', label: 'женский' },
              ]}
              value={gender}
              onChange={setGender}
              clearable
            />
          </SimpleGrid>
        )}
        {movement.kind === 'transfer' && (
          <Select
            label="В класс"
            data={roster.otherClasses.map((c) => ({ value: String(c.id), label: c.name }))}
            value={toClassId}
            onChange={setToClassId}
            error={errors.toClassId}
            searchable
          />
        )}
        <DateField
          label={DATE_LABEL[movement.kind]}
          value={date}
          onChange={setDate}
          error={errors.date}
          required
        />
        <SimpleGrid cols={2}>
          <TextInput
            label="Приказ №"
            withAsterisk
            value={orderNo}
            onChange={(e) => setOrderNo(e.currentTarget.value)}
            error={errors.orderNo}
          />
          <DateField
            label="Дата приказа"
            value={orderDate}
            onChange={setOrderDate}
            error={errors.orderDate}
            required
          />
        </SimpleGrid>
        {movement.kind === 'leave' && (
          <TextInput
            label="Куда выбыл"
            placeholder="например, МАОУ СОШ № 20 г. Тюмени"
            value={leftTo}
            onChange={(e) => setLeftTo(e.currentTarget.value)}
            error={errors.leftTo}
          />
        )}
        {movement.kind !== 'arrive' && (
          <Text size="sm" c="dimmed">
            Отметки и пропуски, поставленные до этой даты, остаются в журнале {roster.class.name}.
          </Text>
        )}
        {(errors.form || errors.studentId || errors.classId) && (
          <Alert color="red" role="alert">
            {errors.form ?? errors.studentId ?? errors.classId}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button type="submit" loading={run.isPending}>
            Записать
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface CancelProps {
  student: RosterStudent | null;
  classId: number;
  className: string;
  call: Call;
  onClose(): void;
}

/** Takes back a departure or a transfer recorded by mistake (the audit keeps both). */
export function CancelMovementDialog({ student, classId, className, call, onClose }: CancelProps) {
  const client = useQueryClient();
  const cancel = useMutation({
    mutationFn: (studentId: number) => call('students.cancelMovement', { classId, studentId }),
    onSuccess: () => {
      void refreshStudents(client);
      onClose();
    },
  });
  const last = student?.enrollments.at(-1);
  return (
    <Modal
      opened={student !== null}
      onClose={() => {
        cancel.reset();
        onClose();
      }}
      title="Отменить движение"
    >
      {student && last && (
        <Stack>
          <Text>
            {fullName(student)}:{' '}
            {last.leftKind === 'transferred'
              ? `перевод из ${className} будет отменён`
              : `выбытие из ${className} будет отменено`}
            , ученик снова в списке класса. Используйте, только если движение записано по ошибке.
          </Text>
          {cancel.isError && (
            <Alert color="red" role="alert">
              {errorText(cancel.error, 'Не удалось отменить движение')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Не отменять
            </Button>
            <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate(student.id)}>
              Отменить движение
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
