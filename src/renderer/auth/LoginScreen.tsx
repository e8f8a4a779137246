import {
  Alert,
  Button,
  Card,
  Center,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Output } from '../../shared/api/contract';
import { type Call, CallError } from '../api/client';
import { ConnectionLink } from '../connection/ConnectionLink';

interface Props {
  call: Call;
  title: string;
  onLoggedIn(result: Output<'auth.login'>): void;
}

/** The login form; on a demo database it also lists the demo accounts (one per role). */
export function LoginScreen({ call, title, onLoggedIn }: Props) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const demo = useQuery({ queryKey: ['auth.demoAccounts'], queryFn: () => call('auth.demoAccounts', {}) });

  async function submit(l = login, p = password) {
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await call('auth.login', { login: l, password: p }));
    } catch (e) {
      setError(e instanceof CallError ? e.message : 'Не удалось войти');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100%" p="md">
      <Stack w="100%" maw={560} gap="md">
        <Card withBorder padding="lg">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Stack>
              <div>
                <Title order={2}>{title}</Title>
                {demo.data?.schoolName && <Text c="dimmed">{demo.data.schoolName}</Text>}
              </div>
              <TextInput
                label="Логин"
                autoComplete="username"
                value={login}
                onChange={(e) => setLogin(e.currentTarget.value)}
                autoFocus
              />
              <PasswordInput
                label="Пароль"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              {error && (
                <Alert color="red" role="alert" title="Вход не выполнен">
                  {error}
                </Alert>
              )}
              <Button type="submit" loading={busy}>
                Войти
              </Button>
            </Stack>
          </form>
        </Card>
        <ConnectionLink call={call} />
        {demo.data?.demo && demo.data.accounts.length > 0 && (
          <Card withBorder padding="lg" aria-label="Демонстрационные учётные записи">
            <Title order={4}>Демонстрационная школа</Title>
            <Text size="sm" c="dimmed" mb="sm">
              Эти учётные записи есть только в демонстрационной базе. Нажмите «Войти» в строке, чтобы войти
              под ней.
            </Text>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Роль</Table.Th>
                  <Table.Th>Логин</Table.Th>
                  <Table.Th>Пароль</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {demo.data.accounts.map((a) => (
                  <Table.Tr key={a.login}>
                    <Table.Td>
                      <Text size="sm">{a.title}</Text>
                      <Text size="xs" c="dimmed">
                        {a.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <code>{a.login}</code>
                    </Table.Td>
                    <Table.Td>
                      <code>{a.password}</code>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={`Войти как ${a.title}`}
                        onClick={() => void submit(a.login, a.password)}
                      >
                        Войти
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </Stack>
    </Center>
  );
}
