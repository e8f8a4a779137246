import { z } from 'zod';
import { method } from '../api/define';
import { Empty } from '../api/schemas';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Время должно быть в формате ЧЧ:ММ' });
const Folder = z
  .string()
  .trim()
  .max(1000, { error: 'Слишком длинный путь к папке' })
  .refine((s) => s === '' || s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\'), {
    error: 'Укажите полный путь к папке (например, /media/backup или D:\\Копии)',
  });

export const BackupSettings = z
  .object({
    /** Two folders on different drives (or a drive and a server folder); '' = not set yet. */
    targets: z.tuple([Folder, Folder]),
    /** Weekly copy: ISO weekday (1 = Monday … 7 = Sunday) and local time. */
    weekly: z.object({ day: z.number().int().min(1).max(7), time: Time }).strict(),
    /** Monthly archive: day of the month (1–28, so every month has it) and local time. */
    monthly: z
      .object({
        day: z
          .number()
          .int()
          .min(1, { error: 'День месяца от 1 до 28' })
          .max(28, { error: 'День месяца от 1 до 28' }),
        time: Time,
      })
      .strict(),
    keepWeekly: z.number().int().min(1, { error: 'Храните хотя бы одну копию' }).max(52),
    keepMonthly: z.number().int().min(1, { error: 'Храните хотя бы одну копию' }).max(120),
  })
  .strict()
  .refine((s) => s.targets[0] === '' || s.targets[0] !== s.targets[1], {
    error: 'Две копии должны лежать в разных папках',
    path: ['targets', 1],
  });
export type BackupSettings = z.infer<typeof BackupSettings>;

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = {
  targets: ['', ''],
  weekly: { day: 5, time: '18:00' },
  monthly: { day: 1, time: '19:00' },
  keepWeekly: 4,
  keepMonthly: 12,
};

export const BackupKind = z.enum(['weekly', 'monthly']);
export type BackupKind = z.infer<typeof BackupKind>;

/** A copy found in a target folder, as its manifest and the file say. */
export const CopyInfo = z.object({
  path: z.string(),
  name: z.string(),
  kind: BackupKind,
  takenAt: z.string(),
  size: z.number(),
  /** The file's SHA-256 matches its manifest (a damaged copy is listed, never offered for restore). */
  good: z.boolean(),
});
export type CopyInfo = z.infer<typeof CopyInfo>;

export const TargetStatus = z.object({
  folder: z.string(),
  /** The last attempt on this target: when, and the problem in Russian (null = a good copy). */
  lastRun: z.object({ at: z.string(), error: z.string().nullable() }).nullable(),
  lastGood: CopyInfo.nullable(),
  copies: z.array(CopyInfo),
  /** Russian warnings for the administrator (target failed, copy older than the schedule). */
  warnings: z.array(z.string()),
});

export const JobStatus = z.object({
  kind: z.enum(['backup', 'restore', 'drill']),
  running: z.boolean(),
  percent: z.number().min(0).max(100),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** One Russian line per step or target (verification results, failures). */
  report: z.array(z.string()),
  ok: z.boolean().nullable(),
});
export type JobStatus = z.infer<typeof JobStatus>;

export const BackupStatus = z.object({
  settings: BackupSettings,
  targets: z.array(TargetStatus),
  job: JobStatus.nullable(),
  /** Files kept beside the journal by restores (restoring one undoes that restore). */
  kept: z.array(CopyInfo),
  warnings: z.array(z.string()),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

/** Whether the job started; if not, why (in Russian): another job runs, the copy is not offered. */
const Started = z.object({ started: z.boolean(), message: z.string().nullable() });

/** The administrator's backups (002 §5.1) and the engineer's restore (004 §3.2). */
export const backupsApi = {
  'backups.settings': method({
    input: Empty,
    output: BackupSettings,
    roles: ['admin'],
    write: false,
    audience: 'staff',
  }),
  'backups.saveSettings': method({
    input: BackupSettings,
    output: BackupSettings,
    roles: ['admin'],
    write: true,
    audience: 'staff',
  }),
  'backups.status': method({
    input: Empty,
    output: BackupStatus,
    roles: ['admin'],
    write: false,
    audience: 'staff',
  }),
  'backups.runNow': method({
    input: z.object({ kind: BackupKind.default('weekly') }).strict(),
    output: Started,
    roles: ['admin'],
    write: true,
    audience: 'staff',
  }),
  'backups.drill': method({
    input: Empty,
    output: Started,
    roles: ['admin'],
    write: true,
    audience: 'staff',
  }),
  'backups.restore': method({
    input: z.object({ path: z.string().min(1).max(2000) }).strict(),
    output: Started,
    roles: ['admin'],
    write: true,
    audience: 'staff',
  }),
} as const;
