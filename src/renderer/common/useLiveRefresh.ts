import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Call } from '../api/client';

/** How often an open screen asks whether the journal file changed (a few microseconds on the server). */
const POLL_MS = 5000;

/**
 * Keeps open screens current when another computer changes the journal: poll the file's change
 * version and refetch what is shown when it moves.
 */
export function useLiveRefresh(call: Call) {
  const queryClient = useQueryClient();
  const seen = useRef<string | null>(null);
  const { data } = useQuery({
    queryKey: ['sync.version'],
    queryFn: () => call('sync.version', {}),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
  useEffect(() => {
    if (!data) return;
    if (seen.current !== null && seen.current !== data.version) {
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== 'sync.version' && q.queryKey[0] !== 'auth.me',
      });
    }
    seen.current = data.version;
  }, [data, queryClient]);
}
