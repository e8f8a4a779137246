import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = resolve(import.meta.dirname, 'dist/renderer');

/** Text files worth compressing; fonts and images are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json']);

/**
 * Writes `.br` and `.gz` beside every built page and asset, once, at build time with the best
 * settings, so the HTTP host sends a compressed file without spending the server's CPU per request
 * (the staff bundle is ~1 MB raw). Node's own zlib: no dependency.
 */
function precompress(): Plugin {
  return {
    name: 'journal-precompress',
    apply: 'build',
    writeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.has(extname(file)) || statSync(file).size < 512) continue;
        const raw = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, {
            params: {
              [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
              [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: zlib.Z_BEST_COMPRESSION }));
      }
    },
  };
}

// Two pages from one renderer: the staff application and the family diary (served by the publish endpoint).
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // Maps for reading stack traces, not referenced by the bundles: no door serves them.
    sourcemap: 'hidden',
    // .vite/manifest.json: the HTTP host serves each door only the files its page needs.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'src/renderer/index.html'),
        diary: resolve(import.meta.dirname, 'src/renderer/diary.html'),
      },
    },
  },
});
