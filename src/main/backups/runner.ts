import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BackupKind,
  type BackupSettings,
  type CopyInfo,
  DEFAULT_BACKUP_SETTINGS,
  type JobStatus,
} from '../../shared/backups/contract';
import { ageText, isDue, isStale } from '../../shared/backups/schedule';
import type { Database } from '../db/database';
import { getSetting } from '../school-year/school';
import { listCopies, listKept, restoreDrill, restoreInto, takeBackup } from './copy';

/**
 * The backups of one open journal: the job that runs (one at a time), what each target's last
 * attempt gave, and the schedule. Lives in the thread that owns the file (the database worker).
 */
export const SETTINGS_KEY = 'backups.settings';
export const RUNS_KEY = 'backups.runs';

export interface Runs {
  /** Per target folder: the last attempt and its problem (null = a good copy). */
  targets: Record<string, { at: string; error: string | null }>;
  /** Per kind: the last scheduled attempt (so a failing target is not retried every few minutes). */
  attempted: Partial<Record<BackupKind, string>>;
}

export function backupSettings(db: Database): BackupSettings {
  return getSetting(db, SETTINGS_KEY, DEFAULT_BACKUP_SETTINGS);
}

export function runs(db: Database): Runs {
  return getSetting<Runs>(db, RUNS_KEY, { targets: {}, attempted: {} });
}

export function putSetting(db: Database, key: string, value: unknown): void {
  const text = JSON.stringify(value);
  db.run(
    db.builder
      .insertInto('setting')
      .values({ key, value: text })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: text })),
  );
}

class Runner {
  job: JobStatus | null = null;
  timer: NodeJS.Timeout | null = null;

  constructor(readonly db: Database) {}

  private reserved = false;

  /** Marks a job as started now (it begins on the next turn), so that a second request sees it. */
  reserve(): void {
    this.reserved = true;
    this.job = {
      kind: 'backup',
      running: true,
      percent: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      report: [],
      ok: null,
    };
  }

  private begin(kind: JobStatus['kind'], now: Date): JobStatus | null {
    if (this.job?.running && !this.reserved) return null;
    this.reserved = false;
    this.job = {
      kind,
      running: true,
      percent: 0,
      startedAt: now.toISOString(),
      finishedAt: null,
      report: [],
      ok: null,
    };
    return this.job;
  }

  private finish(job: JobStatus, ok: boolean): void {
    job.running = false;
    job.ok = ok;
    job.percent = 100;
    job.finishedAt = new Date().toISOString();
  }

  /** Starts a copy to both targets; false when a job is already running. Resolves when it ends. */
  backup(kind: BackupKind, now = new Date(), scheduled = false): Promise<boolean> | null {
    const job = this.begin('backup', now);
    if (!job) return null;
    return (async () => {
      try {
        const settings = await this.db.read(() => backupSettings(this.db));
        const keep = kind === 'weekly' ? settings.keepWeekly : settings.keepMonthly;
        const results = await takeBackup({
          sourcePath: this.db.path,
          targets: settings.targets,
          kind,
          keep,
          now,
          progress: (p) => {
            job.percent = Math.min(99, p);
          },
        });
        for (const r of results) {
          const where = r.target || '(папка не задана)';
          if (r.ok) job.report.push(`${where}: копия проверена — ${r.report.join('; ')}`);
          else job.report.push(`${where}: копия не сделана — ${r.error}`);
        }
        await this.db.write(() => {
          const state = runs(this.db);
          for (const r of results)
            if (r.target) state.targets[r.target] = { at: now.toISOString(), error: r.error };
          if (scheduled) state.attempted[kind] = now.toISOString();
          putSetting(this.db, RUNS_KEY, state);
        });
        const ok = results.every((r) => r.ok);
        this.finish(job, ok);
        return ok;
      } catch (e) {
        job.report.push(`Копирование прервано: ${e instanceof Error ? e.message : String(e)}`);
        this.finish(job, false);
        return false;
      }
    })();
  }

  drill(now = new Date()): Promise<boolean> | null {
    const job = this.begin('drill', now);
    if (!job) return null;
    return (async () => {
      try {
        const settings = await this.db.read(() => backupSettings(this.db));
        let ok = true;
        for (const target of settings.targets.filter(Boolean)) {
          const r = await restoreDrill(target, join(tmpdir(), 'journal-restore-drill'));
          job.report.push(`${target}: ${r.report.join('; ')}`);
          ok &&= r.ok;
          job.percent += 50;
        }
        this.finish(job, ok && settings.targets.some(Boolean));
        return job.ok ?? false;
      } catch (e) {
        job.report.push(`Проверка восстановления прервана: ${e instanceof Error ? e.message : String(e)}`);
        this.finish(job, false);
        return false;
      }
    })();
  }

