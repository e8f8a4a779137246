import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocumentKind, DocumentKinds } from './documents';

/**
 * PDFs rendered on threads of their own (a small pool: half the cores, at least one), never on the
 * database thread: a year's book takes seconds to lay out and every teacher's save would wait.
 *
 * The thread's script: the bundled dist/main/render-worker.mjs beside the bundled database worker,
 * or the TypeScript source through tsx when running from source (tests, the CLI).
 */
const AT_ONCE = Math.max(1, Math.floor(availableParallelism() / 2));
/**
 * A render thread's young generation, in MB (V8's default is a few): laying out a book allocates
 * hundreds of thousands of short-lived objects, and a larger nursery collects them in fewer, cheaper
 * scavenges — the issue's 330-page book took ~8 % less CPU (5.5 → 5.1 s, docs/benchmarks.md) for at
 * most this much more memory per thread.
 */
const YOUNG_GENERATION_MB = 96;

function workerScript(): { script: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts'))
    return { script: join(dirname(here), 'render-worker.ts'), execArgv: ['--import', 'tsx'] };
  let dir = dirname(here);
  if (dir.endsWith('chunks')) dir = dirname(dir);
  return { script: join(dir, 'render-worker.mjs'), execArgv: [] };
}

const idle: Worker[] = [];
const waiting: (() => void)[] = [];
let running = 0;

function worker(): Worker {
  const reused = idle.pop();
  if (reused) return reused;
  const { script, execArgv } = workerScript();
  return new Worker(script, { execArgv, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}

/** The PDF of a document from its data object, rendered on a render thread. */
export async function renderOnThread<K extends DocumentKind>(
  kind: K,
  data: DocumentKinds[K],
): Promise<Buffer> {
  if (running >= AT_ONCE) await new Promise<void>((go) => waiting.push(go));
  else running++;
  const thread = worker();
  let broken = false;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const failed = (e: Error) => reject(e);
      thread.once('error', failed);
      thread.once('message', (m: { pdf?: Uint8Array; error?: string }) => {
        thread.off('error', failed);
        if (m.pdf) resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
        else reject(new Error(m.error ?? 'Не удалось построить PDF'));
      });
      thread.ref();
      thread.postMessage({ kind, data });
    });
  } catch (e) {
    broken = true;
    void thread.terminate();
    throw e;
  } finally {
    if (!broken) {
      // An idle render thread never keeps the program running.
      thread.unref();
      idle.push(thread);
    }
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Ends the idle render threads (the CLI, tests). */
export async function stopRenderThreads(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}
