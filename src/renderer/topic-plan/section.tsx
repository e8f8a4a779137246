import type { StaffSection } from '../common/section';
import { PlansScreen } from './PlansScreen';
import { TopicPlanScreen } from './TopicPlanScreen';

/** The plan of topics (КТП): teachers keep their own, the deputy every one, the director and inspector read. */
export const topicPlanSection: StaffSection = {
  title: 'Планирование (КТП)',
  home: '/ktp',
  owns: ['/ktp/'],
  visibleTo: (user) => user.roles.some((r) => ['teacher', 'deputy', 'director', 'inspector'].includes(r)),
  routes: [
    {
      path: '/ktp/:loadId',
      render: ({ call, params }) => (
        <TopicPlanScreen key={params.loadId} call={call} loadId={Number(params.loadId)} />
      ),
    },
    { path: '/ktp', render: ({ call }) => <PlansScreen call={call} /> },
  ],
};
