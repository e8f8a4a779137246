import type { SessionUser } from '../../shared/auth/schemas';
import type { StaffSection } from '../common/section';
import { ClosingScreen } from './ClosingScreen';
import { FinalMarksScreen } from './FinalMarksScreen';

const administration = (user: SessionUser) =>
  user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'inspector');

/** The end of a period: the deputy's «Закрытие периодов» and the teachers' «Итоговые отметки». */
export const periodsSections: readonly StaffSection[] = [
  {
    title: 'Итоговые отметки',
    home: '/final-marks',
    owns: ['/final-marks/'],
    visibleTo: (user) => administration(user) || user.roles.includes('teacher'),
    routes: [
      {
        path: '/final-marks/:loadId',
        render: ({ call, params }) => (
          <FinalMarksScreen call={call} loadId={Number(params.loadId) || undefined} />
        ),
      },
      { path: '/final-marks', render: ({ call }) => <FinalMarksScreen call={call} /> },
    ],
  },
  {
    title: 'Закрытие периодов',
    home: '/periods',
    visibleTo: administration,
    routes: [{ path: '/periods', render: ({ call }) => <ClosingScreen call={call} /> }],
  },
];
