import { Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import type { Call } from '../api/client';
import type { StaffSection } from '../common/section';
import { DayScreen } from './DayScreen';
import { RegisterScreen } from './RegisterScreen';
import { TimetableScreen } from './TimetableScreen';
import { seesChanges } from './TimetableTabs';

const READERS = ['deputy', 'director', 'inspector', 'teacher'];

/** The signed-in user (the session gate already holds it), for what a screen lets them change. */
function WithUser({ call, children }: { call: Call; children(user: SessionUser): ReactNode }) {
  const me = useQuery({ queryKey: ['timetable.me'], queryFn: () => call('auth.me', {}) });
  return me.data ? children(me.data) : <Loader aria-label="Загрузка" />;
}

/** «Расписание» with «Замены» and «Журнал замен» for the administration; the deputy writes. */
export const timetableSection: StaffSection = {
  title: 'Расписание',
  home: '/timetable',
  owns: ['/timetable/'],
  visibleTo: (user) => user.roles.some((r) => READERS.includes(r)),
  routes: [
    {
      path: '/timetable/day/:date',
      render: ({ call, params }) => (
        <WithUser call={call}>
          {(user) =>
            seesChanges(user) ? <DayScreen call={call} user={user} initialDate={params.date} /> : null
          }
        </WithUser>
      ),
    },
    {
      path: '/timetable/day',
      render: ({ call }) => (
        <WithUser call={call}>
          {(user) => (seesChanges(user) ? <DayScreen call={call} user={user} /> : null)}
        </WithUser>
      ),
    },
    {
      path: '/timetable/register',
      render: ({ call }) => (
        <WithUser call={call}>
          {(user) => (seesChanges(user) ? <RegisterScreen call={call} user={user} /> : null)}
        </WithUser>
      ),
    },
    {
      path: '/timetable',
      render: ({ call }) => (
        <WithUser call={call}>{(user) => <TimetableScreen call={call} user={user} />}</WithUser>
      ),
    },
  ],
};
