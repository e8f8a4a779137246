import { readFileSync, realpathSync } from 'node:fs';
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
]);

export function detectStorage(filePath: string, override = process.env.JOURNAL_STORAGE): Storage {
  if (override === 'local' || override === 'share') return override;
  // A UNC path (\\server\share\journal.sqlite) is a share on Windows.
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(filePath)) return 'share';
  if (process.platform !== 'linux') return 'local';
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
    return 'local';
  }
  return NETWORK_FS.has(best.type) || best.type.startsWith('fuse.smb') ? 'share' : 'local';
}
