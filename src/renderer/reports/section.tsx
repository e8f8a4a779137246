import type { StaffSection } from '../common/section';
import { ReportsScreen } from './ReportsScreen';

/** «Отчёты»: the administration, class teachers and teachers (what each sees follows reports.options). */
export const reportsSection: StaffSection = {
  title: 'Отчёты',
  home: '/reports',
  visibleTo: (user) =>
    user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'inspector' || r === 'teacher'),
  routes: [{ path: '/reports', render: ({ call }) => <ReportsScreen call={call} /> }],
};
