import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { Call, TokenStore } from '../api/client';

/** The signed-in user behind the stored token, or null. */
export function useSession(call: Call, tokens: TokenStore) {
  const token = useSyncExternalStore(tokens.subscribe, tokens.get);
  const me = useQuery({
    queryKey: ['auth.me', token],
    queryFn: () => call('auth.me', {}),
    enabled: token !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return {
    token,
    user: token ? (me.data ?? null) : null,
    loading: token !== null && me.isPending,
    refetch: me.refetch,
  };
}
