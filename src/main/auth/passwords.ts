import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt parameters (N = 2^15, r = 8, p = 1): about 50 ms per check on a staff computer, 32 MiB.
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return timingSafeEqual(expected, actual);
}

let cachedDummy: string | undefined;
/** Checked when no such login exists, so that a wrong login takes as long as a wrong password. */
export function dummyHash(): string {
  cachedDummy ??= hashPassword(randomBytes(12).toString('hex'));
  return cachedDummy;
}
