import { Alert, Button, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SlipSettings } from '../../shared/accounts/contract';
import { formatDate } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import type { Call } from '../api/client';
import { checkInput, type FieldErrors } from '../common/form';
import { errorText, useRefresh } from './common';

/** «Получают дневник на бумаге»: families who refused the electronic diary (004 §4.7), for printouts. */
export function PaperDiaryTab({ call }: { call: Call }) {
  const list = useQuery({
    queryKey: ['accounts.paperDiary'],
    queryFn: () => call('accounts.paperDiary', {}),
  });
  if (list.isPending) return <Loader aria-label="Загрузка" />;
  if (list.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(list.error, 'Не удалось загрузить список')}
      </Alert>
    );
  const families = list.data.families;
  if (families.length === 0)
    return (
      <Text>
        Все семьи пользуются электронным дневником. Отказ отмечается на вкладке «Ученики и родители».
      </Text>
    );
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {countOf(families.length, 'родитель получает', 'родителя получают', 'родителей получают')} дневник на
        бумаге: классные руководители печатают его для этих детей.
      </Text>
      <Table striped fz="sm" aria-label="Получают дневник на бумаге">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Родитель</Table.Th>
            <Table.Th>Телефон</Table.Th>
            <Table.Th>Дети</Table.Th>
            <Table.Th>Заявление от</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {families.map((f) => (
            <Table.Tr key={f.guardianId}>
              <Table.Td>{f.name}</Table.Td>
              <Table.Td>{f.phone ?? '—'}</Table.Td>
              <Table.Td>
                {f.children.map((c) => `${c.name}${c.className ? ` (${c.className})` : ''}`).join(', ')}
              </Table.Td>
              <Table.Td>{formatDate(f.statementOn)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Where people sign in, as the slips print it. */
export function SlipSettingsTab({ call }: { call: Call }) {
  const refresh = useRefresh();
  const settings = useQuery({
    queryKey: ['accounts.slipSettings'],
    queryFn: () => call('accounts.slipSettings', {}),
  });
  const [values, setValues] = useState<SlipSettings>({ diaryAddress: '', staffAddress: '' });
  const [errors, setErrors] = useState<FieldErrors<'accounts.saveSlipSettings'>>({});
  useEffect(() => {
    if (settings.data) setValues(settings.data);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (input: SlipSettings) => call('accounts.saveSlipSettings', input),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Сохранено' });
      void refresh();
    },
    onError: (e) => setErrors({ form: errorText(e, 'Не удалось сохранить') }),
  });
  if (settings.isPending) return <Loader aria-label="Загрузка" />;
  return (
    <Stack maw={560}>
      <Text size="sm" c="dimmed">
        Эти адреса печатаются на листках с логином и временным паролем.
      </Text>
      <TextInput
        label="Адрес электронного дневника для родителей и учеников"
        placeholder="https://dnevnik.school.ru"
        value={values.diaryAddress}
        onChange={(e) => setValues({ ...values, diaryAddress: e.currentTarget.value })}
        error={errors.diaryAddress}
      />
      <TextInput
        label="Адрес программы для сотрудников"
        description="Пусто: на листке будет «Программа «Школьный журнал» на компьютерах школы»"
        value={values.staffAddress}
        onChange={(e) => setValues({ ...values, staffAddress: e.currentTarget.value })}
        error={errors.staffAddress}
      />
      {errors.form && (
        <Alert color="red" role="alert">
          {errors.form}
        </Alert>
      )}
      <Group>
        <Button
          loading={save.isPending}
          onClick={() => {
            const checked = checkInput('accounts.saveSlipSettings', values);
            setErrors(checked.errors);
            if (checked.ok) save.mutate(checked.input);
          }}
        >
          Сохранить
        </Button>
      </Group>
    </Stack>
  );
}
