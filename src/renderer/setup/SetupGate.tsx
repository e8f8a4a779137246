import { Alert, Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type Call, CallError } from '../api/client';
import { FirstRunScreen } from './FirstRunScreen';

/**
 * Before the login screen: while the journal file does not exist yet (or nobody can log into it), the
 * first-run screen that creates it; otherwise whatever comes next (the login). A server that cannot
 * answer goes on to the login screen, which says what is wrong when it is used.
 */
export function SetupGate({ call, children }: { call: Call; children: ReactNode }) {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ['setup.status'],
    queryFn: () => call('setup.status', {}),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  if (status.isPending)
    return (
      <Center h="100%">
        <Loader aria-label="Загрузка" />
      </Center>
    );
  // A file put at the path meanwhile that is not a journal: nothing to log into, nothing to create.
  if (status.error instanceof CallError && status.error.code === 'CONFLICT')
    return (
      <Center h="100%" p="md">
        <Alert color="red" title="Журнал не открыт" maw={640} role="alert">
          {status.error.message}
        </Alert>
      </Center>
    );
  const state = status.data;
  if (state && state.state !== 'ready' && state.path !== null)
    return (
      <FirstRunScreen
        call={call}
        path={state.path}
        state={state.state}
        onCreated={() => queryClient.setQueryData(['setup.status'], { state: 'ready', path: null })}
        onStale={() => void status.refetch()}
      />
    );
  return children;
}
