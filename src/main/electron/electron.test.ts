import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import {
  isAllowedNavigation,
  isGrantedPermission,
  isTrustedSender,
  secureWebPreferences,
} from './window-options';

describe('Electron shell', () => {
  it("opens windows with Electron's security checklist settings", () => {
    const prefs = secureWebPreferences('/app/dist/electron');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs.preload).toBe(join('/app/dist/electron', 'preload.cjs'));
  });

  it('trusts IPC only from its own pages and refuses navigation elsewhere', () => {
    expect(isTrustedSender('app://journal/index.html')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      'http://127.0.0.1:5170/',
      undefined,
      'not a url',
    ]) {
      expect(isTrustedSender(url)).toBe(false);
    }
    expect(isAllowedNavigation('https://example.com')).toBe(false);
  });

  it('grants only the folder access of the printed journals, and only to its own pages', () => {
    expect(isGrantedPermission('fileSystem', 'app://journal/index.html')).toBe(true);
    expect(isGrantedPermission('fileSystem', 'app://journal')).toBe(true);
    for (const url of ['https://example.com/', 'app://other/index.html', 'file:///index.html', undefined])
      expect(isGrantedPermission('fileSystem', url)).toBe(false);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'])
      expect(isGrantedPermission(permission, 'app://journal/index.html')).toBe(false);
  });

  it('packages without rebuilding native modules and ships the migrations', () => {
    const config = readFileSync('electron-builder.yml', 'utf8');
    expect(config).toMatch(/^npmRebuild: false$/m);
    expect(config).toMatch(/^ {2}- migrations\/\*\*$/m);
    expect(config).toMatch(/^ {2}- node_modules\/better-sqlite3\/\*\*$/m);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('dist/electron/main.mjs');
    expect(Object.values(pkg.scripts).join(' ')).not.toMatch(/install-app-deps|electron-rebuild/);
  });

  it('the entry and the preload compile; the sandboxed preload needs nothing but electron', async () => {
    const out = tempDir();
    try {
      const common = {
        bundle: true,
        platform: 'node',
        target: 'node22',
        packages: 'external',
        logLevel: 'silent',
      } as const;
      await build({
        ...common,
        entryPoints: ['src/main/electron/main.ts'],
        format: 'esm',
        outfile: join(out.dir, 'main.mjs'),
      });
      await build({
        ...common,
        entryPoints: ['src/main/electron/preload.ts'],
        format: 'cjs',
        outfile: join(out.dir, 'preload.cjs'),
      });
      const preload = readFileSync(join(out.dir, 'preload.cjs'), 'utf8');
      const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      expect(required).toEqual(['electron']);
      expect(preload).toContain('exposeInMainWorld');
      const main = readFileSync(join(out.dir, 'main.mjs'), 'utf8');
      expect(main).toContain('requestSingleInstanceLock');
    } finally {
      out.cleanup();
    }
  });
});
