// One torture writer: a staff computer setting marks through the real router (journal.setMark) on
// cells of its own, logging each attempt before it is made and its answer after, so the checker can
// tell acknowledged, refused and in-doubt (killed mid-call) writes apart. Run by torture.ts.
// With `remote` (host mode) it is a staff computer of a host: a remote router pinned to the host's
// fingerprint, and an UNAVAILABLE answer keeps the mark and sends it again after a pause, as the staff
// application's offline queue does — never dropped.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { openJournal } from '../../src/main/db/migrate';
import { features } from '../../src/main/features';
import { createRemoteRouter } from '../../src/main/remote/client';
import type { CallRouter } from '../../src/main/router/answer';
import { createRouter } from '../../src/main/router/router';

interface Job {
  db: string;
  cells: { loadId: number; lessonId: number; studentId: number; value: string }[];
  log: string;
  login: string;
  password: string;
  now: string;
  paceMs: number;
  /** Host mode: the host's staff door and its certificate's fingerprint. */
  remote?: { address: string; fingerprint: string };
  /** Host mode: a file whose appearance starts the marks (all writers logged in: they work at once). */
  go?: string;
  /** Host mode: the pause before an UNAVAILABLE mark is sent again. */
  retryPauseMs?: number;
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
  if (job.remote) return remote(job.remote);
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
  await login(router, meta);
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

async function login(router: CallRouter, meta: { door: 'staff'; token: string | null }) {
  for (;;) {
    const r = await router.call('auth.login', { login: job.login, password: job.password }, meta);
    if (r.ok) {
      meta.token = (r.value as { token: string }).token;
      return;
    }
    log(`login-failed ${r.error.code}`);
    await sleep(100 + Math.random() * 200);
  }
}

/** Whether the cell holds this value now (the journal page, as the staff application reads it). */
async function holds(
  router: CallRouter,
  meta: { door: 'staff'; token: string | null },
  cell: Job['cells'][number],
): Promise<boolean> {
  const r = await router.call('journal.page', { loadId: cell.loadId, wholeYear: true }, meta);
  if (!r.ok) return false;
  const page = r.value as { marks: { lessonId: number; studentId: number; value: string }[] };
  return page.marks.some(
    (m) => m.lessonId === cell.lessonId && m.studentId === cell.studentId && m.value === cell.value,
  );
}

/**
 * Host mode. Log lines: `try i` before every sending, `unavail i` for each UNAVAILABLE answer (kept,
 * sent again after a pause), then `ok i` / `err i CODE` (`held i` before `ok i`: a resend refused as
 * stale whose cell already holds the value), and `waited i ms` (from the first
 * UNAVAILABLE to the final answer). Gives up on a mark only after 120 s of UNAVAILABLE.
 */
async function remote(target: NonNullable<Job['remote']>) {
  const router = createRemoteRouter(target);
  const meta = { door: 'staff' as const, token: null as string | null };
  await login(router, meta);
  log('ready');
  while (job.go && !existsSync(job.go)) await sleep(20);
  const pause = job.retryPauseMs ?? 200;
  for (let i = 0; i < job.cells.length; i++) {
    if (done.has(i)) continue;
    const cell = job.cells[i] as Job['cells'][number];
    let firstUnavailable = 0;
    for (;;) {
      log(`try ${i}`);
      const r = await router.call(
        'journal.setMark',
        { lessonId: cell.lessonId, studentId: cell.studentId, value: cell.value, expectedVersion: null },
        meta,
      );
      if (!r.ok && r.error.code === 'UNAVAILABLE') {
        const now = Date.now();
        firstUnavailable ||= now;
        if (now - firstUnavailable < 120_000) {
          log(`unavail ${i}`);
          await sleep(pause);
          continue;
        }
      }
      if (!r.ok && r.error.code === 'CONFLICT' && firstUnavailable && (await holds(router, meta, cell))) {
        // As the staff application's offline queue does (cellSaves.ts, alreadyHolds): a resend refused
        // as stale whose cell already holds this value was saved by its first sending.
        log(`held ${i}`);
        log(`ok ${i}`);
      } else log(r.ok ? `ok ${i}` : `err ${i} ${r.error.code}`);
      if (firstUnavailable) log(`waited ${i} ${Date.now() - firstUnavailable}`);
      break;
    }
    if (job.paceMs > 0) await sleep(job.paceMs);
  }
  await router.close();
  log('end');
}

main().catch((e) => {
  log(`crash ${(e as { code?: string }).code ?? String(e).split('\n')[0]}`);
  console.error(e);
  process.exit(2);
});
