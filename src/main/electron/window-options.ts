import { statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

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

/**
 * The one browser permission the application grants, and only to its own pages: «fileSystem», which
 * the File System Access API asks for when the deputy picks the folder the printed journals go into
 * (the folder is chosen by hand in the system's dialog, so the page reaches nothing else). Camera,
 * microphone, notifications, geolocation and the rest stay refused.
 */
export function isGrantedPermission(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'fileSystem' && isTrustedSender(requestingUrl);
}

/**
 * The file of the renderer's folder an app:// request names, or null: another host, a path that
 * climbs out of the folder, malformed %-encoding or a missing file are all «not found».
 */
export function appFilePath(requestUrl: string, rendererDir: string): string | null {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return null;
  const root = normalize(rendererDir);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return null;
  }
  const file = normalize(join(root, path));
  if (!file.startsWith(root + sep)) return null;
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : null;
}
