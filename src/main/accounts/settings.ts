import type { SlipSettings } from '../../shared/accounts/contract';
import type { ParsedInput } from '../../shared/api/contract';
import type { Database } from '../db/database';
import type { AuthedContext } from '../router/context';
import { getSetting } from '../school-year/school';

/** What the slips say about where to sign in: the diary's address and the staff application's. */
export const SLIP_SETTINGS_KEY = 'accounts.slips';

export const DEFAULT_SLIP_SETTINGS: SlipSettings = { diaryAddress: '', staffAddress: '' };

export function slipSettingsOf(db: Database): SlipSettings {
  return getSetting(db, SLIP_SETTINGS_KEY, DEFAULT_SLIP_SETTINGS);
}

export function slipSettings(ctx: AuthedContext): SlipSettings {
  return slipSettingsOf(ctx.db);
}

export function saveSlipSettings(
  ctx: AuthedContext,
  input: ParsedInput<'accounts.saveSlipSettings'>,
): SlipSettings {
  const before = slipSettingsOf(ctx.db);
  const value = JSON.stringify(input);
  ctx.db.run(
    ctx.db.builder
      .insertInto('setting')
      .values({ key: SLIP_SETTINGS_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
  ctx.audit({
    entity: 'setting',
    entityId: null,
    before: { [SLIP_SETTINGS_KEY]: before },
    after: { [SLIP_SETTINGS_KEY]: input },
  });
  return input;
}
