import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { fingerprintOf, makeCertificate } from '../host/tls';
import {
  chooseRemote,
  parseRemoteAddress,
  readRemoteSettings,
  remoteFromArgs,
  writeRemoteSettings,
} from './settings';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const fp = fingerprintOf(makeCertificate().cert);

describe("a staff computer's connection settings", () => {
  it('read the address as the administrator types it, https only, the host port by default', () => {
    expect(parseRemoteAddress('192.168.1.10')).toBe('https://192.168.1.10:5170');
    expect(parseRemoteAddress(' server:8443 ')).toBe('https://server:8443');
    expect(parseRemoteAddress('https://journal.school.local/')).toBe('https://journal.school.local:5170');
    expect(parseRemoteAddress('https://[fd00::2]:5170')).toBe('https://[fd00::2]:5170');
    for (const bad of ['http://192.168.1.10:5170', 'https://server/api', 'ftp://x', '', 'https://u@server'])
      expect(() => parseRemoteAddress(bad), bad).toThrow(/^Неверный адрес сервера журнала/);
  });

  it('need both the address and the confirmed fingerprint: no trust on first contact', () => {
    expect(remoteFromArgs(undefined, undefined)).toBeNull();
    expect(() => remoteFromArgs('192.168.1.10', undefined)).toThrow(/отпечаток его сертификата/);
    expect(() => remoteFromArgs(undefined, fp)).toThrow(/не адрес сервера журнала/);
    expect(remoteFromArgs('192.168.1.10', fp.toLowerCase())).toEqual({
      address: 'https://192.168.1.10:5170',
      fingerprint: fp,
    });
  });

  it('are kept in a file readable by its owner only, and a broken file is said, not ignored', () => {
    const file = join(tmp.dir, 'host.json');
    expect(readRemoteSettings(file)).toBeNull();
    writeRemoteSettings(file, { address: 'https://server:5170', fingerprint: fp });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readRemoteSettings(file)).toEqual({ address: 'https://server:5170', fingerprint: fp });
    writeFileSync(file, '{"address": "https://server:5170"');
    expect(() => readRemoteSettings(file)).toThrow(
      `Файл настроек подключения к серверу журнала повреждён: ${file}`,
    );
    writeFileSync(file, '{"address": "https://server:5170"}');
    expect(() => readRemoteSettings(file)).toThrow(/отпечаток/);
  });
});

describe("which journal a staff computer's application uses", () => {
  it('the host given once is remembered; --db names a file of its own; both at once are refused', () => {
    const settingsFile = join(tmp.dir, 'userData', 'host.json');
    const none = { address: undefined, fingerprint: undefined };
    // Nothing set up: its own (demo) file.
    expect(chooseRemote({ ...none, dbPath: undefined, settingsFile })).toBeNull();
    // The administrator starts it once with the host's address and the confirmed fingerprint…
    const host = { address: '192.168.1.10', fingerprint: fp };
    const expected = { address: 'https://192.168.1.10:5170', fingerprint: fp };
    expect(chooseRemote({ ...host, dbPath: undefined, settingsFile })).toEqual(expected);
    expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
    // …and every later start finds the host without being told.
    expect(chooseRemote({ ...none, dbPath: undefined, settingsFile })).toEqual(expected);
    // A journal file named on the command line is opened here, whatever is remembered.
    expect(chooseRemote({ ...none, dbPath: '/srv/journal.sqlite', settingsFile })).toBeNull();
    expect(() => chooseRemote({ ...host, dbPath: '/srv/journal.sqlite', settingsFile })).toThrow(/--db/);
    expect(() =>
      chooseRemote({ address: '192.168.1.10', fingerprint: undefined, dbPath: undefined, settingsFile }),
    ).toThrow(/отпечаток/);
  });
});
