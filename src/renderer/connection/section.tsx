import { useQueryClient } from '@tanstack/react-query';
import type { Call } from '../api/client';
import type { StaffSection } from '../common/section';
import { ConnectionScreen } from './ConnectionScreen';

/**
 * The administrator's «Подключение»: once this computer works with a host, choosing another host
 * needs an administrator signed in to the journal in use (the wrapper checks it, not this screen).
 */
export const connectionSection: StaffSection = {
  title: 'Подключение',
  home: '/connection',
  visibleTo: (user) => user.roles.includes('admin'),
  routes: [{ path: '/connection', render: ({ call }) => <AdminConnection call={call} /> }],
};

function AdminConnection({ call }: { call: Call }) {
  const queryClient = useQueryClient();
  // After a switch the session of the journal used before is over: refreshing the queries meets the
  // new journal's «сеанс завершён», and the application shows its login.
  return <ConnectionScreen call={call} signedIn onDone={() => void queryClient.invalidateQueries()} />;
}
