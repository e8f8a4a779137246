import type { StaffSection } from '../common/section';
import { JournalScreen } from './JournalScreen';
import { LoadsScreen } from './LoadsScreen';

/** The class journal in the staff application: the list of pages, and a page. Everyone but the admin. */
export const journalSection: StaffSection = {
  title: 'Журнал',
  home: '/',
  owns: ['/journal/'],
  visibleTo: (user) => user.roles.some((r) => r !== 'admin'),
  routes: [
    {
      path: '/journal/:loadId',
      render: ({ call, params }) => (
        <JournalScreen key={params.loadId} call={call} loadId={Number(params.loadId)} />
      ),
    },
    { path: '/', render: ({ call }) => <LoadsScreen call={call} /> },
  ],
};
