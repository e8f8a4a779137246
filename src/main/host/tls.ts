import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { createSecureContext } from 'node:tls';
import { parseFingerprint } from '../../shared/connection/address';

/**
 * The host's own TLS certificate, made at its first start and kept beside the journal file.
 *
 * Node can sign but has no certificate builder. Rather than a dependency tree for one certificate
 * (`@peculiar/x509` brings 11 packages, a DI container among them; `selfsigned` 5 brings it and pkijs;
 * node-forge is 1.6 MB of JavaScript crypto, RSA-only for certificates), the certificate is written here
 * in DER by hand: an ECDSA P-256 key from node:crypto, one self-signed X.509 v3 certificate, checked by
 * Node's own parser (X509Certificate) and by real TLS handshakes in the tests. Staff computers pin it
 * by its SHA-256 fingerprint, so no certificate authority is involved.
 */

// --- DER, only the types a certificate needs ---------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), length(body.length), body]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, body: Buffer) => tlv(0xa0 + n, body);
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

function integer(bytes: Buffer): Buffer {
  // DER wants the shortest form: no leading zero bytes (a random serial starts with one 1 time in
  // 256, and OpenSSL then refuses the whole certificate: "illegal padding"), and a positive number
  // gets one leading 0 only when its high bit is set.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

function ipBytes(ip: string): Buffer | null {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6 in plain hex groups; a rare form with an embedded IPv4 part is left out of the names.
  if (isIP(ip) !== 6 || ip.includes('.')) return null;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  return out;
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface CertificateFiles {
  key: string;
  cert: string;
}

/** Names and addresses a browser may use for this computer (the pinned staff client does not need them). */
export function localNames(): { dns: string[]; ips: string[] } {
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (!a.address.includes('%')) ips.add(a.address);
  return { dns: [...new Set(['localhost', hostname().toLowerCase()])], ips: [...ips] };
}

function usableByTls(key: string, cert: string): boolean {
  try {
    createSecureContext({ key, cert });
    return true;
  } catch {
    return false;
  }
}

/** A new ECDSA P-256 key and a self-signed certificate for it, valid for `years`. PEM both. */
export function makeCertificate(
  names = localNames(),
  options: { now?: Date; years?: number; serial?: Buffer } = {},
): CertificateFiles {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 24 * 3600_000); // a computer whose clock is a little behind
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (options.years ?? 20));
  const serial = options.serial ?? randomBytes(16);
  serial[0]! &= 0x7f;
  const name = seq(set(seq(oid('2.5.4.3'), utf8(`Школьный журнал — ${hostname()}`.slice(0, 64)))));
  const san = seq(
    ...names.dns.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...names.ips.flatMap((ip) => {
      const b = ipBytes(ip);
      return b ? [tlv(0x87, b)] : [];
    }),
  );
  const extension = (id: string, critical: boolean, value: Buffer) =>
    seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      seq(
        extension('2.5.29.19', true, seq()), // basicConstraints: not a CA
        extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x07, 0x80]))), // keyUsage: digitalSignature
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        extension('2.5.29.17', false, san),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey); // DER (r, s), as X.509 wants it
  const der = seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const cert = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert };
}

// --- fingerprints ------------------------------------------------------------------------------------

/** "AB:CD:…" (32 pairs, upper case): how Node's `fingerprint256` and the host's screen write it. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

// How a typed fingerprint is read: one rule with the connection screen's form (shared/connection).
export { parseFingerprint } from '../../shared/connection/address';

/** The fingerprint as a set-up sheet shows it: four lines of eight pairs. */
export function formatFingerprint(fingerprint: string): string[] {
  const pairs = parseFingerprint(fingerprint).split(':');
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += 8) lines.push(pairs.slice(i, i + 8).join(':'));
  return lines;
}

// --- the files beside the journal --------------------------------------------------------------------

export function certificatePaths(dbPath: string): CertificateFiles {
  return { key: `${dbPath}.tls-key.pem`, cert: `${dbPath}.tls-cert.pem` };
}

/**
 * The host's key and certificate beside the journal file: made at the first start (the key readable by
 * its owner only), read afterwards. A key found readable by others is made owner-only again, with a word.
 */
export function loadOrCreateCertificate(
  dbPath: string,
  log: (line: string) => void = console.log,
): CertificateFiles & { created: boolean; fingerprint: string } {
  const paths = certificatePaths(dbPath);
  if (existsSync(paths.key) && existsSync(paths.cert)) {
    if (process.platform !== 'win32' && (statSync(paths.key).mode & 0o077) !== 0) {
      chmodSync(paths.key, 0o600);
      log(
        `Ключ сертификата был доступен другим пользователям; доступ оставлен только владельцу: ${paths.key}`,
      );
    }
    const key = readFileSync(paths.key, 'utf8');
    const cert = readFileSync(paths.cert, 'utf8');
    if (usableByTls(key, cert)) return { key, cert, created: false, fingerprint: fingerprintOf(cert) };
    // Only a pair no TLS server could ever start with (an earlier version wrote 1 serial in 256
    // badly): no staff computer can have pinned it, so a new one replaces it, the old kept aside.
    const aside = `${paths.cert}.unusable-${Date.now()}`;
    renameSync(paths.cert, aside);
    renameSync(paths.key, `${aside}.key`);
    log(`Сертификат сервера журнала был непригоден (TLS его не принимает) и заменён новым; старый: ${aside}`);
  }
  const made = makeCertificate();
  // Written under temporary names and renamed, so a start killed half-way never leaves a key without
  // its certificate; the key file is created owner-only from the first byte.
  const tmpKey = `${paths.key}.tmp-${process.pid}`;
  const fd = openSync(tmpKey, 'wx', 0o600);
  try {
    writeFileSync(fd, made.key);
  } finally {
    closeSync(fd);
  }
  writeFileSync(`${paths.cert}.tmp-${process.pid}`, made.cert, { mode: 0o644 });
  renameSync(tmpKey, paths.key);
  renameSync(`${paths.cert}.tmp-${process.pid}`, paths.cert);
  return { ...made, created: true, fingerprint: fingerprintOf(made.cert) };
}
