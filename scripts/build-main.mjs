// Bundles the main process: the browser-mode server, the Electron entry + preload, and the database
// worker. node_modules stay external (better-sqlite3 is native, electron is provided by Electron itself).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};

/**
 * A worker thread's script: an ES module that carries its dependencies inside, so an installed
 * application can run it from the unpacked copy beside the asar archive.
 */
const workerScript = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};

/**
 * The database worker: only the native better-sqlite3 stays outside. Code splitting puts the demo
 * generator (and faker, a development dependency) in a chunk of its own that loads only when the
 * default demo file is created — a real school's start never reads it.
 * Returns the path of the worker's entry script.
 */
export async function buildDbWorker(outdir = 'dist/main', logLevel = 'warning') {
  await build({
    ...workerScript,
    logLevel,
    splitting: true,
    entryPoints: { 'db-worker': 'src/main/worker/db-worker.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['better-sqlite3'],
  });
  return `${outdir}/db-worker.mjs`;
}

/**
 * The render thread (src/main/print/render-worker.ts): one self-contained file beside the database
 * worker, which starts it to lay out printed documents (pdfmake inside; the fonts are read from
 * resources/fonts).
 */
export async function buildRenderWorker(outdir = 'dist/main', logLevel = 'warning') {
  await build({
    ...workerScript,
    logLevel,
    entryPoints: { 'render-worker': 'src/main/print/render-worker.ts' },
    outdir,
  });
  return `${outdir}/render-worker.mjs`;
}

export async function buildMain() {
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
    buildDbWorker(),
    buildRenderWorker(),
    // A sandboxed preload must be a single CommonJS file that requires only 'electron'.
    build({
      ...common,
      entryPoints: ['src/main/electron/preload.ts'],
      format: 'cjs',
      outfile: 'dist/electron/preload.cjs',
    }),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildMain();
