import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontsDir } from '../print/pdf';
import { updateFeed } from './updates';

// js-yaml comes with electron-updater and the validator with electron-builder: nothing new to install.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, log: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  files?: string[];
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  publish?: { provider: string; url: string } | { provider: string; url: string }[];
  win?: { verifyUpdateCodeSignature?: boolean; signtoolOptions?: { publisherName?: string | string[] } };
}
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

describe('packaging (electron-builder.yml)', () => {
  it("is valid for electron-builder's schema (a misplaced key would fail only at packaging)", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the fuses that turn the app into a Node runner or load code from elsewhere', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('publishes updates over HTTPS only, and Windows installs only those signed by the publisher', () => {
    const feeds = [config.publish ?? []].flat();
    expect(feeds.length).toBeGreaterThan(0);
    for (const feed of feeds) {
      expect(['generic', 'github']).toContain(feed.provider);
      if (feed.provider === 'generic') expect(new URL(feed.url).protocol).toBe('https:');
    }
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    const names = [config.win?.signtoolOptions?.publisherName ?? []].flat();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.trim().length > 0)).toBe(true);
  });
});

describe('the worker threads', () => {
  it('run from outside the archive with every chunk they import (the database worker is code-split)', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'dist/main/db-worker.mjs',
        'dist/main/chunks/*.mjs',
        'dist/main/render-worker.mjs',
        'migrations/**',
      ]),
    );
  });
});

describe('the printing fonts', () => {
  it('ship with their licence and are unpacked, because the database and render threads read them from disk', () => {
    const fonts = readdirSync('resources/fonts');
    expect(fonts.filter((f) => f.endsWith('.ttf')).sort()).toEqual([
      'Roboto-Italic.ttf',
      'Roboto-Medium.ttf',
      'Roboto-MediumItalic.ttf',
      'Roboto-Regular.ttf',
    ]);
    expect(readFileSync('resources/fonts/OFL.txt', 'utf8')).toContain('SIL OPEN FONT LICENSE Version 1.1');
    expect(config.files).toContain('resources/**');
    expect(config.asarUnpack).toContain('resources/fonts/**');
    expect(fontsDir).toBe(join(process.cwd(), 'resources', 'fonts'));
  });
});

describe('the update feed named at run time', () => {
  it('is taken only over HTTPS', () => {
    expect(updateFeed(undefined)).toBeNull();
    expect(updateFeed('')).toBeNull();
    expect(updateFeed('https://school.example/updates/')).toEqual({ url: 'https://school.example/updates/' });
    for (const url of ['http://school.example/updates/', 'file:///srv/updates/', 'ftp://x/', 'not a url']) {
      const r = updateFeed(url);
      expect(r && 'refused' in r && r.refused).toMatch(
        new RegExp(`^[А-Я].*${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
      );
    }
  });
});
