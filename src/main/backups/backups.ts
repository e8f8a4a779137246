import type { ParsedInput } from '../../shared/api/contract';
import type { BackupStatus } from '../../shared/backups/contract';
import type { AuthedContext } from '../router/context';
import { staged } from '../router/handler';
import { backupSettings, backupStatus, putSetting, runnerFor, SETTINGS_KEY } from './runner';

/** The administrator's backups: settings, status, and the jobs (copy, drill, restore) they start. */

export function settings(ctx: AuthedContext) {
  return backupSettings(ctx.db);
}

export function saveSettings(ctx: AuthedContext, input: ParsedInput<'backups.saveSettings'>) {
  const before = backupSettings(ctx.db);
  putSetting(ctx.db, SETTINGS_KEY, input);
  ctx.audit({
    entity: 'setting',
    entityId: null,
    before: { [SETTINGS_KEY]: before },
    after: { [SETTINGS_KEY]: input },
  });
  return input;
}

export const status = staged<'backups.status', BackupStatus>({
  // Listing the folders hashes new copies: done before, outside any transaction.
  prepare: (ctx) => backupStatus(ctx.db, ctx.now),
  run: (_ctx, _input, prepared) => prepared,
});

const BUSY = 'Уже идёт копирование или восстановление: дождитесь его окончания';

/** Each request is audited, started or not (who asked for a copy or a restore, and when). */
export function runNow(ctx: AuthedContext, input: ParsedInput<'backups.runNow'>) {
  const runner = runnerFor(ctx.db);
  const started = !runner.job?.running;
  ctx.audit({ entity: 'backup', entityId: null, before: null, after: { kind: input.kind, started } });
  if (!started) return { started, message: BUSY };
  // Started after this call's transaction: the copy takes its own snapshot and never holds the queue.
  runner.reserve();
  setImmediate(() => void runner.backup(input.kind, ctx.now));
  return { started, message: null };
}

export function drill(ctx: AuthedContext) {
  const runner = runnerFor(ctx.db);
  const started = !runner.job?.running;
  ctx.audit({ entity: 'backup', entityId: null, before: null, after: { drill: true, started } });
  if (!started) return { started, message: BUSY };
  runner.reserve();
  setImmediate(() => void runner.drill(ctx.now));
  return { started, message: null };
}

export const restore = staged<'backups.restore', string | null>({
  async prepare(ctx, input) {
    // Only a listed, good copy (or a file kept by an earlier restore) may replace the journal.
    const s = await backupStatus(ctx.db, ctx.now);
    const offered = [...s.targets.flatMap((t) => t.copies), ...s.kept].find((c) => c.path === input.path);
    return offered?.good ? offered.path : null;
  },
  run(ctx, input, path) {
    const runner = runnerFor(ctx.db);
    const message = !path ? 'Такой исправной копии нет в списке' : runner.job?.running ? BUSY : null;
    // Recorded in the journal being replaced (it is kept beside the file, so the record stays).
    ctx.audit({
      entity: 'backup',
      entityId: null,
      before: null,
      after: { restore: input.path, started: !message },
    });
    if (message || !path) return { started: false, message };
    runner.reserve();
    setImmediate(() => void runner.restore(path, ctx.now));
    return { started: true, message: null };
  },
});

export const handlers = {
  'backups.settings': settings,
  'backups.saveSettings': saveSettings,
  'backups.status': status,
  'backups.runNow': runNow,
  'backups.drill': drill,
  'backups.restore': restore,
} as const;