  /**
   * Restores a copy over the live journal. The connection's queue is held for the whole restore (an
   * open read that reads nothing, so SQLite's own locks let the restore write): no call is answered
   * meanwhile, so nobody writes into the database being replaced.
   */
  restore(copy: string, now = new Date()): Promise<boolean> | null {
    const job = this.begin('restore', now);
    if (!job) return null;
    return (async () => {
      try {
        const r = await this.db.read(() => restoreInto(this.db.path, copy, now));
        job.report.push(...r.report);
        this.finish(job, r.ok);
        return r.ok;
      } catch (e) {
        job.report.push(`Восстановление прервано: ${e instanceof Error ? e.message : String(e)}`);
        this.finish(job, false);
        return false;
      }
    })();
  }

  /** Starts the copies that are due (monthly first); called at start and every few minutes. */
  async tick(now = new Date()): Promise<void> {
    if (this.job?.running) return;
    const settings = await this.db.read(() => backupSettings(this.db));
    if (!settings.targets.some(Boolean)) return;
    const state = await this.db.read(() => runs(this.db));
    const copies = await Promise.all(settings.targets.filter(Boolean).map((t) => listCopies(t)));
    for (const kind of ['monthly', 'weekly'] as const) {
      // Due while any target lacks a good copy since the scheduled moment.
      const newest = copies.map((cs) => newestGood(cs, kind));
      const oldest = newest.some((d) => d === null)
        ? null
        : new Date(Math.min(...newest.map((d) => (d as Date).getTime())));
      if (!isDue(kind, settings, oldest, now)) continue;
      const attempted = state.attempted[kind];
      // A failing target is retried hourly, not at every tick.
      if (attempted && now.getTime() - Date.parse(attempted) < 3600_000) continue;
      await this.backup(kind, now, true);
      return;
    }
  }
}

function newestGood(copies: CopyInfo[], kind: BackupKind): Date | null {
  const c = copies.find((x) => x.good && x.kind === kind);
  return c ? new Date(c.takenAt) : null;
}

const runners = new WeakMap<Database, Runner>();

export function runnerFor(db: Database): Runner {
  let r = runners.get(db);
  if (!r) {
    r = new Runner(db);
    runners.set(db, r);
  }
  return r;
}

/**
 * Checks at start and every `everyMs` whether a copy is due, and takes it. Returns the stop function.
 */
export function startBackupSchedule(db: Database, everyMs = 5 * 60_000): () => void {
  const runner = runnerFor(db);
  const tick = () => {
    runner.tick().catch((e) => console.error('backups:', e));
  };
  // At every start the host's log says what the admin's screen says, until both targets are good.
  const first = () => {
    backupStatus(db)
      .then((s) => {
        if (s.settings.targets.some(Boolean))
          for (const w of s.warnings) console.warn(`Резервные копии: ${w}`);
      })
      .catch(() => undefined)
      .finally(tick);
  };
  setTimeout(first, 1000).unref();
  runner.timer = setInterval(tick, everyMs);
  runner.timer.unref();
  return () => {
    if (runner.timer) clearInterval(runner.timer);
    runner.timer = null;
  };
}

/** The status the administrator's screen shows: per target its copies, last attempt and warnings. */
export async function backupStatus(db: Database, now = new Date()) {
  const settings = await db.read(() => backupSettings(db));
  const state = await db.read(() => runs(db));
  const warnings: string[] = [];
  const targets = await Promise.all(
    settings.targets.map(async (folder, i) => {
      const copies = folder ? await listCopies(folder) : [];
      const lastGood = copies.find((c) => c.good) ?? null;
      const lastRun = folder ? (state.targets[folder] ?? null) : null;
      const w: string[] = [];
      const label = `Папка ${i + 1}${folder ? ` (${folder})` : ''}`;
      if (!folder) w.push(`${label}: не задана`);
      else {
        if (lastRun?.error) w.push(`${label}: последняя копия не удалась — ${lastRun.error}`);
        if (!lastGood) w.push(`${label}: нет исправной копии`);
        else if (isStale('weekly', settings, newestGood(copies, 'weekly') ?? new Date(lastGood.takenAt), now))
          w.push(
            `${label}: последней копии ${ageText(new Date(lastGood.takenAt), now)} — она старше расписания`,
          );
        const damaged = copies.filter((c) => !c.good).length;
        if (damaged > 0)
          w.push(`${label}: повреждённых копий — ${damaged} (не предлагаются для восстановления)`);
      }
      warnings.push(...w);
      return { folder, lastRun, lastGood, copies, warnings: w };
    }),
  );
  return { settings, targets, job: runnerFor(db).job, kept: await listKept(db.path), warnings };
}
