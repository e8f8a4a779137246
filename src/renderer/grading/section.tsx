import type { StaffSection } from '../common/section';
import { GradingScreen } from './GradingScreen';

/** The deputy's «Оценивание» (work types, weights, rounding, minimum of marks); read-only for the director and the inspector. */
export const gradingSection: StaffSection = {
  title: 'Оценивание',
  home: '/grading',
  visibleTo: (user) => user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'inspector'),
  routes: [{ path: '/grading', render: ({ call }) => <GradingScreen call={call} /> }],
};
