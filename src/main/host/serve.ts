import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { detectStorage } from '../db/storage';
import { dbWorkerScript, rendererDir } from '../paths';
import { createRemoteRouter } from '../remote/client';
import { type CurrentJournal, createConnection } from '../remote/connection';
import { chooseRemote, type RemoteSettings, remoteFromArgs } from '../remote/settings';
import type { CallRouter } from '../router/answer';
import { startDbWorker, WorkerFailed } from '../worker/client';
import { parsePublicOrigin, startHttpHost } from './http';
import { formatFingerprint, loadOrCreateCertificate } from './tls';

// better-sqlite3 13 crashes the process without a word on older Node (DESIGN.md): say it instead.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  console.error(
    `Нужен Node.js 22 или новее, а запущен ${process.version}. Запускайте через npm (npm run serve, npm run host): npm берёт Node 22 из пакета проекта.`,
  );
  process.exit(2);
}

/**
 * Browser mode: the same application as Electron, served on this computer (127.0.0.1 unless told
 * otherwise) — the staff application and the parents' diary endpoint, each on its own port.
 *
 * --host-mode (npm run host): the school's journal server. It owns the journal file on its own disk
 * (WAL; a file on a share is refused) and serves the staff door over HTTPS to the school network with
 * its own certificate (made at the first start, beside the journal), whose fingerprint it prints for
 * the staff computers to confirm; the parents' diary as in browser mode.
 *
 * --remote https://host:5170 --fingerprint AB:CD:… : a staff computer in browser mode whose journal
 * lives on a host. It serves the staff application here and passes every call to the host; it opens
 * no journal file and publishes no diary.
 *
 * --connection-file <file>: where a staff computer remembers the host chosen on its connection screen
 * («Подключение к серверу журнала», remote/connection.ts), like Electron's host.json. Without --db it
 * opens no journal file: the host remembered there, or none yet (the screen asks for one; no demo is
 * made). Without this option a host chosen on the screen lasts until the program stops.
 * Every mode but --host-mode serves the staff door through that connection wrapper; the host serves
 * its journal router alone, so nobody can repoint a staff computer through it.
 */
const DEMO_DB = 'data/demo.sqlite';
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: process.env.JOURNAL_DB },
    host: { type: 'string', default: process.env.JOURNAL_HOST },
    port: { type: 'string', default: process.env.JOURNAL_PORT ?? '5170' },
    'diary-port': { type: 'string', default: process.env.JOURNAL_DIARY_PORT ?? '5171' },
    'publish-only': { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
    // The demo school in the file named by --db (created only when that file does not exist).
    demo: { type: 'boolean', default: false },
    // Where browsers reach the doors through the school's HTTPS reverse proxy; several separated by commas.
    'public-origin': { type: 'string', default: process.env.JOURNAL_PUBLIC_ORIGIN },
    'host-mode': { type: 'boolean', default: process.env.JOURNAL_HOST_MODE === '1' },
    remote: { type: 'string', default: process.env.JOURNAL_REMOTE },
    fingerprint: { type: 'string', default: process.env.JOURNAL_REMOTE_FINGERPRINT },
    'connection-file': { type: 'string', default: process.env.JOURNAL_CONNECTION_FILE },
  },
});

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let publicOrigins: string[] = [];
let remote: RemoteSettings | null = null;
const hostMode = values['host-mode'];
const connectionFile = values['connection-file'] === undefined ? null : resolve(values['connection-file']);
if (hostMode && connectionFile)
  fail('--connection-file — для компьютеров сотрудников; сервер журнала (--host-mode) открывает свой файл.');
try {
  publicOrigins = (values['public-origin'] ?? '')
    .split(',')
    .filter((o) => o.trim() !== '')
    .map(parsePublicOrigin);
  // With a connection file, a host given on the command line is remembered there (as in Electron),
  // and without --db the host remembered there is used.
  remote = connectionFile
    ? chooseRemote({
        address: values.remote,
        fingerprint: values.fingerprint,
        dbPath: values.db,
        settingsFile: connectionFile,
      })
    : remoteFromArgs(values.remote, values.fingerprint);
} catch (e) {
  fail((e as Error).message);
}
if (remote && (hostMode || values.db !== undefined))
  fail('С --remote журнал открывает сервер журнала: не указывайте здесь ни --db, ни --host-mode.');
if (hostMode && values['publish-only']) fail('--host-mode и --publish-only не сочетаются.');

/** JOURNAL_TEST_NOW (tests only): every call is made at that moment; said loudly, never silent. */
function testClock(): { testNow?: string } {
  const at = process.env.JOURNAL_TEST_NOW;
  if (!at) return {};
  if (Number.isNaN(Date.parse(at))) fail(`JOURNAL_TEST_NOW: не момент времени: ${at}`);
  if (hostMode) fail('JOURNAL_TEST_NOW только для тестов: сервер журнала с ним не запускается.');
  console.warn(`ВНИМАНИЕ: часы журнала остановлены на ${at} (JOURNAL_TEST_NOW, только для тестов).`);
  return { testNow: at };
}

