import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Loader,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type ConnectionStatus, connectionApi } from '../../shared/connection/contract';
import { type Call, CallError } from '../api/client';
import { connectionCall, fetchStatus, fingerprintLines, STATUS_KEY } from './client';

interface Props {
  call: Call;
  /** Signed in (the administrator's section) or at the login screen: only the wording differs. */
  signedIn: boolean;
  /** After a successful switch, when the user goes on to the new journal's login. */
  onDone(): void;
  /** Back to where the screen was opened from (the login screen's dialog). */
  onClose?(): void;
}

type Field = 'address' | 'fingerprint';

/**
 * «Подключение к серверу журнала»: which journal this computer uses, and the form where the
 * administrator enters the host's address and the fingerprint from the host's screen once. The check
 * itself (the certificate the host presents against the typed fingerprint) runs on this computer's
 * own side (main/remote/connection.ts); the form only checks the spelling with the same rule.
 */
export function ConnectionScreen({ call, signedIn, onDone, onClose }: Props) {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: STATUS_KEY,
    queryFn: () => fetchStatus(call),
    refetchInterval: 15_000,
  });
  const [address, setAddress] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [connected, setConnected] = useState<Extract<ConnectionStatus, { mode: 'host' }> | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setRefusal(null);
    const checked = connectionApi['connection.setHost'].input.safeParse({ address, fingerprint });
    if (!checked.success) {
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of checked.error.issues) errors[issue.path[0] as Field] ??= issue.message;
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const next = await connectionCall(call, 'connection.setHost', { address, fingerprint });
      queryClient.setQueryData(STATUS_KEY, next);
      if (next.mode === 'host') setConnected(next);
    } catch (e) {
      setRefusal(e instanceof CallError ? e.message : 'Не удалось подключиться к серверу журнала');
    } finally {
      setBusy(false);
    }
  }

  if (status.error instanceof CallError && status.error.code === 'UNKNOWN_METHOD') {
    return (
      <Stack gap="md" maw={760}>
        <Title order={3}>Подключение к серверу журнала</Title>
        <Alert color="blue">
          Этот журнал открыт прямо на сервере журнала: подключение к серверу настраивается на компьютерах
          сотрудников (ссылка «Подключение к серверу журнала» на их странице входа).
        </Alert>
      </Stack>
    );
  }

  if (connected) {
    return (
      <Stack gap="md" maw={760}>
        <Title order={3}>Подключение к серверу журнала</Title>
        <Alert color="green" title="Компьютер подключён к серверу журнала" role="status">
          <Stack gap="xs">
            <Text size="sm">
              Сервер {connected.address} предъявил сертификат с введённым отпечатком. Теперь этот компьютер
              открывает журнал сервера
              {connected.persisted ? ' и запомнил его.' : ' до перезапуска программы.'}
            </Text>
            <Text size="sm">Войдите под своей учётной записью журнала сервера.</Text>
          </Stack>
        </Alert>
        <Group>
          <Button onClick={onDone}>Перейти ко входу</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={760}>
      <Title order={3}>Подключение к серверу журнала</Title>
      <CurrentJournal status={status.data} loading={status.isPending} error={status.error} />
      <Card withBorder padding="lg">
        <form
          aria-label="Подключение к серверу журнала"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Text size="sm">
              Введите адрес сервера журнала и отпечаток его сертификата так, как они показаны на экране
              сервера или на листе настройки. Компьютер подключится, только если сервер предъявит сертификат
              именно с этим отпечатком.
            </Text>
            {status.data?.mode === 'host' && !signedIn && (
              <Text size="sm" c="dimmed">
                Другой сервер может выбрать только администратор: войдите под его учётной записью и откройте
                раздел «Подключение». Новый адрес того же сервера (с тем же отпечатком) можно указать здесь.
              </Text>
            )}
            <TextInput
              label="Адрес сервера журнала"
              placeholder="192.168.1.10:5170"
              description="Например, https://192.168.1.10:5170; без порта — 5170"
              value={address}
              onChange={(e) => setAddress(e.currentTarget.value)}
              error={fieldErrors.address}
              autoComplete="off"
              spellCheck={false}
            />
            <Textarea
              label="Отпечаток сертификата (SHA-256)"
              description="64 знака (32 пары); с двоеточиями или без, заглавными или строчными"
              placeholder="AB:CD:EF:…"
              value={fingerprint}
              onChange={(e) => setFingerprint(e.currentTarget.value)}
              error={fieldErrors.fingerprint}
              autosize
              minRows={2}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            {refusal && (
              <Alert color="red" role="alert" title="Подключение не выполнено">
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {refusal}
                </Text>
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={busy}>
                Проверить и подключиться
              </Button>
              {onClose && (
                <Button variant="default" onClick={onClose}>
                  Назад ко входу
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

function CurrentJournal({
  status,
  loading,
  error,
}: {
  status: ConnectionStatus | undefined;
  loading: boolean;
  error: Error | null;
}) {
  if (loading) return <Loader size="sm" aria-label="Загрузка" />;
  if (!status)
    return (
      <Alert color="red" role="alert">
        {error?.message ?? 'Не удалось узнать, к какому журналу подключён компьютер'}
      </Alert>
    );
  return (
    <Card withBorder padding="lg" aria-label="Журнал этого компьютера">
      <Stack gap="xs">
        <Text fw={600}>Сейчас</Text>
        {status.mode === 'none' && <Text>Этот компьютер ещё не подключён к журналу.</Text>}
        {status.mode === 'local' && (
          <>
            <Text>Журнал в файле на этом компьютере:</Text>
            <Code block>{status.file}</Code>
          </>
        )}
        {status.mode === 'host' && (
          <>
            <Group gap="sm">
              <Text>
                Сервер журнала: <strong>{status.address}</strong>
              </Text>
              <Badge color={status.answers ? 'green' : 'red'} variant="light">
                {status.answers ? 'сервер отвечает' : 'нет связи'}
              </Badge>
            </Group>
            <Text size="sm">Отпечаток сертификата:</Text>
            <Code block aria-label="Отпечаток сертификата сервера">
              {fingerprintLines(status.fingerprint).join('\n')}
            </Code>
            {status.problem && (
              <Text size="sm" c="red">
                {status.problem}
              </Text>
            )}
          </>
        )}
        {!status.persisted && (
          <Text size="sm" c="dimmed">
            Выбранный здесь сервер действует до перезапуска программы (чтобы запомнить его, запускайте её с
            --connection-file).
          </Text>
        )}
      </Stack>
    </Card>
  );
}
