// One torture writer: a staff computer setting marks through the real router (journal.setMark) on
// cells of its own, logging each attempt before it is made and its answer after, so the checker can
// tell acknowledged, refused and in-doubt (killed mid-call) writes apart. Run by torture.ts.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { openJournal } from '../../src/main/db/migrate';
import { features } from '../../src/main/features';
import { createRouter } from '../../src/main/router/router';

interface Job {
  db: string;
  cells: { lessonId: number; studentId: number; value: string }[];
  log: string;
  login: string;
  password: string;
  now: string;
  paceMs: number;
}

const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Job;
// A restarted writer (after SIGKILL) goes on after the last cell it attempted.
const done = new Set<number>();
if (existsSync(job.log)) {
  for (const line of readFileSync(job.log, 'utf8').split('\n')) {
    const [kind, i] = line.split(' ');
    if (kind === 'try') done.add(Number(i));
  }
}
const log = (line: string) => appendFileSync(job.log, `${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let opened: ReturnType<typeof openJournal> | undefined;
  for (let i = 0; !opened; i++) {
    try {
      opened = openJournal(job.db);
    } catch (e) {
      log(`open-failed ${(e as { code?: string }).code ?? (e as Error).message.split('\n')[0]}`);
      if (i > 100) throw e;
      await sleep(100 + Math.random() * 200);
    }
  }
  const now = new Date(job.now);
  const router = createRouter(opened.db, features, { clock: () => now });
  const meta = { door: 'staff' as const, token: null as string | null };
  for (;;) {
    const r = await router.call('auth.login', { login: job.login, password: job.password }, meta);
    if (r.ok) {
      meta.token = (r.value as { token: string }).token;
      break;
    }
    log(`login-failed ${r.error.code}`);
    await sleep(100 + Math.random() * 200);
  }
  for (let i = 0; i < job.cells.length; i++) {
    if (done.has(i)) continue;
    const cell = job.cells[i] as Job['cells'][number];
    log(`try ${i}`);
    const r = await router.call(
      'journal.setMark',
      { lessonId: cell.lessonId, studentId: cell.studentId, value: cell.value, expectedVersion: null },
      meta,
    );
    log(r.ok ? `ok ${i}` : `err ${i} ${r.error.code}`);
    if (job.paceMs > 0) await sleep(job.paceMs);
  }
  log(`retries ${opened.db.retries}`);
  opened.db.close();
  log('end');
}

main().catch((e) => {
  log(`crash ${(e as { code?: string }).code ?? String(e).split('\n')[0]}`);
  console.error(e);
  process.exit(2);
});
