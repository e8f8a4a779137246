import type { StaffSection } from '../common/section';
import { AccountsScreen } from './AccountsScreen';

/**
 * «Пользователи»: the administrator keeps staff and family accounts and hands out credentials; the
 * director sees the staff list, read only (shared/accounts/contract.ts says why).
 */
export const accountsSection: StaffSection = {
  title: 'Пользователи',
  home: '/accounts',
  visibleTo: (user) => user.roles.includes('admin') || user.roles.includes('director'),
  routes: [{ path: '/accounts', render: ({ call }) => <AccountsScreen call={call} /> }],
};
