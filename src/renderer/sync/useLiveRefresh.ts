import { type Query, type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { topic } from '../../shared/sync/topics';
import type { Call } from '../api/client';

/** How often the staff application asks what changed (microseconds on the server, ~40 bytes each way). */
export const STAFF_POLL_MS = 5000;
/** Parents read the diary on phones: once a minute is fresh enough and spares their battery and data. */
export const FAMILY_POLL_MS = 60_000;

/** Queries that are never refreshed by a change of the journal's data. */
const NEVER = new Set(['sync.changes', 'auth.me']);

/**
 * The topics (src/shared/sync/topics.ts) a query shows: declared by the query itself in
 * `meta: { topics: [...] }`, or known here from its key. A query with neither is refreshed only when
 * the server cannot tell what changed (then everything is).
 */
export function topicsOfQuery(query: Pick<Query, 'queryKey' | 'meta'>): readonly string[] | null {
  const declared = query.meta?.topics;
  if (Array.isArray(declared)) return declared as string[];
  const [name, id] = query.queryKey;
  if (typeof id !== 'number') return null;
  if (name === 'journal.page') return [topic.load(id)];
  if (name === 'diary.week') return [topic.student(id)];
  return null;
}

/** Marks as stale (and refetches, if shown) the queries that show one of the topics; all when null. */
export function refreshChanged(queryClient: QueryClient, topics: readonly string[] | null): Promise<void> {
  if (topics !== null && topics.length === 0) return Promise.resolve();
  const changed = new Set(topics);
  return queryClient.invalidateQueries({
    predicate: (q) => {
      if (NEVER.has(String(q.queryKey[0]))) return false;
      if (topics === null) return true;
      return topicsOfQuery(q)?.some((t) => changed.has(t)) ?? false;
    },
  });
}

/**
 * Keeps open screens current when another computer changes the journal: poll `sync.changes` with the
 * version seen last, and refetch only the queries that show what changed. Nothing is refetched while
 * nobody changes journal data (reads and session bookkeeping do not move the version).
 */
export function useLiveRefresh(call: Call, intervalMs: number) {
  const queryClient = useQueryClient();
  const seen = useRef<number | undefined>(undefined);
  useQuery({
    queryKey: ['sync.changes'],
    // Each answer is acted on exactly once, here, in the order the polls were made.
    queryFn: async () => {
      const since = seen.current;
      const answer = await call('sync.changes', since === undefined ? {} : { since });
      seen.current = answer.version;
      if (since !== undefined && answer.version !== since) void refreshChanged(queryClient, answer.topics);
      return answer;
    },
    refetchInterval: intervalMs,
    refetchIntervalInBackground: false,
  });
}
