import type { StaffSection } from '../common/section';
import { PrintBookScreen } from './PrintBookScreen';

/** «Печать журнала»: the deputy (and the director, who reads everything) prints the bound class journals. */
export const printSection: StaffSection = {
  title: 'Печать журнала',
  home: '/print',
  visibleTo: (user) => user.roles.includes('deputy') || user.roles.includes('director'),
  routes: [{ path: '/print', render: ({ call }) => <PrintBookScreen call={call} /> }],
};
