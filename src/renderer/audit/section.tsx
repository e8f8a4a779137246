import type { StaffSection } from '../common/section';
import { AuditScreen } from './AuditScreen';

/**
 * The audit log's integrity check: the administrator's screen and the director's, who answers for the
 * journal. Its '/' route serves whoever has no earlier section (the journal, the backups) for '/'.
 */
export const auditSection: StaffSection = {
  title: 'Журнал изменений',
  home: '/audit',
  visibleTo: (user) => user.roles.some((r) => r === 'admin' || r === 'director'),
  routes: [
    { path: '/audit', render: ({ call }) => <AuditScreen call={call} /> },
    // Routes are tried section by section: a director's '/' is the journal's (listed first).
    { path: '/', render: ({ call }) => <AuditScreen call={call} /> },
  ],
};
