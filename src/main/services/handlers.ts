import type { Api, MethodName, Output, ParsedInput } from '../../shared/api/contract';
import type { AuthedContext, CallContext, CommittedRefusal } from '../context';
import * as auth from './auth/auth';
import * as diary from './diary';
import * as cells from './journal/cells';
import * as lessons from './journal/lessons';
import * as loads from './journal/loads';
import * as page from './journal/page';
import * as school from './school';

type ContextFor<M extends MethodName> = Api[M]['roles'] extends 'anyone' ? CallContext : AuthedContext;

export type Handler<M extends MethodName> = (
  ctx: ContextFor<M>,
  input: ParsedInput<M>,
) => Output<M> | CommittedRefusal;

/** Every method of the contract, bound to its service function. A missing one fails the type check. */
export const handlers: { [M in MethodName]: Handler<M> } = {
  'auth.login': auth.login,
  'auth.logout': auth.logout,
  'auth.me': auth.me,
  'auth.changePassword': auth.changePassword,
  'auth.demoAccounts': auth.demoAccounts,
  'journal.myLoads': loads.myLoads,
  'journal.page': page.page,
  'journal.setMark': cells.setMark,
  'journal.setAbsence': cells.setAbsence,
  'journal.clearCell': cells.clearCell,
  'journal.updateLesson': lessons.updateLesson,
  'journal.addLesson': lessons.addLesson,
  'sync.version': (ctx) => school.changeVersion(ctx.db),
  'diary.children': diary.children,
  'diary.week': diary.week,
};
