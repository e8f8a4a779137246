// Bundles the main process: the browser-mode server and the Electron entry + preload.
// node_modules stay external (better-sqlite3 is native, electron is provided by Electron itself).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main/host/serve.ts'],
    format: 'esm',
    outfile: 'dist/main/serve.mjs',
  }),
  build({
    ...common,
    entryPoints: ['src/main/electron/main.ts'],
    format: 'esm',
    outfile: 'dist/electron/main.mjs',
  }),
  // A sandboxed preload must be a single CommonJS file that requires only 'electron'.
  build({
    ...common,
    entryPoints: ['src/main/electron/preload.ts'],
    format: 'cjs',
    outfile: 'dist/electron/preload.cjs',
  }),
]);
