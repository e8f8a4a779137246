import type { BackupKind, BackupSettings } from './contract';

/**
 * When a copy is due. Times are the school's local time (the computer running the journal). A copy
 * is due once the latest scheduled moment has passed and no good copy of that kind was taken since.
 */
export function lastScheduled(kind: BackupKind, settings: BackupSettings, now: Date): Date {
  const spec = kind === 'weekly' ? settings.weekly : settings.monthly;
  const [h, m] = spec.time.split(':').map(Number) as [number, number];
  const at = new Date(now);
  at.setHours(h, m, 0, 0);
  if (kind === 'weekly') {
    const isoDay = ((now.getDay() + 6) % 7) + 1;
    at.setDate(at.getDate() - ((isoDay - spec.day + 7) % 7));
    if (at > now) at.setDate(at.getDate() - 7);
  } else {
    at.setDate(spec.day);
    if (at > now) at.setMonth(at.getMonth() - 1, spec.day);
  }
  return at;
}

export function isDue(kind: BackupKind, settings: BackupSettings, lastGood: Date | null, now: Date): boolean {
  return lastGood === null || lastGood < lastScheduled(kind, settings, now);
}

/** A good copy is stale when the schedule has passed it by more than a day without a new one. */
export function isStale(
  kind: BackupKind,
  settings: BackupSettings,
  lastGood: Date | null,
  now: Date,
): boolean {
  if (lastGood === null) return true;
  const due = lastScheduled(kind, settings, now);
  return lastGood < due && now.getTime() - due.getTime() > 24 * 3600 * 1000;
}

export function ageText(from: Date, now: Date): string {
  const hours = Math.floor((now.getTime() - from.getTime()) / 3600_000);
  if (hours < 1) return 'меньше часа';
  if (hours < 48) return `${hours} ч`;
  return `${Math.floor(hours / 24)} дн.`;
}
