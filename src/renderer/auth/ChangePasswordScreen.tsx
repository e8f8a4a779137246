import { Alert, Button, Card, Center, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../shared/auth/password-rules';
import { type Call, CallError } from '../api/client';

/** Shown after a login with a temporary password: nothing else works until it is changed. */
export function ChangePasswordScreen({
  call,
  login,
  onDone,
}: {
  call: Call;
  /** The account's login: the shared rules refuse a password that contains it. */
  login: string;
  onDone(): void;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The server's own rules (src/shared/auth/password-rules.ts), said while typing.
  const problem = next === '' ? null : passwordProblem(next, login);

  async function submit() {
    if (next !== repeat) return setError('Новый пароль и повтор не совпадают');
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await call('auth.changePassword', { currentPassword: current, newPassword: next });
      onDone();
    } catch (e) {
      setError(e instanceof CallError ? e.message : 'Не удалось сменить пароль');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100%" p="md">
      <Card withBorder padding="lg" w="100%" maw={440}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Title order={3}>Смена временного пароля</Title>
            <Text size="sm" c="dimmed">
              Вы вошли с временным паролем. Придумайте свой пароль — не короче {PASSWORD_MIN_LENGTH} символов,
              без логина и не из самых распространённых.
            </Text>
            <PasswordInput
              label="Временный пароль"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label="Новый пароль"
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={problem}
            />
            <PasswordInput
              label="Новый пароль ещё раз"
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              Сменить пароль
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
