import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../src/main/db/migrate';
import { DEMO_PASSWORD, generateDemoSchool } from '../src/main/demo/generate';
import { features } from '../src/main/features';
import { createRemoteRouter } from '../src/main/remote/client';
import type { CallMeta, CallRouter } from '../src/main/router/answer';
import { createRouter } from '../src/main/router/router';
import { localIsoDate } from '../src/shared/i18n/dates';

/**
 * Host mode's cost for the most frequent write: one mark set by a staff computer through the host
 * (HTTPS over loopback with the pinned certificate → the host's HTTP door → its database worker →
 * router → SQLite, and back) next to the same call on a router in this process. The host is the built
 * `dist/main/serve.mjs --host-mode`, a process of its own, as a school runs it. The round trip alone
 * is measured too: a call of an unknown method, which crosses the same hops and touches no table.
 * Goal (issue 7): host ≤ 2 × in-process + the round trip. Samples of the sides alternate, so a burst
 * of load from other processes hits all of them; each figure is the spread of the rounds' medians.
 */
const SERVE = join(process.cwd(), 'dist', 'main', 'serve.mjs');
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RUNS = Number(process.env.BENCH_MARK_RUNS ?? 300);
const WARMUP = 30;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const spread = (xs: number[], digits = 3) => {
  const lo = Math.min(...xs).toFixed(digits);
  const hi = Math.max(...xs).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
};

function startHost(db: string): Promise<{ url: string; fingerprint: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [SERVE, '--host-mode', '--db', db, '--host', '127.0.0.1', '--port', '0', '--diary-port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`host ended (${code}): ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const url = out.match(/сотрудников\): (https:\/\/\S+)/)?.[1];
      const lines = out.match(/^ {4}[0-9A-F:]{23}$/gm);
      if (url && lines?.length === 4 && /дневник/.test(out))
        resolve({
          url,
          fingerprint: lines.map((l) => l.trim()).join(':'),
          stop: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.on('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
  });
}

async function login(router: CallRouter): Promise<CallMeta> {
  const r = await router.call('auth.login', { login: 'teacher', password: DEMO_PASSWORD }, { door: 'staff' });
  if (!r.ok) throw new Error(r.error.message);
  return { token: (r.value as { token: string }).token, door: 'staff' };
}

async function main() {
  if (!existsSync(SERVE)) throw new Error('build first: node scripts/build-main.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'journal-host-bench-'));
  const path = join(dir, 'host.sqlite');
  const load0 = loadavg()[0]!;
  const today = localIsoDate(new Date());
  const t = performance.now();
  const { db } = openJournal(path, { storage: 'local' });
  await generateDemoSchool(db, { students: STUDENTS, seed: 1, today });
  console.log(`school: ${STUDENTS} students, built in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const host = await startHost(path);
  const remote = createRemoteRouter({ address: host.url, fingerprint: host.fingerprint });
  const local = createRouter(db, features, {});
  try {
    const viaLocal = await login(local);
    const viaHost = await login(remote);
    const teacherId = (
      db.sqlite.prepare("SELECT id FROM user_account WHERE login = 'teacher'").get() as { id: number }
    ).id;
    // Existing marks on the teacher's pages, before today: each side sets its own, in turn.
    const targets = db.sqlite
      .prepare(
        `SELECT m.lesson_id AS lessonId, m.student_id AS studentId, m.version, m.value FROM mark m
         JOIN lesson s ON s.id = m.lesson_id JOIN teaching_load l ON l.id = s.load_id
         WHERE l.teacher_id = ? AND l.group_id IS NULL AND s.date < ? AND m.slot = 1 ORDER BY m.id LIMIT ?`,
      )
      .all(teacherId, today, 2 * (RUNS + WARMUP)) as {
      lessonId: number;
      studentId: number;
      version: number;
      value: string;
    }[];
    if (targets.length < 2 * (RUNS + WARMUP)) throw new Error(`only ${targets.length} marks to set`);

    const set = async (router: CallRouter, meta: CallMeta, m: (typeof targets)[number]) => {
      const value = m.value === '5' ? '4' : '5';
      const r = await router.callJson(
        'journal.setMark',
        { lessonId: m.lessonId, studentId: m.studentId, value, expectedVersion: m.version },
        meta,
      );
      if (!r.ok) throw new Error(r.json);
      m.value = value;
      m.version += 1;
    };
    const rows = { local: [] as number[][], host: [] as number[][], rtt: [] as number[][] };
    for (let round = 0; round < ROUNDS; round++) {
      const a: number[] = [];
      const b: number[] = [];
      const c: number[] = [];
      for (let i = 0; i < RUNS + WARMUP; i++) {
        const sides = [
          async () => set(local, viaLocal, targets[2 * i]!),
          async () => set(remote, viaHost, targets[2 * i + 1]!),
          async () => {
            const r = await remote.callJson('bench.noSuchMethod', {}, viaHost);
            if (r.code !== 'UNKNOWN_METHOD') throw new Error(r.json);
          },
        ];
        const times: number[] = [];
        for (let k = 0; k < sides.length; k++) {
          const side = (i + k) % sides.length;
          const started = performance.now();
          await sides[side]!();
          times[side] = performance.now() - started;
        }
        if (i >= WARMUP) {
          a.push(times[0]!);
          b.push(times[1]!);
          c.push(times[2]!);
        }
      }
      rows.local.push(a);
      rows.host.push(b);
      rows.rtt.push(c);
    }
    const med = (r: number[][]) => r.map(median);
    const ratio = rows.host.map((h, i) => (median(h) - median(rows.rtt[i]!)) / median(rows.local[i]!));
    console.log(
      `\nmachine: ${cpus().length} cores, load ${load0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; ${ROUNDS} rounds × ${RUNS} marks\n`,
    );
    console.log('| set one mark + audit row | median ms | p95 ms |');
    console.log('|---|---|---|');
    console.log(`| in-process router | ${spread(med(rows.local))} | ${spread(rows.local.map(p95))} |`);
    console.log(
      `| host mode (HTTPS, loopback) | ${spread(med(rows.host))} | ${spread(rows.host.map(p95))} |`,
    );
    console.log(
      `| round trip alone (unknown method) | ${spread(med(rows.rtt))} | ${spread(rows.rtt.map(p95))} |`,
    );
    console.log(
      `\n(host − round trip) / in-process: ${spread(ratio, 2)} (goal ≤ 2); host / in-process: ${spread(
        rows.host.map((h, i) => median(h) / median(rows.local[i]!)),
        2,
      )}`,
    );
  } finally {
    await remote.close();
    await host.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
