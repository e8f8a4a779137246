import type { QueryClient } from '@tanstack/react-query';

/** After a change in a class: its list, cards, groups and the list of classes show it at once. */
export function refreshStudents(client: QueryClient): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('students.'),
  });
}

// The one refusal-to-text rule (api/client.ts), as this feature's screens import it.
import { errorText } from '../api/client';

export { errorText };
