import type { StaffSection } from '../common/section';
import { ImportScreen } from './ImportScreen';

/** The administrator's import of the students' and the staff's lists. */
export const importSection: StaffSection = {
  title: 'Импорт',
  home: '/import',
  visibleTo: (user) => user.roles.includes('admin'),
  routes: [{ path: '/import', render: ({ call }) => <ImportScreen call={call} /> }],
};
