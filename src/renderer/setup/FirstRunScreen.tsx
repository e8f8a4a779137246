import {
  Alert,
  Button,
  Card,
  Center,
  Checkbox,
  Code,
  Fieldset,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { Input } from '../../shared/api/contract';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../shared/auth/password-rules';
import { loginFor } from '../../shared/i18n/logins';
import type { SetupState } from '../../shared/setup/contract';
import { type Call, CallError } from '../api/client';
import { callErrors, checkInput, type FieldErrors } from '../common/form';

type Values = Omit<Input<'setup.create'>, 'path' | 'confirmed'>;
type Errors = FieldErrors<'setup.create'> & { passwordRepeat?: string };

const EMPTY: Values = {
  schoolName: '',
  fullName: '',
  address: '',
  directorName: '',
  lastName: '',
  firstName: '',
  middleName: '',
  login: '',
  password: '',
};

const FIELDS = [...(Object.keys(EMPTY) as (keyof Values)[]), 'path', 'confirmed'] as const;

interface Props {
  call: Call;
  /** The journal file's full path, as the server will create it. */
  path: string;
  state: Exclude<SetupState, 'ready'>;
  onCreated(login: string): void;
  /** The journal was created meanwhile (another tab, another computer): ask the server again. */
  onStale(): void;
}

/**
 * The first start on a journal file that does not exist: the person confirms the full path (a
 * mistyped share path must not quietly become a new journal), then gives the school's details and
 * the first administrator's name, login and password. Checked with setup.create's own schema, so the
 * form refuses what the server refuses, in the same words.
 */
export function FirstRunScreen({ call, path, state, onCreated, onStale }: Props) {
  const [confirmed, setConfirmed] = useState(false);
  const [values, setValues] = useState<Values>(EMPTY);
  const [repeat, setRepeat] = useState('');
  /** The login follows the name until the person types one of their own. */
  const [loginEdited, setLoginEdited] = useState(false);
  const [shown, setShown] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const suggested =
    values.lastName.trim() && values.firstName.trim()
      ? loginFor(values.lastName, values.firstName, values.middleName || null)
      : '';
  const login = loginEdited ? values.login : suggested;
  const input = { ...values, login, path, confirmed };
  const checked = checkInput('setup.create', input);
  const errors: Errors = { ...checked.errors, ...serverErrors };
  if (repeat !== values.password && !errors.password) errors.passwordRepeat = 'Пароль и повтор не совпадают';
  const errorOf = (field: keyof Errors) => (shown ? errors[field] : undefined);

  const set = (field: keyof Values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors({});
  };

  async function submit() {
    setShown(true);
    if (!checked.ok || errors.passwordRepeat) return;
    setBusy(true);
    try {
      const r = await call('setup.create', checked.input);
      onCreated(r.login);
    } catch (e) {
      if (e instanceof CallError && e.code === 'CONFLICT' && !e.field) onStale();
      setServerErrors(callErrors<'setup.create'>(e, FIELDS, 'Не удалось создать журнал'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100%" p="md">
      <Card withBorder padding="lg" w="100%" maw={760}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <div>
              <Title order={2}>Первый запуск: новый журнал</Title>
              <Text c="dimmed">
                {state === 'missing'
                  ? 'Файла журнала по этому пути нет. Программа может создать в нём новый, пустой журнал вашей школы.'
                  : 'Файл журнала по этому пути есть, но в нём ещё нет ни одной учётной записи. Заполните его.'}
              </Text>
            </div>
            <Fieldset legend="Файл журнала">
              <Stack gap="sm">
                <Code block aria-label="Путь к файлу журнала">
                  {path}
                </Code>
                <Alert color="orange" title="Проверьте путь">
                  Если журнал школы уже ведётся и лежит на сервере или в сетевой папке, новый журнал создавать
                  не нужно: скорее всего, в пути опечатка или сетевая папка не подключена. Закройте программу
                  и запустите её с правильным путём — иначе учителя начнут работать в пустом журнале.
                </Alert>
                <Checkbox
                  label="Да, создать новый журнал школы именно в этом файле"
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.currentTarget.checked)}
                  error={errorOf('confirmed')}
                />
                {errorOf('path') && (
                  <Text c="red" size="sm" role="alert">
                    {errorOf('path')}
                  </Text>
                )}
              </Stack>
            </Fieldset>
            <Fieldset legend="Школа" disabled={!confirmed}>
              <Stack gap="sm">
                <TextInput
                  label="Краткое название"
                  description="Как школу называют в журнале и на экране входа, например МБОУ «СОШ № 7»"
                  value={values.schoolName}
                  onChange={set('schoolName')}
                  error={errorOf('schoolName')}
                  withAsterisk
                />
                <TextInput
                  label="Полное наименование (по уставу)"
                  value={values.fullName}
                  onChange={set('fullName')}
                  error={errorOf('fullName')}
                  withAsterisk
                />
                <SimpleGrid cols={2}>
                  <TextInput
                    label="Адрес"
                    value={values.address}
                    onChange={set('address')}
                    error={errorOf('address')}
                  />
                  <TextInput
                    label="Директор (ФИО)"
                    value={values.directorName}
                    onChange={set('directorName')}
                    error={errorOf('directorName')}
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>
            <Fieldset legend="Первый администратор журнала" disabled={!confirmed}>
              <Stack gap="sm">
                <Text size="sm" c="dimmed">
                  Администратор заводит учётные записи сотрудников, учеников и родителей. Пароль придумайте
                  сами: не короче {PASSWORD_MIN_LENGTH} символов, без логина и не из самых распространённых.
                </Text>
                <SimpleGrid cols={3}>
                  <TextInput
                    label="Фамилия"
                    value={values.lastName}
                    onChange={set('lastName')}
                    error={errorOf('lastName')}
                    withAsterisk
                  />
                  <TextInput
                    label="Имя"
                    value={values.firstName}
                    onChange={set('firstName')}
                    error={errorOf('firstName')}
                    withAsterisk
                  />
                  <TextInput
                    label="Отчество"
                    value={values.middleName}
                    onChange={set('middleName')}
                    error={errorOf('middleName')}
                  />
                </SimpleGrid>
                <TextInput
                  label="Логин"
                  description="Составлен из фамилии и инициалов; можно изменить"
                  autoComplete="username"
                  value={login}
                  onChange={(e) => {
                    setLoginEdited(true);
                    set('login')(e);
                  }}
                  error={errorOf('login')}
                  withAsterisk
                />
                <SimpleGrid cols={2}>
                  <PasswordInput
                    label="Пароль"
                    autoComplete="new-password"
                    value={values.password}
                    onChange={set('password')}
                    // The shared rules said while typing, as on the change-password screen.
                    error={
                      errorOf('password') ??
                      (values.password ? (passwordProblem(values.password, login) ?? undefined) : undefined)
                    }
                    withAsterisk
                  />
                  <PasswordInput
                    label="Пароль ещё раз"
                    autoComplete="new-password"
                    value={repeat}
                    onChange={(e) => setRepeat(e.currentTarget.value)}
                    error={errorOf('passwordRepeat')}
                    withAsterisk
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>
            {errorOf('form') && (
              <Alert color="red" role="alert" title="Журнал не создан">
                {errorOf('form')}
              </Alert>
            )}
            <Button type="submit" loading={busy} disabled={!confirmed}>
              Создать журнал
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
