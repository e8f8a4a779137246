import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/school';
import { appFilePath } from './window-options';

const tmp = tempDir();
const renderer = join(tmp.dir, 'renderer');
mkdirSync(join(renderer, 'assets'), { recursive: true });
writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
writeFileSync(join(renderer, 'assets', 'main.js'), '');
writeFileSync(join(tmp.dir, 'secret.txt'), 'not for the window');
afterAll(() => tmp.cleanup());

describe('what the app:// scheme serves', () => {
  it("serves the renderer's own files", () => {
    expect(appFilePath('app://journal/', renderer)).toBe(join(renderer, 'index.html'));
    expect(appFilePath('app://journal/assets/main.js', renderer)).toBe(join(renderer, 'assets', 'main.js'));
  });

  it.each([
    'app://other/index.html',
    'app://journal/%2e%2e/secret.txt',
    'app://journal/..%2fsecret.txt',
    'app://journal/%E0%A4%A',
    'app://journal/missing.js',
    'app://journal/assets',
  ])('answers %s with «not found», never a file outside or an exception', (url) => {
    expect(appFilePath(url, renderer)).toBeNull();
  });
});
