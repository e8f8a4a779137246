import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useSyncExternalStore } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import type { Call, TokenStore } from '../api/client';
import { ChangePasswordScreen } from './ChangePasswordScreen';
import { LoginScreen } from './LoginScreen';

interface Props {
  call: Call;
  tokens: TokenStore;
  /** The login screen's heading. */
  title: string;
  children(user: SessionUser, logout: () => Promise<void>): ReactNode;
}

/**
 * What both applications show before their own screens: the login form while nobody is signed in,
 * the change of a temporary password, then the application for the signed-in user.
 */
export function SessionGate({ call, tokens, title, children }: Props) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(tokens.subscribe, tokens.get);
  const me = useQuery({
    queryKey: ['auth.me', token],
    queryFn: () => call('auth.me', {}),
    enabled: token !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (token !== null && me.isPending) {
    return (
      <Center h="100%">
        <Loader aria-label="Загрузка" />
      </Center>
    );
  }
  if (token === null || !me.data) {
    return (
      <LoginScreen
        call={call}
        title={title}
        onLoggedIn={(r) => {
          queryClient.setQueryData(['auth.me', r.token], r.user);
          tokens.set(r.token);
        }}
      />
    );
  }
  if (me.data.mustChangePassword)
    return <ChangePasswordScreen call={call} login={me.data.login} onDone={() => void me.refetch()} />;
  const logout = async () => {
    try {
      await call('auth.logout', {});
    } finally {
      tokens.set(null);
      queryClient.clear();
    }
  };
  return children(me.data, logout);
}
