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