try {
  let tls: { key: string; cert: string } | undefined;
  /** The journal this process serves at start (the host: its file). */
  let current: CurrentJournal;
  if (remote) {
    // The staff computer of a host: no journal file here, every call goes to the host.
    current = { mode: 'host', settings: remote, router: createRemoteRouter(remote) };
    console.log(`Сервер журнала: ${remote.address} (отпечаток сертификата ${remote.fingerprint})`);
  } else if (connectionFile && values.db === undefined) {
    // A staff computer set up for a host, with none chosen yet: no journal file, no demo.
    current = { mode: 'none' };
    console.log(
      'Этот компьютер ещё не подключён к журналу: откройте в браузере «Подключение к серверу журнала» на странице входа.',
    );
  } else {
    // The journal file is owned by a worker thread; this thread only serves HTTP.
    // The demo school is created only in the default local file (or with --demo); a named file that
    // does not exist waits for the first-run screen, which creates the school's own journal there.
    const dbPath = values.db ?? DEMO_DB;
    if (hostMode && detectStorage(dbPath) === 'share')
      fail(
        `Сервер журнала хранит файл журнала на своём диске, а ${dbPath} находится в сетевой папке. ` +
          'Перенесите файл на локальный диск этого компьютера и укажите новый путь в --db.',
      );
    const app = await startDbWorker(dbWorkerScript, {
      dbPath,
      createDemo: values.demo || (values.db === undefined && !values['no-demo']),
      checkOutputs: process.env.JOURNAL_CHECK_OUTPUTS === '1',
      ...testClock(),
    });
    if (app.createdDemo) console.log(`Создана демонстрационная школа: ${dbPath}`);
    if (app.setupPath)
      console.log(`Файла журнала ещё нет: ${app.setupPath}. Создайте журнал на экране первого запуска.`);
    current = { mode: 'local', file: resolve(dbPath), router: app };
    if (hostMode) {
      // The certificate lives beside the journal, so its folder must be there before the first run.
      if (app.setupPath && !existsSync(dirname(app.setupPath)))
        fail(`Папки ${dirname(app.setupPath)} нет: создайте её на диске сервера и запустите снова.`);
      const made = loadOrCreateCertificate(resolve(dbPath));
      tls = made;
      if (made.created) console.log(`Создан сертификат сервера журнала: ${resolve(dbPath)}.tls-cert.pem`);
      console.log(
        'Отпечаток сертификата сервера журнала (SHA-256) — сверьте его на каждом компьютере сотрудников:',
      );
      for (const line of formatFingerprint(made.fingerprint)) console.log(`    ${line}`);
    }
  }
  // The host serves its journal router alone; a staff computer serves the connection wrapper, which
  // adds the connection screen's methods and can switch to a host chosen there.
  const router: CallRouter & { close(): Promise<void> } =
    hostMode && current.mode === 'local'
      ? current.router
      : createConnection({
          current,
          settingsFile: connectionFile,
          // Reached from other computers: the first set-up from the screen is not "at this computer".
          networkDoor: !isLoopback(values.host ?? '127.0.0.1') || publicOrigins.length > 0,
        });
  if (!values['publish-only']) {
    const staff = await startHttpHost({
      router,
      door: 'staff',
      staticDir: rendererDir,
      page: 'index.html',
      // The host serves the school network; everything else stays on this computer unless told.
      host: values.host ?? (hostMode ? '0.0.0.0' : '127.0.0.1'),
      port: Number(values.port),
      publicOrigins,
      tls,
    });
    console.log(`Школьный журнал (для сотрудников): ${staff.url}`);
    if (hostMode && new URL(staff.url).hostname === '0.0.0.0') {
      // What the administrator types on each staff computer (with the fingerprint above).
      const port = new URL(staff.url).port;
      const addresses = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && a.family === 'IPv4' && !a.internal)
        .map((a) => `https://${a?.address}:${port}`);
      if (addresses.length > 0)
        console.log(`Адрес сервера для компьютеров сотрудников: ${addresses.join(', ')}`);
    }
  }
  // A staff computer of a host publishes no diary: the host does (nor one not set up yet).
  if (current.mode === 'local') {
    const diary = await startHttpHost({
      router,
      door: 'family',
      staticDir: rendererDir,
      page: 'diary.html',
      host: values.host ?? '127.0.0.1',
      port: Number(values['diary-port']),
      publicOrigins,
    });
    console.log(`Электронный дневник (для родителей): ${diary.url}`);
  }
  const stop = () => {
    void router.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof WorkerFailed) fail(e.message);
  const { code, port } = e as { code?: string; port?: number };
  if (code === 'EADDRINUSE')
    fail(
      `Порт ${port} уже занят — возможно, журнал уже запущен на этом компьютере. Укажите другой порт: --port или --diary-port.`,
      3,
    );
  throw e;
}
