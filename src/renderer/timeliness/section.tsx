import { Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Call } from '../api/client';
import type { StaffSection } from '../common/section';
import { TimelinessScreen } from './TimelinessScreen';

const READERS = ['deputy', 'director', 'inspector'];

function Screen({ call }: { call: Call }) {
  const me = useQuery({ queryKey: ['timeliness.me'], queryFn: () => call('auth.me', {}) });
  return me.data ? <TimelinessScreen call={call} user={me.data} /> : <Loader aria-label="Загрузка" />;
}

/** «Своевременность»: the deputy's control of how the journal is kept (004 §4.2), read by the director and the inspector. */
export const timelinessSection: StaffSection = {
  title: 'Своевременность',
  home: '/timeliness',
  visibleTo: (user) => user.roles.some((r) => READERS.includes(r)),
  routes: [{ path: '/timeliness', render: ({ call }) => <Screen call={call} /> }],
};
