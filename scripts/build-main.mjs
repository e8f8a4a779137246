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
  // The database worker carries its dependencies inside, so an installed application can run it from
  // the unpacked copy beside the asar archive; only the native better-sqlite3 stays outside.
  build({
    bundle: true,
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    format: 'esm',
    entryPoints: ['src/main/worker/db-worker.ts'],
    outfile: 'dist/main/db-worker.mjs',
    external: ['better-sqlite3'],
    // Bundled CommonJS dependencies call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  }),
  // A sandboxed preload must be a single CommonJS file that requires only 'electron'.
  build({
    ...common,
    entryPoints: ['src/main/electron/preload.ts'],
    format: 'cjs',
    outfile: 'dist/electron/preload.cjs',
  }),
]);
