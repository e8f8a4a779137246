import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { StaffMember } from '../../shared/accounts/contract';
import { ROLE_TITLES, STAFF_ROLES, type StaffRole } from '../../shared/auth/roles';
import { fullName } from '../../shared/i18n/names';
import { countOf } from '../../shared/i18n/plural';
import type { Call } from '../api/client';
import { callErrors, checkInput, type FieldErrors } from '../common/form';
import { AccountBadge, errorText, usePrint, useRefresh, useSetDisabled } from './common';

/** Staff with their roles and account state; the administrator adds, edits, prints, disables. */
export function StaffTab({ call, canEdit, myId }: { call: Call; canEdit: boolean; myId: number }) {
  const list = useQuery({ queryKey: ['accounts.staff'], queryFn: () => call('accounts.staff', {}) });
  const [editing, setEditing] = useState<StaffMember | 'new' | null>(null);
  const print = usePrint(call);
  const setDisabled = useSetDisabled(call);
  if (list.isPending) return <Loader aria-label="Загрузка" />;
  if (list.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(list.error, 'Не удалось загрузить список сотрудников')}
      </Alert>
    );
  const staff = list.data.staff;
  const waiting = staff.filter((s) => s.account.state === 'notIssued').length;
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {countOf(staff.length, 'сотрудник', 'сотрудника', 'сотрудников')}
          {waiting > 0 &&
            `, ${countOf(waiting, 'ещё не получил', 'ещё не получили', 'ещё не получили')} логин и пароль`}
        </Text>
        {canEdit && (
          <Group>
            <Button
              variant="default"
              onClick={() => print.mutate({ target: 'notIssued' })}
              loading={print.isPending && print.variables?.target === 'notIssued'}
            >
              Листки всем, кто не получил
            </Button>
            <Button onClick={() => setEditing('new')}>Добавить сотрудника</Button>
          </Group>
        )}
      </Group>
      <Table striped highlightOnHover fz="sm" aria-label="Сотрудники">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Фамилия, имя, отчество</Table.Th>
            <Table.Th>Логин</Table.Th>
            <Table.Th>Роли</Table.Th>
            <Table.Th>Телефон, e-mail</Table.Th>
            <Table.Th>Учётная запись</Table.Th>
            {canEdit && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staff.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{fullName(s)}</Table.Td>
              <Table.Td>{s.login}</Table.Td>
              <Table.Td>
                {[
                  ...s.roles.map((r) => ROLE_TITLES[r]),
                  ...s.classes.map((c) => `Классный руководитель ${c}`),
                ].join(', ')}
              </Table.Td>
              <Table.Td>
                {s.phone === null && s.email === null ? (
                  <Text span size="sm" c="dimmed">
                    —
                  </Text>
                ) : (
                  <Stack gap={0}>
                    {s.phone !== null && <span style={{ whiteSpace: 'nowrap' }}>{s.phone}</span>}
                    {s.email !== null && <span>{s.email}</span>}
                  </Stack>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <AccountBadge account={s.account} />
              </Table.Td>
              {canEdit && (
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(s)}>
                      Изменить
                    </Button>
                    {s.id !== myId && s.account.state !== 'disabled' && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        loading={
                          print.isPending &&
                          print.variables?.target === 'person' &&
                          print.variables.userId === s.id
                        }
                        onClick={() => {
                          if (
                            s.account.state === 'notIssued' ||
                            window.confirm(
                              `Сбросить пароль: ${fullName(s)} получит новый временный пароль, старый перестанет действовать. Продолжить?`,
                            )
                          )
                            print.mutate({ target: 'person', userId: s.id });
                        }}
                      >
                        {s.account.state === 'notIssued' ? 'Листок' : 'Сбросить пароль'}
                      </Button>
                    )}
                    {s.id !== myId && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color={s.account.state === 'disabled' ? 'green' : 'red'}
                        onClick={() =>
                          setDisabled.mutate({ userId: s.id, disabled: s.account.state !== 'disabled' })
                        }
                      >
                        {s.account.state === 'disabled' ? 'Включить' : 'Отключить'}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing && (
        <StaffDialog
          call={call}
          member={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function StaffDialog({ call, member, onClose }: { call: Call; member: StaffMember | null; onClose(): void }) {
  const refresh = useRefresh();
  const [values, setValues] = useState({
    lastName: member?.lastName ?? '',
    firstName: member?.firstName ?? '',
    middleName: member?.middleName ?? '',
    login: member?.login ?? '',
    email: member?.email ?? '',
    phone: member?.phone ?? '',
    roles: (member?.roles ?? ['teacher']) as StaffRole[],
  });
  const [errors, setErrors] = useState<FieldErrors<'accounts.saveStaff'>>({});
  const save = useMutation({
    mutationFn: (input: Parameters<typeof call<'accounts.saveStaff'>>[1]) =>
      call('accounts.saveStaff', input),
    onSuccess: (saved) => {
      notifications.show({
        color: 'green',
        message: member
          ? `Сохранено: ${fullName(saved)}`
          : `Учётная запись создана, логин ${saved.login}. Напечатайте листок с временным паролем.`,
      });
      void refresh();
      onClose();
    },
    onError: (e) =>
      setErrors(
        callErrors<'accounts.saveStaff'>(
          e,
          ['lastName', 'firstName', 'middleName', 'login', 'email', 'phone', 'roles'],
          'Не удалось сохранить',
        ),
      ),
  });
  const submit = () => {
    const checked = checkInput('accounts.saveStaff', { id: member?.id ?? null, ...values });
    setErrors(checked.errors);
    if (checked.ok) save.mutate({ id: member?.id ?? null, ...values });
  };
  const set = (field: keyof typeof values) => (e: { currentTarget: { value: string } }) =>
    setValues({ ...values, [field]: e.currentTarget.value });
  return (
    <Modal opened onClose={onClose} title={member ? 'Сотрудник' : 'Новый сотрудник'}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <TextInput
            label="Фамилия"
            value={values.lastName}
            onChange={set('lastName')}
            error={errors.lastName}
            data-autofocus
          />
          <TextInput
            label="Имя"
            value={values.firstName}
            onChange={set('firstName')}
            error={errors.firstName}
          />
          <TextInput
            label="Отчество"
            value={values.middleName}
            onChange={set('middleName')}
            error={errors.middleName}
          />
          <TextInput
            label="Логин"
            description={member ? undefined : 'Оставьте пустым: логин составится из фамилии и инициалов'}
            value={values.login}
            onChange={set('login')}
            error={errors.login}
          />
          <TextInput
            label="Телефон"
            placeholder="+7 900 123-45-67"
            type="tel"
            value={values.phone}
            onChange={set('phone')}
            error={errors.phone}
          />
          <TextInput
            label="E-mail"
            placeholder="ivanova@school.ru"
            type="email"
            value={values.email}
            onChange={set('email')}
            error={errors.email}
          />
          <Checkbox.Group
            label="Роли"
            description="Классный руководитель — это учитель, назначенный классу (раздел заместителя директора)"
            value={values.roles}
            onChange={(roles) => setValues({ ...values, roles: roles as StaffRole[] })}
            error={errors.roles}
          >
            <Stack gap={6} mt={6}>
              {STAFF_ROLES.map((r) => (
                <Checkbox key={r} value={r} label={ROLE_TITLES[r]} />
              ))}
            </Stack>
          </Checkbox.Group>
          {errors.form && (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={save.isPending}>
              Сохранить
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
