import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeSchool, type School } from '../../../test/school';
import { DEMO_PASSWORD } from '../demo/generate';

// Counts the scrypt checks a login makes: an answer that does not reveal whether a login exists must
// also take as long, so an unknown login has to cost one scrypt check like a wrong password.
const calls = vi.hoisted(() => ({ scrypt: 0, running: 0, most: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    scrypt: (...args: unknown[]) => {
      calls.scrypt++;
      calls.running++;
      calls.most = Math.max(calls.most, calls.running);
      const done = args.pop() as (...r: unknown[]) => void;
      return (crypto.scrypt as (...a: unknown[]) => void)(...args, (...r: unknown[]) => {
        calls.running--;
        done(...r);
      });
    },
  };
});

let school: School;
beforeAll(() => {
  school = makeSchool();
});
afterAll(() => school.close());

async function scryptRuns(login: string, door: 'staff' | 'family', client: string) {
  const before = calls.scrypt;
  const started = performance.now();
  const r = await school.router.call('auth.login', { login, password: 'не-тот-пароль' }, { door, client });
  expect(r.ok).toBe(false);
  return { runs: calls.scrypt - before, ms: performance.now() - started };
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
    // Logging in still works through the mocked module.
    expect(
      (
        await school.router.call(
          'auth.login',
          { login: 'roditel', password: DEMO_PASSWORD },
          { door: 'family' },
        )
      ).ok,
    ).toBe(true);
  });

  it('hashes at most half the cores at once, however many log in together', async () => {
    calls.most = 0;
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
    expect(calls.most).toBeGreaterThan(0);
    expect(calls.most).toBeLessThanOrEqual(Math.max(1, Math.floor(availableParallelism() / 2)));
  });
});
