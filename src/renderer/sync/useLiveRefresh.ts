import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Call } from '../api/client';

/** How often the staff application asks whether the journal file changed (microseconds on the server). */
export const STAFF_POLL_MS = 5000;
/** Parents read the diary on phones: once a minute is fresh enough and spares their battery and data. */
export const FAMILY_POLL_MS = 60_000;

/**
 * Keeps open screens current when another computer changes the journal: poll the file's change
 * version and refetch what is shown when it moves.
 */
export function useLiveRefresh(call: Call, intervalMs: number) {
  const queryClient = useQueryClient();
  const seen = useRef<string | null>(null);
  const { data } = useQuery({
    queryKey: ['sync.version'],
    queryFn: () => call('sync.version', {}),
    refetchInterval: intervalMs,
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
