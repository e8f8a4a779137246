import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Input } from '../../shared/api/contract';
import { fullName } from '../../shared/i18n/names';
import { RELATION_TITLES, RELATIONS, type StudentCard } from '../../shared/students/schemas';
import { topic } from '../../shared/sync/topics';
import { type Call, CallError } from '../api/client';
import { callErrors, checkInput, type FieldErrors } from '../common/form';
import { DateField } from './DateField';
import { errorText, refreshStudents } from './queries';
import { enrollmentText } from './text';

type Values = Omit<Input<'students.saveCard'>, 'studentId' | 'expectedVersion'>;
type GuardianValues = Values['guardians'][number];
type Errors = FieldErrors<'students.saveCard'>;

const GENDERS = [
  { value: 'm', label: 'мужской' },
  { value: 'f', label: 'женский' },
];
const RELATION_OPTIONS = RELATIONS.map((r) => ({ value: r, label: RELATION_TITLES[r] }));

function valuesOf(card: StudentCard): Values {
  return {
    lastName: card.lastName,
    firstName: card.firstName,
    middleName: card.middleName ?? '',
    birthDate: card.birthDate,
    gender: card.gender,
    address: card.address,
    phone: card.phone,
    homePhone: card.homePhone,
    email: card.email,
    notes: card.notes,
    guardians: card.guardians.map((g) => ({
      id: g.id,
      lastName: g.lastName,
      firstName: g.firstName,
      middleName: g.middleName ?? '',
      relation: g.relation,
      phone: g.phone,
      email: g.email,
    })),
  };
}

const NEW_GUARDIAN: GuardianValues = {
  id: null,
  lastName: '',
  firstName: '',
  middleName: '',
  relation: 'mother',
  phone: '',
  email: '',
};

interface Props {
  studentId: number | null;
  call: Call;
  onClose(): void;
}

/**
 * The student's card (003 §2.1): birthday, address, phones, e-mail, guardians and their contacts,
 * notes, and the history of movement. Editable by the class teacher and the administrator; read-only
 * to the administration. Checked with the method's own schema, so it refuses what the server does.
 */
export function CardDialog({ studentId, call, onClose }: Props) {
  // The version this dialog saved: the form is rebuilt from each new version (a save, or somebody
  // else's change after a conflict), and says «сохранена» only for its own.
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const card = useQuery({
    queryKey: ['students.card', studentId],
    queryFn: () => call('students.card', { studentId: studentId! }),
    enabled: studentId !== null,
    meta: { topics: studentId ? [topic.student(studentId)] : [] },
  });
  return (
    <Modal
      opened={studentId !== null}
      onClose={onClose}
      size="xl"
      title={card.data ? `Карточка ученика: ${fullName(card.data)}` : 'Карточка ученика'}
    >
      {card.isPending && <Loader aria-label="Загрузка" />}
      {card.isError && (
        <Alert color="red" role="alert">
          {errorText(card.error, 'Не удалось открыть карточку')}
        </Alert>
      )}
      {card.data && (
        <CardForm
          key={`${card.data.id}:${card.data.version}`}
          card={card.data}
          call={call}
          onClose={onClose}
          saved={savedVersion === card.data.version}
          onSaved={setSavedVersion}
        />
      )}
    </Modal>
  );
}

interface FormProps {
  card: StudentCard;
  call: Call;
  saved: boolean;
  onSaved(version: number): void;
  onClose(): void;
}

