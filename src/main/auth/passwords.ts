import { randomBytes, type ScryptOptions, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';

// scrypt parameters (N = 2^15, r = 8, p = 1): about 50–75 ms per check, 32 MiB.
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * How many scrypt runs may go on at once: half the cores (one on a two-core server). Each run keeps a
 * core busy for ~70 ms; with libuv's four pool threads, a burst of logins would otherwise take every
 * core from the database thread and the transports, and the diary would crawl while parents sign in.
 * Further checks wait their turn (the attempt limits bound how many can wait).
 */
const AT_ONCE = Math.max(1, Math.floor(availableParallelism() / 2));
let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((go) => waiting.push(go));
  else running++;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * scrypt on libuv's thread pool. Calls answered by the router use only these: a check takes tens of
 * milliseconds, and the thread that owns the database connection must keep answering meanwhile.
 */
function scryptAsync(
  password: string,
  salt: Buffer,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password, salt, length, options, (e, key) => (e ? reject(e) : resolve(key))),
      ),
  );
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

export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
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
