import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * The writer lease for a journal on a file share (DESIGN.md, "The database on a file share"):
 * byte-range locks taken through one share client do not exclude another computer, so every write
 * transaction first takes this lease. It is a folder beside the journal (`journal.sqlite.lock`):
 * creating a folder is atomic on SMB and NFS, so exactly one computer succeeds. Inside, `holder`
 * names the holder (computer, pid, random id, since) and a heartbeat count it rewrites while it
 * holds the lease.
 *
 * A lease is stale when its `holder` text has not changed for `staleMs` as measured by the waiting
 * computer's own clock (computers' clocks differ; a frozen heartbeat does not). A stale lease is
 * taken over under a second folder (`.lock.takeover`), re-checked there, renamed away atomically and
 * only then created anew, so two waiters can never both take it, nor take a live one.
 */
export interface LeaseOptions {
  /** A holder whose heartbeat has not moved for this long is presumed dead. */
  staleMs?: number;
  /** How often the holder rewrites its heartbeat. */
  heartbeatMs?: number;
}

export class LeaseTimeout extends Error {
  override name = 'LeaseTimeout';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export class WriterLease {
  readonly dir: string;
  readonly id = randomUUID();
  private readonly staleMs: number;
  private readonly heartbeatMs: number;
  private held = false;
  private since = '';
  private beats = 0;
  private timer: NodeJS.Timeout | undefined;
  /** What a waiter last saw in the holder file, and when (its own clock). */
  private seen = { text: null as string | null, at: 0 };

  constructor(dbPath: string, options: LeaseOptions = {}) {
    this.dir = `${dbPath}.lock`;
    this.staleMs = options.staleMs ?? 10_000;
    this.heartbeatMs = options.heartbeatMs ?? 1_000;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Waits for the lease until `deadline` (ms since epoch); throws LeaseTimeout after it. */
  async acquire(deadline: number): Promise<void> {
    if (this.held) throw new Error('Lease already held');
    for (let wait = 5; ; wait = Math.min(wait * 2, 50)) {
      if (this.tryTake()) return;
      if (this.isMineLeftOver() || this.isStale()) this.takeOver();
      if (Date.now() >= deadline) throw new LeaseTimeout(`lease ${this.dir} not free`);
      await sleep(wait + Math.random() * wait);
    }
  }

  /** The same for a start (migrations, first creation), which is synchronous. */
  acquireSync(deadline: number): void {
    if (this.held) throw new Error('Lease already held');
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let wait = 5; ; wait = Math.min(wait * 2, 50)) {
      if (this.tryTake()) return;
      if (this.isMineLeftOver() || this.isStale()) this.takeOver();
      if (Date.now() >= deadline) throw new LeaseTimeout(`lease ${this.dir} not free`);
      Atomics.wait(pause, 0, 0, wait + Math.random() * wait);
    }
  }

  /** One attempt: mkdir is the atomic step; the holder file is written right after. */
  tryTake(): boolean {
    try {
      mkdirSync(this.dir);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EACCES' || code === 'EPERM') return false;
      throw e;
    }
    this.held = true;
    this.since = new Date().toISOString();
    this.beats = 0;
    this.seen = { text: null, at: 0 };
    this.beat();
    this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref();
    return true;
  }

  private holderText(): string {
    return JSON.stringify({
      host: hostname(),
      pid: process.pid,
      id: this.id,
      since: this.since,
      beat: this.beats,
      at: new Date().toISOString(),
    });
  }

  /** Rewrites the heartbeat; long steps (migrations) call it between their parts. */
  beat(): void {
    if (!this.held) return;
    this.beats++;
    try {
      writeFileSync(`${this.dir}/holder`, this.holderText());
    } catch {
      // A share hiccup: the next beat tries again; stillHeld() is what decides before a commit.
    }
  }

  /** Whether the lease is still ours (nobody took it over while we were slow): checked before COMMIT. */
  stillHeld(): boolean {
    if (!this.held) return false;
    const text = readText(`${this.dir}/holder`);
    if (text === null) return false;
    try {
      return (JSON.parse(text) as { id?: string }).id === this.id;
    } catch {
      return false;
    }
  }

  release(): void {
    if (!this.held) return;
    clearInterval(this.timer);
    this.held = false;
    if (!this.stillHeldAfterRelease()) return; // taken over: it is somebody else's now
    this.remove(this.dir);
  }

  private removals = 0;
  /**
   * Removes a lock folder of ours. Renamed away first (a new name each time), so a waiter's mkdir
   * never meets a half-deleted folder; a share refuses a rename or a delete now and then, so the
   * folder is emptied and removed in place as a second way, and a leftover folder still naming us is
   * recognised as ours at the next acquire.
   */
  private remove(dir: string): void {
    const gone = `${this.dir}.released.${this.id}.${++this.removals}`;
    for (let i = 0; i < 3; i++) {
      try {
        renameSync(dir, gone);
        rmSync(gone, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
        return;
      } catch {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
          return;
        } catch {
          // try again
        }
      }
    }
  }

  private stillHeldAfterRelease(): boolean {
    this.held = true;
    const mine = this.stillHeld();
    this.held = false;
    return mine;
  }

  /** A lock folder naming this lease while we do not hold it: our own release did not finish. */
  private isMineLeftOver(): boolean {
    const text = readText(`${this.dir}/holder`);
    if (text === null) return false;
    try {
      if ((JSON.parse(text) as { id?: string }).id !== this.id) return false;
    } catch {
      return false;
    }
    this.seen = { text, at: Date.now() }; // takeOver re-checks against exactly this text
    return true;
  }

  /** Whether the current holder's heartbeat has stood still for staleMs (by this computer's clock). */
  private isStale(): boolean {
    const text = readText(`${this.dir}/holder`) ?? '';
    const now = Date.now();
    if (text !== this.seen.text) {
      this.seen = { text, at: now };
      return false;
    }
    return now - this.seen.at >= this.staleMs;
  }

  private takeOver(): void {
    const guard = `${this.dir}.takeover`;
    try {
      mkdirSync(guard);
      this.guardSeen.at = 0;
    } catch {
      // Another waiter is taking over; a guard left by a dead waiter is cleared once it is old.
      this.clearOldGuard(guard);
      return;
    }
    try {
      // Re-checked under the guard: the holder may have beaten, or another waiter replaced it.
      const text = readText(`${this.dir}/holder`) ?? '';
      if (text !== this.seen.text) return;
      const stale = `${this.dir}.stale.${this.id}.${++this.removals}`;
      try {
        renameSync(this.dir, stale);
      } catch {
        return;
      }
      rmSync(stale, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
      this.seen = { text: null, at: 0 };
    } finally {
      rmSync(guard, { recursive: true, force: true });
    }
  }

  private guardSeen = { at: 0 };
  private clearOldGuard(guard: string): void {
    const now = Date.now();
    if (this.guardSeen.at === 0) {
      this.guardSeen.at = now;
      return;
    }
    if (now - this.guardSeen.at >= this.staleMs * 2) {
      rmSync(guard, { recursive: true, force: true });
      this.guardSeen.at = 0;
    }
  }
}
