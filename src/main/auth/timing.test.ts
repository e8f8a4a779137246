import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, type School } from '../../../test/school';
import { DEMO_PASSWORD } from '../demo/generate';
import { hashing } from './passwords';

// An answer that does not reveal whether a login exists must also take as long: an unknown login has
// to cost one scrypt check like a wrong password. `hashing` counts the checks the router started.

let school: School;
beforeAll(() => {
  school = makeSchool();
});
afterAll(() => school.close());

async function scryptRuns(login: string, door: 'staff' | 'family', client: string) {
  const before = hashing.started;
  const started = performance.now();
  const r = await school.router.call('auth.login', { login, password: 'не-тот-пароль' }, { door, client });
  expect(r.ok).toBe(false);
  return { runs: hashing.started - before, ms: performance.now() - started };
}

describe('login timing', () => {
  it('runs one scrypt check for a wrong password, an unknown login and a staff login at the family door', async () => {
    await scryptRuns('nobody-warm-up', 'staff', 'w'); // the dummy hash is made once, on first use
    expect((await scryptRuns('teacher', 'staff', 'a')).runs).toBe(1);
    expect((await scryptRuns('nobody-at-all', 'staff', 'b')).runs).toBe(1);
    expect((await scryptRuns('nobody-at-all', 'family', 'c')).runs).toBe(1);
    expect((await scryptRuns('teacher', 'family', 'd')).runs).toBe(1);
  });

  it('takes about as long for an unknown login as for a wrong password', async () => {
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push((await scryptRuns('roditel', 'family', `t${i}`)).ms);
      unknown.push((await scryptRuns(`nobody-${i}`, 'family', `u${i}`)).ms);
    }
    // Loose bounds: the machine is shared; a missing scrypt check would make it ~50× faster.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });

  it('hashes at most half the cores at once, however many log in together', async () => {
    hashing.mostAtOnce = 0;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        school.router.call(
          'auth.login',
          { login: 'roditel', password: DEMO_PASSWORD },
          { door: 'family', client: `p${i}` },
        ),
      ),
    );
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(hashing.mostAtOnce).toBeGreaterThan(0);
    expect(hashing.mostAtOnce).toBeLessThanOrEqual(Math.max(1, Math.floor(availableParallelism() / 2)));
  });

  it('hashes on a thread of the lowest CPU priority, leaving the rest of the program as it was', async () => {
    expect(process.platform).toBe('linux'); // the build machines and the school server
    await scryptRuns('nobody-nice', 'staff', 'n');
    const { readdirSync, readFileSync } = await import('node:fs');
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value.
    const nice = (path: string) => Number(readFileSync(path, 'utf8').split(') ')[1]!.split(' ')[16]);
    const threads = readdirSync('/proc/self/task').map((tid) => nice(`/proc/self/task/${tid}/stat`));
    expect(threads).toContain(19);
    expect(nice('/proc/thread-self/stat')).toBe(0);
  });
});
