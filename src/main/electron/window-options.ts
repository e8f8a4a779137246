import { join } from 'node:path';

/**
 * The security settings of every window (Electron's security checklist), kept apart from the
 * Electron entry so a test can check them on a machine where Electron cannot run.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'journal';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function secureWebPreferences(preloadDir: string) {
  return {
    preload: join(preloadDir, 'preload.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    experimentalFeatures: false,
  } as const;
}

/** Only our own pages may call the API over IPC. */
export function isTrustedSender(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Navigation inside the window is allowed only within our own origin. */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSender(url);
}
