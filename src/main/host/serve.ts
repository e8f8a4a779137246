import { parseArgs } from 'node:util';
import { dbWorkerScript, rendererDir } from '../paths';
import { startDbWorker, WorkerFailed } from '../worker/client';
import { parsePublicOrigin, startHttpHost } from './http';

/**
 * Browser mode: the same application as Electron, served on this computer (127.0.0.1 unless told
 * otherwise) — the staff application and the parents' diary endpoint, each on its own port.
 */
const DEMO_DB = 'data/demo.sqlite';
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: process.env.JOURNAL_DB },
    host: { type: 'string', default: process.env.JOURNAL_HOST ?? '127.0.0.1' },
    port: { type: 'string', default: process.env.JOURNAL_PORT ?? '5170' },
    'diary-port': { type: 'string', default: process.env.JOURNAL_DIARY_PORT ?? '5171' },
    'publish-only': { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
    // Where browsers reach the doors through the school's HTTPS reverse proxy; several separated by commas.
    'public-origin': { type: 'string', default: process.env.JOURNAL_PUBLIC_ORIGIN },
  },
});

let publicOrigins: string[] = [];
try {
  publicOrigins = (values['public-origin'] ?? '')
    .split(',')
    .filter((o) => o.trim() !== '')
    .map(parsePublicOrigin);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}

try {
  // The journal file is owned by a worker thread; this thread only serves HTTP.
  // The demo school is created only in the default local file: a path somebody named must exist.
  const dbPath = values.db ?? DEMO_DB;
  const app = await startDbWorker(dbWorkerScript, {
    dbPath,
    createDemo: values.db === undefined && !values['no-demo'],
    checkOutputs: process.env.JOURNAL_CHECK_OUTPUTS === '1',
  });
  if (app.createdDemo) console.log(`Создана демонстрационная школа: ${dbPath}`);
  if (!values['publish-only']) {
    const staff = await startHttpHost({
      router: app,
      door: 'staff',
      staticDir: rendererDir,
      page: 'index.html',
      host: values.host,
      port: Number(values.port),
      publicOrigins,
    });
    console.log(`Школьный журнал (для сотрудников): ${staff.url}`);
  }
  const diary = await startHttpHost({
    router: app,
    door: 'family',
    staticDir: rendererDir,
    page: 'diary.html',
    host: values.host,
    port: Number(values['diary-port']),
    publicOrigins,
  });
  console.log(`Электронный дневник (для родителей): ${diary.url}`);
  const stop = () => {
    void app.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof WorkerFailed) {
    console.error(e.message);
    process.exit(2);
  }
  const { code, port } = e as { code?: string; port?: number };
  if (code === 'EADDRINUSE') {
    console.error(
      `Порт ${port} уже занят — возможно, журнал уже запущен на этом компьютере. Укажите другой порт: --port или --diary-port.`,
    );
    process.exit(3);
  }
  throw e;
}
