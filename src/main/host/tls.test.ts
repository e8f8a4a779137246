import { X509Certificate } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import {
  certificatePaths,
  fingerprintOf,
  formatFingerprint,
  loadOrCreateCertificate,
  makeCertificate,
  parseFingerprint,
} from './tls';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe("the host's certificate", () => {
  it('is a self-signed X.509 v3 certificate Node reads and verifies, for a server, with our names', () => {
    const made = makeCertificate(
      { dns: ['localhost', 'server'], ips: ['127.0.0.1', '::1', '192.168.1.10'] },
      { now: new Date('2026-09-01T08:00:00Z'), years: 30 },
    );
    const x = new X509Certificate(made.cert);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.subject).toMatch(/^CN=Школьный журнал — /);
    expect(x.issuer).toBe(x.subject);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(x.subjectAltName).toBe(
      'DNS:localhost, DNS:server, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.10',
    );
    expect(x.checkHost('server')).toBe('server');
    expect(x.checkIP('192.168.1.10')).toBe('192.168.1.10');
    // Valid from a day before (a clock a little behind), for 30 years: past 2049, GeneralizedTime.
    expect(new Date(x.validFrom).toISOString()).toBe('2026-08-31T08:00:00.000Z');
    expect(new Date(x.validTo).toISOString()).toBe('2056-09-01T08:00:00.000Z');
    expect(x.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    // Two certificates never share a key or a serial number.
    const other = new X509Certificate(makeCertificate().cert);
    expect(other.serialNumber).not.toBe(x.serialNumber);
    expect(other.fingerprint256).not.toBe(x.fingerprint256);
  });

  it('is valid whatever its random serial number: one starting with zero bytes is written in the shortest form', () => {
    // 1 serial in 256 starts with a zero byte; written as it came, TLS refused the certificate
    // ("illegal padding") and the host could not start with it, then or ever.
    for (const first of [[0x00, 0x10], [0x00, 0x00, 0x90], [0x7f], [0x80]]) {
      const serial = Buffer.concat([Buffer.from(first), Buffer.alloc(16 - first.length, 0x11)]);
      const made = makeCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] }, { serial });
      const x = new X509Certificate(made.cert);
      expect(x.verify(x.publicKey)).toBe(true);
      expect(() => createSecureContext({ key: made.key, cert: made.cert })).not.toThrow();
    }
  });

  it('is replaced when the stored one cannot serve TLS, the old pair kept aside', () => {
    const own = tempDir();
    const db = join(own.dir, 'journal.sqlite');
    const paths = certificatePaths(db);
    writeFileSync(paths.key, 'not a key', { mode: 0o600 });
    writeFileSync(paths.cert, 'not a certificate');
    const lines: string[] = [];
    const made = loadOrCreateCertificate(db, (l) => lines.push(l));
    expect(() => createSecureContext({ key: made.key, cert: made.cert })).not.toThrow();
    expect(lines.join('\n')).toMatch(/непригоден .* заменён новым/);
    expect(readdirSync(dirname(db)).filter((f) => f.includes('unusable'))).toHaveLength(2);
    own.cleanup();
  });

  it('is made at the first start beside the journal, the key owner-only, and the same afterwards', () => {
    const db = join(tmp.dir, 'journal.sqlite');
    const lines: string[] = [];
    const first = loadOrCreateCertificate(db, (l) => lines.push(l));
    expect(first.created).toBe(true);
    const paths = certificatePaths(db);
    expect(readdirSync(tmp.dir).sort()).toEqual([
      'journal.sqlite.tls-cert.pem',
      'journal.sqlite.tls-key.pem',
    ]);
    expect(statSync(paths.key).mode & 0o777).toBe(0o600);
    expect(readFileSync(paths.key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.fingerprint).toBe(fingerprintOf(readFileSync(paths.cert, 'utf8')));

    const second = loadOrCreateCertificate(db, (l) => lines.push(l));
    expect(second.created).toBe(false);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(lines).toEqual([]);

    // A key found readable by others (a copy restored carelessly) is made owner-only again, with a word.
    chmodSync(paths.key, 0o644);
    expect(loadOrCreateCertificate(db, (l) => lines.push(l)).fingerprint).toBe(first.fingerprint);
    expect(statSync(paths.key).mode & 0o777).toBe(0o600);
    expect(lines).toEqual([
      `Ключ сертификата был доступен другим пользователям; доступ оставлен только владельцу: ${paths.key}`,
    ]);
  });
});

describe('fingerprints', () => {
  const fp = fingerprintOf(makeCertificate().cert);

  it('are read however the administrator types them, and refused in Russian when they are not one', () => {
    expect(fp).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(parseFingerprint(fp.toLowerCase())).toBe(fp);
    expect(parseFingerprint(`SHA-256: ${fp.replaceAll(':', ' ')}`)).toBe(fp);
    expect(parseFingerprint(formatFingerprint(fp).join('\n'))).toBe(fp);
    expect(parseFingerprint(fp.replaceAll(':', ''))).toBe(fp);
    expect(() => parseFingerprint(fp.slice(3))).toThrow(/^Неверный отпечаток сертификата/);
    expect(() => parseFingerprint(`${fp.slice(0, -1)}G`)).toThrow(/64 шестнадцатеричные цифры/);
  });

  it('are shown as a set-up sheet shows them: four lines of eight pairs', () => {
    const lines = formatFingerprint(fp);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^([0-9A-F]{2}:){7}[0-9A-F]{2}$/);
    expect(lines.join(':')).toBe(fp);
  });
});
