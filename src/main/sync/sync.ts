import type { CallContext } from '../router/context';

/** The file's change version: open screens poll it and refresh when it moves (useLiveRefresh). */
export function version(ctx: CallContext): { version: string } {
  return { version: ctx.db.changeVersion() };
}
