import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { test } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { DEMO_TEMPLATE } from './files.mjs';

/**
 * A journal service of a test's own (browser mode on its own ports and its own copy of the e2e demo
 * file), which the test may stop and start again on the same file: from the page's side, exactly a
 * host that goes away and comes back. `now` stops the journal's clock at that moment.
 */
export function journalServer(db: string, port: number, options: { now?: string } = {}) {
  let child: ChildProcess | null = null;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    /** A consistent copy of the shared e2e demo (the shared server keeps it open in WAL mode). */
    copyDemo(from = DEMO_TEMPLATE) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
      const source = new BetterSqlite3(from, { readonly: true });
      try {
        source.exec(`VACUUM INTO '${db.replaceAll("'", "''")}'`);
      } finally {
        source.close();
      }
    },
    async start() {
      // Another server on the port would answer the checks below and take the test's writes.
      const busy = await fetch(url).then(
        () => true,
        () => false,
      );
      if (busy)
        throw new Error(`port ${port} is taken by another server: the test would write into its journal`);
      child = spawn(
        process.execPath,
        ['dist/main/serve.mjs', '--db', db, '--port', String(port), '--diary-port', String(port + 1)],
        {
          stdio: 'inherit',
          env: {
            ...process.env,
            JOURNAL_CHECK_OUTPUTS: '1',
            // A spec bound to dates stops the journal's clock (and the page's: Playwright's page.clock).
            ...(options.now ? { JOURNAL_TEST_NOW: options.now } : {}),
          },
        },
      );
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the journal server exited (${child.exitCode})`);
        try {
          if ((await fetch(url)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the journal server did not start at ${url}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      child = null;
    },
  };
}

/**
 * A spec's own journal service on a fresh copy of the e2e demo, started before its tests and stopped
 * after them: what a spec changes (closing a period, filling cells) disturbs no other spec.
 */
export function demoServer(db: string, port: number, options: { now?: string } = {}) {
  const server = journalServer(db, port, options);
  test.beforeAll(async () => {
    server.copyDemo();
    await server.start();
  });
  test.afterAll(async () => {
    await server.stop();
  });
  return server;
}
