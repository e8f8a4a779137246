import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BackupKind } from '../../shared/backups/contract';
import { restoreDrill, restoreInto, takeBackup, verifyCopy } from './copy';

/**
 * Backups from the command line, for the host and for scripts (exit code 0 only when all is good):
 *   npm run backup -- --db <file> --to <dir1> <dir2> [--kind weekly|monthly] [--keep N]
 *   npm run backup -- --verify <copy>
 *   npm run backup -- --restore <copy> --db <file>      (the replaced journal is kept beside it)
 *   npm run restore-drill -- --db <file> --from <dir>
 */
function args(argv: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let key = '';
  for (const a of argv) {
    if (a.startsWith('--')) {
      key = a.slice(2);
      out.set(key, []);
    } else out.get(key)?.push(a) ?? out.set('', [...(out.get('') ?? []), a]);
  }
  return out;
}

const one = (m: Map<string, string[]>, k: string) => m.get(k)?.[0];

function usage(): never {
  console.error(`Использование:
  npm run backup -- --db <файл журнала> --to <папка1> <папка2> [--kind weekly|monthly] [--keep N]
  npm run backup -- --verify <копия>
  npm run backup -- --restore <копия> --db <файл журнала>
  npm run restore-drill -- --db <файл журнала> --from <папка>`);
  process.exit(2);
}

async function backup(a: Map<string, string[]>): Promise<boolean> {
  const verify = one(a, 'verify');
  if (verify) {
    const r = await verifyCopy(resolve(verify));
    for (const line of [...r.report, ...r.problems]) console.log(`  ${line}`);
    console.log(r.ok ? `${verify}: копия исправна` : `${verify}: КОПИЯ НЕИСПРАВНА`);
    return r.ok;
  }
  const db = one(a, 'db');
  if (!db || !existsSync(db)) usage();
  const restore = one(a, 'restore');
  if (restore) {
    const r = await restoreInto(resolve(db), resolve(restore));
    for (const line of r.report) console.log(`  ${line}`);
    console.log(r.ok ? 'Восстановлено' : 'НЕ ВОССТАНОВЛЕНО');
    return r.ok;
  }
  const to = a.get('to') ?? [];
  if (to.length === 0) usage();
  const kind = BackupKind.parse(one(a, 'kind') ?? 'weekly');
  const keep = Number(one(a, 'keep') ?? (kind === 'weekly' ? 4 : 12));
  let shown = -1;
  const results = await takeBackup({
    sourcePath: resolve(db),
    targets: to.map((t) => resolve(t)),
    kind,
    keep,
    progress: (p) => {
      if (p >= shown + 25) {
        shown = p;
        process.stderr.write(`  ${p}%\n`);
      }
    },
  });
  for (const r of results) {
    console.log(
      r.ok ? `${r.target}: копия проверена — ${r.path}` : `${r.target}: КОПИЯ НЕ СДЕЛАНА — ${r.error}`,
    );
    for (const line of r.report) console.log(`  ${line}`);
  }
  return results.every((r) => r.ok);
}

async function drill(a: Map<string, string[]>): Promise<boolean> {
  const from = one(a, 'from');
  const db = one(a, 'db');
  if (!from) usage();
  const before = db && existsSync(db) ? statSync(db).mtimeMs : null;
  const r = await restoreDrill(resolve(from), join(tmpdir(), 'journal-restore-drill'));
  for (const line of r.report) console.log(`  ${line}`);
  if (db && before !== null)
    console.log(`  Рабочий журнал ${db} не затронут: ${statSync(db).mtimeMs === before}`);
  console.log(r.ok ? `Проверка восстановления пройдена: ${r.copy}` : 'ПРОВЕРКА ВОССТАНОВЛЕНИЯ НЕ ПРОЙДЕНА');
  return r.ok;
}

const [command, ...rest] = process.argv.slice(2);
const a = args(rest);
const ok = command === 'backup' ? await backup(a) : command === 'drill' ? await drill(a) : usage();
process.exit(ok ? 0 : 1);
