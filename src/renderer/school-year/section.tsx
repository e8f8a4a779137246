import type { SessionUser } from '../../shared/auth/schemas';
import type { StaffSection } from '../common/section';
import { ClassesScreen } from './ClassesScreen';
import { CurriculumScreen } from './CurriculumScreen';
import { YearScreen } from './YearScreen';

/**
 * The deputy's set-up of the year: three screens. The deputy edits them; the director, the
 * administrator and the inspector see them read-only (the server refuses their writes anyway).
 */
const readers = (user: SessionUser) =>
  user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'admin' || r === 'inspector');

export const schoolYearSections: readonly StaffSection[] = [
  {
    title: 'Учебный год',
    home: '/year',
    visibleTo: readers,
    routes: [{ path: '/year', render: ({ call }) => <YearScreen call={call} /> }],
  },
  {
    title: 'Учебный план',
    home: '/curriculum',
    visibleTo: readers,
    routes: [{ path: '/curriculum', render: ({ call }) => <CurriculumScreen call={call} /> }],
  },
  {
    title: 'Классы и нагрузка',
    home: '/classes',
    visibleTo: readers,
    routes: [{ path: '/classes', render: ({ call }) => <ClassesScreen call={call} /> }],
  },
];
