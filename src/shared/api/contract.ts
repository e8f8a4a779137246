import type { z } from 'zod';
import { accountsApi } from '../accounts/contract';
import { auditApi } from '../audit/contract';
import { authApi } from '../auth/contract';
import { backupsApi } from '../backups/contract';
import { diaryApi } from '../diary/contract';
import { gradingApi } from '../grading/contract';
import { importApi } from '../import/contract';
import { journalApi } from '../journal/contract';
import { periodsApi } from '../periods/contract';
import { printApi } from '../print/contract';
import { reportsApi } from '../reports/contract';
import { controlReportsApi } from '../reports/control-contract';
import { schoolYearApi } from '../school-year/contract';
import { setupApi } from '../setup/contract';
import { studentsApi } from '../students/contract';
import { syncApi } from '../sync/contract';
import { timelinessApi } from '../timeliness/contract';
import { timetableApi } from '../timetable/contract';
import { topicPlanApi } from '../topic-plan/contract';

/**
 * The whole API: each feature declares its methods in its own contract (src/shared/<feature>/contract.ts)
 * and this one module combines them. The renderer's client and the main process's router are both
 * typed from this object, so a method cannot exist on one side only.
 */
export const api = {
  ...authApi,
  ...journalApi,
  ...syncApi,
  ...diaryApi,
  ...auditApi,
  ...backupsApi,
  ...setupApi,
  ...schoolYearApi,
  ...accountsApi,
  ...importApi,
  ...studentsApi,
  ...timetableApi,
  ...timelinessApi,
  ...gradingApi,
  ...topicPlanApi,
  ...periodsApi,
  ...reportsApi,
  ...controlReportsApi,
  ...printApi,
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type Input<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type Output<M extends MethodName> = z.output<Api[M]['output']>;

/** Every scope check some method asks for; src/main/features.ts must provide each. */
export type ScopeKind = NonNullable<Api[MethodName]['scope']>['kind'];

export const METHOD_NAMES = Object.keys(api) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(api, name);
}
