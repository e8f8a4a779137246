import { randomBytes, type ScryptOptions, scryptSync, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// scrypt parameters (N = 2^15, r = 8, p = 1): about 50–75 ms per check, 32 MiB.
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * How many password hashes may run at once: half the cores (one on a two-core server). Each keeps a
 * core busy for ~70 ms; a burst of logins must not take every core from the database thread and the
 * transports, or the diary crawls while parents sign in. Further checks wait their turn (the attempt
 * limits bound how many can wait).
 */
const AT_ONCE = Math.max(1, Math.floor(availableParallelism() / 2));

/** What the hashing has done, for tests and the benchmark: checks started, the most at once. */
export const hashing = { started: 0, running: 0, mostAtOnce: 0 };

/**
 * The hashing threads' code. Each runs scrypt at the lowest CPU priority: Linux keeps the nice value
 * per thread, so only this thread is lowered, and password checks get the CPU the database thread
 * and the transports leave unused (on an idle school server, all of it; under a flood, what remains).
 * Elsewhere the call would lower the whole process, so it is made on Linux only.
 */
const HASHER = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
if (process.platform === 'linux') {
  try { require('node:os').setPriority(0, 19); } catch {}
}
parentPort.on('message', (m) => {
  try {
    parentPort.postMessage({ key: scryptSync(m.password, m.salt, m.length, m.options) });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});`;

const idle: Worker[] = [];
const waiting: (() => void)[] = [];

function runOn(worker: Worker, message: object): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (m: { key?: Uint8Array; error?: string }) => {
      worker.off('error', failed);
      // An idle hashing thread never keeps the program running.
      worker.unref();
      idle.push(worker);
      if (m.key) resolve(Buffer.from(m.key.buffer, m.key.byteOffset, m.key.byteLength));
      else reject(new Error(m.error ?? 'scrypt failed'));
    };
    const failed = (e: Error) => {
      worker.off('message', done);
      reject(e);
    };
    worker.once('message', done);
    worker.once('error', failed);
    worker.ref();
    worker.postMessage(message);
  });
}

/**
 * scrypt off the calling thread, AT_ONCE at a time. Calls answered by the router use only this: the
 * thread that owns the database connection must keep answering while a password is checked.
 */
async function scryptAsync(
  password: string,
  salt: Buffer,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  if (hashing.running >= AT_ONCE) await new Promise<void>((go) => waiting.push(go));
  else hashing.running++;
  hashing.started++;
  hashing.mostAtOnce = Math.max(hashing.mostAtOnce, hashing.running);
  try {
    return await runOn(idle.pop() ?? new Worker(HASHER, { eval: true }), { password, salt, length, options });
  } finally {
    // Hand the slot straight to the next in line (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else hashing.running--;
  }
}

function format(salt: Buffer, hash: Buffer): string {
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Synchronous: for bulk work that is nobody's call (the demo generator, tests). */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return format(
    salt,
    scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM }),
  );
}

export async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(
    salt,
    await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM }),
  );
}

/**
 * The password hash of an account nobody can sign in with yet: no scrypt string matches it (see
 * verifyPasswordAsync). Accounts are created with it (by hand or by an import); printing the person's
 * slip gives the account its first temporary password (migration 0005: credentials_issued_at).
 */
export const UNUSABLE_HASH = '!';

/**
 * Whether the password matches the stored hash. A stored value that is no scrypt hash (an account
 * created without a password, '!', until its slip is printed) matches nothing; it is refused after a
 * check of the same cost, so that the answer's time does not tell such an account from a real one.
 */
export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) {
    await verifyPasswordAsync(password, await dummyHash());
    return false;
  }
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return timingSafeEqual(expected, actual);
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random password nobody knows, with the same parameters as real ones. Checked when
 * there is no account to check against (an unknown login, a staff login at the family door), so
 * that such an answer takes as long as a wrong password.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPasswordAsync(randomBytes(12).toString('hex'));
  return dummy;
}
