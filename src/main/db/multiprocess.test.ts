import { afterEach, expect, it } from 'vitest';
import { torture } from '../../../bench/torture/torture';
import { tempDir } from '../../../test/school';

/**
 * The short form of `npm run torture -- --local`: several staff processes set marks through the real
 * router on one local journal file at once while one of them is SIGKILLed again and again. Every
 * acknowledged mark must be in the file, no refused one may be, and the file must stay sound.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

it('keeps every acknowledged write with one writer SIGKILLed repeatedly (local file)', async () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const r = await torture({
    dirs: [t.dir],
    writers: 3,
    marks: 80,
    killEveryMs: 200,
    // Paced, so that the writers are still at work when the kills come, however fast the machine.
    paceMs: 15,
    // Enough free cells of this year's open period (the demo closes the I quarter and archives last year).
    students: 400,
    quiet: true,
  });
  expect(r.integrity).toBe('ok');
  expect(r.lost).toBe(0);
  expect(r.refusedButPresent).toBe(0);
  expect(r.internal).toBe(0);
  expect(r.kills).toBeGreaterThan(0);
  expect(r.acknowledged).toBeGreaterThan(200);
  // The first run also builds the demo school it copies (about 15 s alone, more beside other tests).
}, 120_000);
