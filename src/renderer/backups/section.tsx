import type { StaffSection } from '../common/section';
import { BackupsScreen } from './BackupsScreen';

/**
 * The administrator's backups. Also the admin's start page ('/'), so that a failed or stale copy is
 * shown at every start until both targets hold a good copy again.
 */
export const backupsSection: StaffSection = {
  title: 'Резервные копии',
  home: '/backups',
  visibleTo: (user) => user.roles.includes('admin'),
  routes: [
    { path: '/backups', render: ({ call }) => <BackupsScreen call={call} /> },
    { path: '/', render: ({ call }) => <BackupsScreen call={call} /> },
  ],
};
