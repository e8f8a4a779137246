import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where the journal file lives decides how it is opened (DESIGN.md, "The database on a file share"):
 * on a network share WAL does not work and locks are unreliable, so a rollback journal is used.
 */
export type Storage = 'local' | 'share';

const NETWORK_FS = new Set([
  'cifs',
  'smb3',
  'smbfs',
  'nfs',
  'nfs4',
  '9p',
  'afs',
  'ncpfs',
  'davfs',
  'fuse.sshfs',
  'fuse.smbnetfs',
  'smb2',
]);

/** statfs f_type magic numbers of network file systems (Linux), for when /proc/mounts is unreadable. */
const NETWORK_MAGIC = new Set([
  0xff534d42 /* cifs */, 0xfe534d42 /* smb2 */, 0x517b /* smb */, 0x6969 /* nfs */,
]);

/** A UNC path: \\server\share\… (or //server/share/…, or \\?\UNC\server\…). */
export function isUncPath(p: string): boolean {
  return /^(\\\\|\/\/)[^\\/]+[\\/]/.test(p);
}

/**
 * Windows: is this path on a mapped network drive (`net use Z: \\server\share`)? Node has no drive
 * type, and statfs gives no file-system type there. realpath.native resolves a mapped drive to its
 * UNC target on current Windows; `net use` lists the mapped letters as a second opinion.
 */
export function isWindowsNetworkPath(
  p: string,
  realpath: (p: string) => string = (x) => realpathSync.native(x),
  netUse: () => string = () =>
    spawnSync('net', ['use'], { encoding: 'utf8', timeout: 3000, windowsHide: true }).stdout ?? '',
): boolean {
  if (isUncPath(p)) return true;
  try {
    if (isUncPath(realpath(p))) return true;
  } catch {
    // a path that does not exist yet: the drive letter still tells
  }
  const drive = /^([a-zA-Z]):/.exec(p)?.[1];
  if (!drive) return false;
  try {
    return new RegExp(`(^|\\s)${drive}:\\s+\\\\\\\\`, 'im').test(netUse());
  } catch {
    return false;
  }
}

export function detectStorage(filePath: string, override = process.env.JOURNAL_STORAGE): Storage {
  if (override === 'local' || override === 'share') return override;
  // A UNC path (\\server\share\journal.sqlite) is a share on Windows.
  if (isUncPath(filePath)) return 'share';
  if (process.platform === 'win32') return isWindowsNetworkPath(filePath) ? 'share' : 'local';
  if (process.platform !== 'linux') {
    // macOS and others: the statfs type number where it names a network file system; otherwise the
    // administrator sets JOURNAL_STORAGE=share.
    try {
      return NETWORK_MAGIC.has(statfsSync(dirname(filePath)).type) ? 'share' : 'local';
    } catch {
      return 'local';
    }
  }
  let real: string;
  try {
    real = realpathSync(dirname(filePath));
  } catch {
    return 'local';
  }
  let best = { mount: '', type: '' };
  try {
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (!mount || !type) continue;
      const m = mount.replaceAll('\\040', ' ');
      if ((real === m || real.startsWith(m.endsWith('/') ? m : `${m}/`)) && m.length > best.mount.length) {
        best = { mount: m, type };
      }
    }
  } catch {
    try {
      return NETWORK_MAGIC.has(statfsSync(real).type) ? 'share' : 'local';
    } catch {
      return 'local';
    }
  }
  return NETWORK_FS.has(best.type) || best.type.startsWith('fuse.smb') ? 'share' : 'local';
}
