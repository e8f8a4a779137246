import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseFingerprint, parseRemoteAddress } from '../../shared/connection/address';

/**
 * Where a staff computer finds its host: the address and the certificate fingerprint the administrator
 * entered once and confirmed against the host's screen (not learned from the host on first contact:
 * whoever answered first would be trusted). Kept in a small settings file on the staff computer, or
 * given on the command line (`--remote https://host:5170 --fingerprint AB:CD:…`).
 */
export interface RemoteSettings {
  /** https://host:port (an origin). */
  address: string;
  /** AB:CD:… (32 pairs, upper case). */
  fingerprint: string;
}

// The address rule lives with the connection screen's contract, so the form and the CLI agree.
export { DEFAULT_HOST_PORT, parseRemoteAddress } from '../../shared/connection/address';

/** Both or neither: an address without its confirmed fingerprint is refused, never trusted as it comes. */
export function remoteFromArgs(
  address: string | undefined,
  fingerprint: string | undefined,
): RemoteSettings | null {
  if (!address && !fingerprint) return null;
  if (!address) throw new Error('Указан отпечаток сертификата, но не адрес сервера журнала (--remote).');
  if (!fingerprint)
    throw new Error(
      'Для подключения к серверу журнала укажите и отпечаток его сертификата (--fingerprint), как он показан на экране сервера.',
    );
  return { address: parseRemoteAddress(address), fingerprint: parseFingerprint(fingerprint) };
}

export function readRemoteSettings(file: string): RemoteSettings | null {
  if (!existsSync(file)) return null;
  let data: { address?: unknown; fingerprint?: unknown };
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`Файл настроек подключения к серверу журнала повреждён: ${file}`);
  }
  return remoteFromArgs(
    typeof data.address === 'string' ? data.address : undefined,
    typeof data.fingerprint === 'string' ? data.fingerprint : undefined,
  );
}

/** Written whole (a temporary file renamed over it) and readable by its owner only. */
export function writeRemoteSettings(file: string, settings: RemoteSettings): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/**
 * Which journal a staff computer's application uses (Electron): the host named on the command line
 * (then remembered in `settingsFile`, so the administrator gives it once), else the host remembered
 * there; null for a journal file of its own (`--db`, or the demo when nothing is set up).
 */
export function chooseRemote(options: {
  address: string | undefined;
  fingerprint: string | undefined;
  /** The journal file named with --db / JOURNAL_DB, if any. */
  dbPath: string | undefined;
  settingsFile: string;
}): RemoteSettings | null {
  const given = remoteFromArgs(options.address, options.fingerprint);
  if (given && options.dbPath !== undefined)
    throw new Error('С --remote журнал открывает сервер журнала: не указывайте здесь --db.');
  if (given) {
    writeRemoteSettings(options.settingsFile, given);
    return given;
  }
  return options.dbPath === undefined ? readRemoteSettings(options.settingsFile) : null;
}
