import { accessLog } from './access-log';
import { dynamics } from './dynamics';
import { fill } from './fill';

/** The control reports' methods (shared/reports/control-contract.ts) and their services. */
export const handlers = {
  'reports.dynamics': dynamics,
  'reports.fill': fill,
  'reports.accessLog': accessLog,
};
