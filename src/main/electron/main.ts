import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { IPC_CHANNEL } from '../../shared/api/bridge';
import { startHttpHost } from '../host/http';
import { SECURITY_HEADERS } from '../host/security';
import { appRoot, dbWorkerScript, rendererDir } from '../paths';
import { createRemoteRouter } from '../remote/client';
import { createConnection } from '../remote/connection';
import { chooseRemote, type RemoteSettings } from '../remote/settings';
import type { CallRouter } from '../router/answer';
import { startDbWorker } from '../worker/client';
import { createIpcHandler } from './ipc';
import { updateFeed } from './updates';
import {
  APP_ORIGIN,
  APP_SCHEME,
  appFilePath,
  isAllowedNavigation,
  isGrantedPermission,
  secureWebPreferences,
} from './window-options';

/**
 * The Electron shell: one window over the same router the browser mode uses. It only wires
 * Electron to the rest (protocol, IPC, window rules, updates); nothing here decides anything.
 */

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function start() {
  await app.whenReady();
  // Only the default local file (or --demo) gets the demo; a named file that does not exist yet opens
  // the first-run screen, which creates the school's journal there.
  const named = argValue('--db') ?? process.env.JOURNAL_DB;
  const dbPath = named ?? join(app.getPath('userData'), 'demo.sqlite');
  // The journal file belongs to a worker thread, so this thread (windows, menus, IPC) never waits on disk.
  process.env.JOURNAL_APP_ROOT ??= appRoot.replace(/app\.asar$/, 'app.asar.unpacked');
  let router: CallRouter & { close(): Promise<void> };
  let remote: RemoteSettings | null = null;
  try {
    // A staff computer of a host: the address and the fingerprint the administrator confirmed, on
    // the connection screen or once on the command line, kept in the settings file.
    const settingsFile = join(app.getPath('userData'), 'host.json');
    remote = chooseRemote({
      address: argValue('--remote') ?? process.env.JOURNAL_REMOTE,
      fingerprint: argValue('--fingerprint') ?? process.env.JOURNAL_REMOTE_FINGERPRINT,
      dbPath: named,
      settingsFile,
    });
    // The window's calls go through the connection wrapper: the journal in use, and the connection
    // screen's methods that can switch it to a host (remembered in host.json for the next start).
    router = createConnection({
      current: remote
        ? { mode: 'host', settings: remote, router: createRemoteRouter(remote) }
        : {
            mode: 'local',
            file: dbPath,
            router: await startDbWorker(dbWorkerScript, {
              dbPath,
              createDemo: named === undefined || process.argv.includes('--demo'),
            }),
          },
      settingsFile,
    });
  } catch (e) {
    // The same one line browser mode prints («Указана папка, а не файл журнала: …»), then the start ends.
    const message = e instanceof Error ? e.message : String(e);
    console.error(message);
    dialog.showErrorBox('Журнал не открыт', message);
    app.quit();
    return;
  }

  protocol.handle(APP_SCHEME, (request) => {
    const file = appFilePath(request.url, rendererDir);
    if (!file) return new Response('Не найдено', { status: 404 });
    return new Response(readFileSync(file), {
      headers: { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS },
    });
  });

  ipcMain.handle(IPC_CHANNEL, createIpcHandler(router));

  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isGrantedPermission(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isGrantedPermission(permission, requestingOrigin),
  );
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  const createWindow = () => {
    const win = new BrowserWindow({
      width: 1400,
      height: 900,
      title: 'Школьный журнал',
      show: false,
      webPreferences: secureWebPreferences(import.meta.dirname),
    });
    win.once('ready-to-show', () => win.show());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    return win;
  };
  let win = createWindow();
  app.on('second-instance', () => {
    if (win.isDestroyed()) win = createWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // The parents' diary endpoint, served by this computer when the school wants it here.
  // A staff computer of a host publishes none: the host does.
  const diaryPort = argValue('--diary-port') ?? process.env.JOURNAL_DIARY_PORT;
  if (diaryPort && !remote) {
    const host = await startHttpHost({
      router,
      door: 'family',
      staticDir: rendererDir,
      page: 'diary.html',
      port: Number(diaryPort),
    });
    console.log(`Электронный дневник: ${host.url}`);
  }

  // Updates come from the school's own server when it publishes them (a generic electron-updater feed),
  // only over HTTPS; the installer's signature is checked against publisherName (electron-builder.yml).
  const feed = updateFeed(process.env.JOURNAL_UPDATE_URL);
  if (feed && 'refused' in feed) console.error(feed.refused);
  else if (feed && app.isPackaged) {
    electronUpdater.autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
    void electronUpdater.autoUpdater.checkForUpdatesAndNotify();
  }
  app.on('window-all-closed', () => {
    void router.close().finally(() => app.quit());
  });
}
