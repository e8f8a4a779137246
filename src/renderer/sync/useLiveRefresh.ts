import { type Query, type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { topic } from '../../shared/sync/topics';
import { type Call, CallError } from '../api/client';
import { type Connection, connection } from '../common/connection';

/** How often the staff application asks what changed (microseconds on the server, ~40 bytes each way). */
export const STAFF_POLL_MS = 5000;
/** Parents read the diary on phones: once a minute is fresh enough and spares their battery and data. */
export const FAMILY_POLL_MS = 60_000;
/** While the journal service does not answer, ask more often: the waiting entries go as soon as it is back. */
export const UNREACHABLE_POLL_MS = 2000;
/**
 * A poll not answered in this time counts as no connection. A host that is switched off answers
 * nothing (no refusal), and TCP would wait minutes; the screens must say so within seconds.
 */
export const POLL_TIMEOUT_MS = 4000;

/** The poll, reporting to `conn` whether the service answered, and failing after `timeoutMs`. */
export async function pollChanges(
  call: Call,
  since: number | undefined,
  conn: Connection = connection,
  timeoutMs = POLL_TIMEOUT_MS,
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CallError({ code: 'UNAVAILABLE', message: 'Сервер журнала не отвечает' })),
      timeoutMs,
    );
  });
  try {
    const answer = await Promise.race([call('sync.changes', since === undefined ? {} : { since }), timeout]);
    conn.answered();
    return answer;
  } catch (e) {
    conn.report(e);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

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
      const answer = await pollChanges(call, since);
      seen.current = answer.version;
      if (since !== undefined && answer.version !== since) void refreshChanged(queryClient, answer.topics);
      return answer;
    },
    refetchInterval: (query) =>
      query.state.status === 'error' ? Math.min(intervalMs, UNREACHABLE_POLL_MS) : intervalMs,
    refetchIntervalInBackground: false,
  });
}
