import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder that holds migrations/, resources/ and dist/: the repository in development, the
 * unpacked resources of an installed application. Found by walking up from this module.
 */
function findAppRoot(): string {
  const fromEnv = process.env.JOURNAL_APP_ROOT;
  if (fromEnv) return fromEnv;
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  let dir = import.meta.dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'migrations')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  if (resourcesPath && existsSync(join(resourcesPath, 'migrations'))) return resourcesPath;
  return process.cwd();
}

export const appRoot = findAppRoot();
export const migrationsDir = join(appRoot, 'migrations');
export const resourcesDir = join(appRoot, 'resources');
export const rendererDir = join(appRoot, 'dist', 'renderer');
/**
 * The database worker's script. In an installed application it runs from the unpacked copy beside
 * the asar archive (see electron-builder.yml asarUnpack): a worker thread does not read from asar.
 */
export const dbWorkerScript = join(
  appRoot.replace(/app\.asar$/, 'app.asar.unpacked'),
  'dist',
  'main',
  'db-worker.mjs',
);
