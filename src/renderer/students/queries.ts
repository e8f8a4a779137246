import type { QueryClient } from '@tanstack/react-query';
import { CallError } from '../api/client';

/** After a change in a class: its list, cards, groups and the list of classes show it at once. */
export function refreshStudents(client: QueryClient): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('students.'),
  });
}

export const errorText = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);
