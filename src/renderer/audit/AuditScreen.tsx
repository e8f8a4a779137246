import { Alert, Button, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChainCheck } from '../../shared/audit/contract';
import { describeChainCheck } from '../../shared/audit/messages';
import { countOf } from '../../shared/i18n/plural';
import { type Call, CallError } from '../api/client';

const LAST_CHECK = ['audit.lastCheck'] as const;

/**
 * The audit log's integrity for the administrator and the director: the latest check (made at the
 * program's start, or on demand) and a button to check again now.
 */
export function AuditScreen({ call }: { call: Call }) {
  const client = useQueryClient();
  const last = useQuery({ queryKey: LAST_CHECK, queryFn: () => call('audit.lastCheck', {}) });
  const verify = useMutation({
    mutationFn: () => call('audit.verify', {}),
    onSuccess: (check) => client.setQueryData(LAST_CHECK, { check }),
  });
  const check = last.data?.check ?? null;
  return (
    <Stack maw={720}>
      <Title order={2}>Журнал изменений</Title>
      <Text size="sm" c="dimmed">
        Каждая запись журнала изменений связана с предыдущей контрольной суммой, поэтому правка, удаление или
        добавление записи в обход программы обнаруживается при проверке.
      </Text>
      {last.isPending && <Loader aria-label="Загрузка" />}
      {last.isError && (
        <Alert color="red" role="alert">
          {last.error instanceof CallError ? last.error.message : 'Не удалось загрузить результат проверки'}
        </Alert>
      )}
      {last.isSuccess && !check && <Text>Проверка при запуске программы ещё идёт.</Text>}
      {check && <CheckResult check={check} />}
      {verify.isError && (
        <Alert color="red" role="alert">
          {verify.error instanceof CallError ? verify.error.message : 'Не удалось выполнить проверку'}
        </Alert>
      )}
      <div>
        <Button onClick={() => verify.mutate()} loading={verify.isPending}>
          Проверить сейчас
        </Button>
      </div>
    </Stack>
  );
}

function CheckResult({ check }: { check: ChainCheck }) {
  const when = new Date(check.at).toLocaleString('ru-RU');
  const source = check.trigger === 'startup' ? 'при запуске программы' : 'по запросу';
  return (
    <Alert
      color={check.ok ? 'green' : 'red'}
      role={check.ok ? 'status' : 'alert'}
      title={describeChainCheck(check)}
    >
      <Text size="sm">
        Проверено {when} ({source}), за {(check.durationMs / 1000).toFixed(1)} с.
        {check.unchained > 0 &&
          ` Ещё ${countOf(check.unchained, 'запись сделана', 'записи сделаны', 'записей сделано')} до включения защиты: их число сверено, содержимое не защищено.`}
      </Text>
      {!check.ok && (
        <Text size="sm" mt="xs">
          Журнал файла изменяли в обход программы. Сохраните копию файла в его нынешнем виде и сравните журнал
          изменений с последней исправной резервной копией.
        </Text>
      )}
    </Alert>
  );
}
