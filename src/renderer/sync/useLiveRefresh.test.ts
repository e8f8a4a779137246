import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refreshChanged } from './useLiveRefresh';

/** A query cache as open screens leave it: two pages, a diary week, the page list, the session. */
function cache() {
  const client = new QueryClient();
  const keys = {
    page12: ['journal.page', 12, 'current'],
    page12year: ['journal.page', 12, 'year'],
    page13: ['journal.page', 13, 'current'],
    week5: ['diary.week', 5, '2026-11-16'],
    week6: ['diary.week', 6, '2026-11-16'],
    loads: ['journal.myLoads'],
    me: ['auth.me', 'token'],
    sync: ['sync.changes'],
  } as const;
  for (const key of Object.values(keys)) client.setQueryData(key, { any: 'data' });
  // A screen that names its topics itself.
  client
    .getQueryCache()
    .build(client, { queryKey: ['report', 1], meta: { topics: ['class:3'] } })
    .setData({ any: 'data' });
  const stale = () =>
    [...Object.entries(keys), ['report', ['report', 1]] as const]
      .filter(([, key]) => client.getQueryState(key as readonly unknown[])?.isInvalidated)
      .map(([name]) => name)
      .sort();
  return { client, stale };
}

describe('live refresh', () => {
  it('refreshes only the queries that show a changed topic', async () => {
    const { client, stale } = cache();
    await refreshChanged(client, ['load:12', 'student:5']);
    expect(stale()).toEqual(['page12', 'page12year', 'week5']);
  });

  it('uses the topics a query declares in its meta', async () => {
    const { client, stale } = cache();
    await refreshChanged(client, ['class:3']);
    expect(stale()).toEqual(['report']);
  });

  it('refreshes nothing when nothing it shows changed, and everything but the session when it cannot tell', async () => {
    const { client, stale } = cache();
    await refreshChanged(client, []);
    await refreshChanged(client, ['load:99', 'student:77']);
    expect(stale()).toEqual([]);
    await refreshChanged(client, null);
    expect(stale()).toEqual(['loads', 'page12', 'page12year', 'page13', 'report', 'week5', 'week6']);
  });
});