function CardForm({ card, call, saved, onSaved, onClose }: FormProps) {
  const client = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesOf(card));
  const [errors, setErrors] = useState<Errors>({});
  const readOnly = !card.canEdit;
  const save = useMutation({
    mutationFn: (input: Input<'students.saveCard'>) => call('students.saveCard', input),
    onSuccess: (next) => {
      onSaved(next.version);
      client.setQueryData(['students.card', card.id], next);
      void refreshStudents(client);
    },
    onError: (e) => {
      setErrors(callErrors(e, Object.keys(values) as (keyof Values)[], 'Не удалось сохранить карточку'));
      if (e instanceof CallError && e.code === 'CONFLICT') void refreshStudents(client);
    },
  });
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };
  const setGuardian = (i: number, change: Partial<GuardianValues>) =>
    set(
      'guardians',
      values.guardians.map((g, j) => (j === i ? { ...g, ...change } : g)),
    );

  function submit() {
    const input = { studentId: card.id, expectedVersion: card.version, ...values };
    const check = checkInput('students.saveCard', input);
    setErrors(check.errors);
    if (check.ok) save.mutate(check.input);
  }

  const text = (
    key: 'lastName' | 'firstName' | 'middleName' | 'address' | 'phone' | 'homePhone' | 'email',
    label: string,
  ) => (
    <TextInput
      label={label}
      value={values[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key]}
      readOnly={readOnly}
    />
  );

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack>
        <SimpleGrid cols={3}>
          {text('lastName', 'Фамилия')}
          {text('firstName', 'Имя')}
          {text('middleName', 'Отчество')}
          <DateField
            label="Дата рождения"
            value={values.birthDate}
            onChange={(v) => set('birthDate', v)}
            error={errors.birthDate}
            readOnly={readOnly}
          />
          <Select
            label="Пол"
            data={GENDERS}
            value={values.gender}
            onChange={(v) => set('gender', v as Values['gender'])}
            readOnly={readOnly}
            clearable={!readOnly}
          />
          {text('email', 'E-mail')}
          {text('phone', 'Мобильный телефон')}
          {text('homePhone', 'Домашний телефон')}
        </SimpleGrid>
        {text('address', 'Адрес проживания')}
        <Textarea
          label="Заметки классного руководителя"
          value={values.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
          error={errors.notes}
          readOnly={readOnly}
          autosize
          minRows={2}
        />

        <Title order={4}>Законные представители</Title>
        {values.guardians.length === 0 && <Text c="dimmed">Не указаны.</Text>}
        {values.guardians.map((g, i) => (
          <Card key={g.id ?? `new-${i}`} withBorder padding="sm" aria-label={`Представитель ${i + 1}`}>
            <SimpleGrid cols={3}>
              <TextInput
                label="Фамилия"
                value={g.lastName}
                readOnly={readOnly}
                onChange={(e) => setGuardian(i, { lastName: e.currentTarget.value })}
              />
              <TextInput
                label="Имя"
                value={g.firstName}
                readOnly={readOnly}
                onChange={(e) => setGuardian(i, { firstName: e.currentTarget.value })}
              />
              <TextInput
                label="Отчество"
                value={g.middleName}
                readOnly={readOnly}
                onChange={(e) => setGuardian(i, { middleName: e.currentTarget.value })}
              />
              <Select
                label="Кем приходится"
                data={RELATION_OPTIONS}
                value={g.relation}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(v) => v && setGuardian(i, { relation: v as GuardianValues['relation'] })}
              />
              <TextInput
                label="Телефон"
                value={g.phone}
                readOnly={readOnly}
                onChange={(e) => setGuardian(i, { phone: e.currentTarget.value })}
              />
              <TextInput
                label="E-mail"
                value={g.email}
                readOnly={readOnly}
                onChange={(e) => setGuardian(i, { email: e.currentTarget.value })}
              />
            </SimpleGrid>
            {(() => {
              const others = card.guardians.find((x) => x.id === g.id)?.otherChildren ?? [];
              return others.length > 0 ? (
                <Text size="xs" c="dimmed" mt={4}>
                  Также представитель: {others.join(', ')} — контакты общие.
                </Text>
              ) : null;
            })()}
            {!readOnly && (
              <Group justify="flex-end" mt={4}>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() =>
                    set(
                      'guardians',
                      values.guardians.filter((_, j) => j !== i),
                    )
                  }
                >
                  Убрать из карточки
                </Button>
              </Group>
            )}
          </Card>
        ))}
        {errors.guardians && (
          <Alert color="red" role="alert">
            {errors.guardians}
          </Alert>
        )}
        {!readOnly && (
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() => set('guardians', [...values.guardians, NEW_GUARDIAN])}
            >
              Добавить представителя
            </Button>
          </Group>
        )}

        <Title order={4}>Движение</Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Класс</Table.Th>
              <Table.Th>Учебный год</Table.Th>
              <Table.Th>Движение</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {card.history.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{h.className}</Table.Td>
                <Table.Td>{h.academicYear}</Table.Td>
                <Table.Td>{enrollmentText(h).join('; ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>

        {readOnly && (
          <Text size="sm" c="dimmed">
            Только просмотр: карточку ведут классный руководитель ученика и администратор.
          </Text>
        )}
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        {saved && !save.isError && (
          <Alert color="green" role="status">
            Карточка сохранена.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {readOnly ? 'Закрыть' : 'Отмена'}
          </Button>
          {!readOnly && (
            <Button type="submit" loading={save.isPending}>
              Сохранить
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
