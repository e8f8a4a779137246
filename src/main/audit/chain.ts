import type BetterSqlite3 from 'better-sqlite3';
import type { BrokenReason, ChainCheck } from '../../shared/audit/contract';
import type { Database } from '../db/database';
import { type AuditRowContent, auditRowHash, CHAIN_START_KEY, chainGenesis } from '../router/audit-chain';

/**
 * Verifies the audit log's hash chain (migration 0004; the router appends with router/audit-chain.ts).
 * Rows are walked in id order, streamed (a five-year log of millions of rows never sits in memory),
 * and the first break is named with its row and a reason (shared/audit/contract.ts, BrokenReason).
 *
 * What a hash chain without a secret can and cannot show: any edit, deletion or insertion made with
 * plain SQL is found; someone who recomputes every later hash, or cuts rows off the end, leaves a
 * chain that verifies — only a head remembered elsewhere (`head`, e.g. in a backup's manifest) shows
 * that.
 */

export type ChainResult = Pick<ChainCheck, 'ok' | 'checked' | 'unchained' | 'firstBroken' | 'head'>;

interface StoredRow extends AuditRowContent {
  prev_hash: string | null;
  row_hash: string | null;
}

interface Anchor {
  rows: number;
  lastId: number;
  genesis: string;
}

const COLUMNS = 'id, at, user_id, session_id, action, entity, entity_id, before, after, prev_hash, row_hash';

function parseAnchor(text: string | undefined): Anchor | null {
  if (text === undefined) return null;
  try {
    const v = JSON.parse(text) as { rows?: unknown; lastId?: unknown };
    if (!Number.isInteger(v.rows) || !Number.isInteger(v.lastId)) return null;
    return { rows: v.rows as number, lastId: v.lastId as number, genesis: chainGenesis(text) };
  } catch {
    return null;
  }
}

function readAnchor(sqlite: BetterSqlite3.Database): Anchor | null {
  const text = sqlite.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(CHAIN_START_KEY) as
    | string
    | undefined;
  return parseAnchor(text);
}

/**
 * The walk, one row at a time. A row that does not link, or whose hash does not match, is held
 * until the next row is seen: if the next row links to the hash before it, the chain runs past
 * the held row, so it was inserted; otherwise the held row was edited, or rows before it deleted.
 */
class Walker {
  checked = 0;
  unchained = 0;
  broken: { id: number; reason: BrokenReason } | null = null;
  /** The hash the next row must link to, and the id of the last row that did. */
  private expected: string;
  private lastId: number;
  private held: { row: StoredRow; kind: 'link' | 'content' } | null = null;
  private startChecked = false;

  constructor(private readonly anchor: Anchor) {
    this.expected = anchor.genesis;
    this.lastId = anchor.lastId;
  }

  /** Takes the next row in id order; false once the first break is known (stop reading). */
  push(row: StoredRow): boolean {
    if (this.broken) return false;
    if (this.held) {
      const held = this.held;
      this.held = null;
      if (row.prev_hash === this.expected) return this.stop(held.row.id, 'inserted');
      return this.stop(held.row.id, this.heldReason(held));
    }
    if (row.id <= this.anchor.lastId) {
      // Before the chain: no hashes, and no chained row among them.
      if (row.row_hash !== null || row.prev_hash !== null) return this.stop(row.id, 'inserted');
      this.unchained++;
      return true;
    }
    if (!this.startChecked && !this.checkStart()) return false;
    if (row.prev_hash === null || row.row_hash === null) return this.stop(row.id, 'inserted');
    if (row.prev_hash !== this.expected) {
      this.held = { row, kind: 'link' };
      return true;
    }
    if (auditRowHash(row.prev_hash, row) !== row.row_hash) {
      this.held = { row, kind: 'content' };
      return true;
    }
    this.expected = row.row_hash;
    this.lastId = row.id;
    this.checked++;
    return true;
  }

  finish(): ChainResult {
    if (!this.broken && this.held) this.stop(this.held.row.id, this.heldReason(this.held));
    if (!this.broken && !this.startChecked) this.checkStart();
    const ok = this.broken === null;
    return {
      ok,
      checked: this.checked,
      unchained: this.unchained,
      firstBroken: this.broken,
      head: ok && this.checked > 0 ? { id: this.lastId, hash: this.expected } : null,
    };
  }

  /** Exactly the anchor's number of rows came before the chain. */
  private checkStart(): boolean {
    this.startChecked = true;
    if (this.unchained === this.anchor.rows) return true;
    return this.stop(this.anchor.lastId, 'start');
  }

  private heldReason(held: { row: StoredRow; kind: 'link' | 'content' }): BrokenReason {
    if (held.kind === 'content') return 'edited';
    return held.row.id > this.lastId + 1 ? 'deleted' : 'relinked';
  }

  private stop(id: number, reason: BrokenReason): false {
    this.broken = { id, reason };
    return false;
  }
}

function anchorMissing(): ChainResult {
  return { ok: false, checked: 0, unchained: 0, firstBroken: { id: 0, reason: 'start' }, head: null };
}

/**
 * The whole check in one read transaction on a connection of its own (a backup copy, a test, a
 * command-line tool). The application uses `verifyAuditChainInSteps`, which lets other calls in.
 */
export function verifyAuditChain(sqlite: BetterSqlite3.Database): ChainResult {
  const read = sqlite.transaction(() => {
    const anchor = readAnchor(sqlite);
    if (!anchor) return anchorMissing();
    const walker = new Walker(anchor);
    for (const row of sqlite
      .prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY id`)
      .iterate() as IterableIterator<StoredRow>) {
      if (!walker.push(row)) break; // leaving the loop closes the statement
    }
    return walker.finish();
  });
  return read.deferred();
}

/**
 * Rows per read transaction in the stepped check. A row costs ~10 µs (2.5 million rows: ~25 s on a
 * loaded 2-core machine), so a step holds the database thread ~50 ms: the longest a staff call waits.
 */
export const VERIFY_STEP_ROWS = 5_000;

/**
 * The same check on the application's connection, a step of rows per short read transaction, so
 * that calls from staff computers are served between steps instead of waiting for the whole walk.
 * The log is append-only: rows added meanwhile are simply checked too.
 */
export async function verifyAuditChainInSteps(
  db: Database,
  stepRows = VERIFY_STEP_ROWS,
): Promise<ChainResult> {
  const anchor = await db.read(() => readAnchor(db.sqlite));
  if (!anchor) return anchorMissing();
  const walker = new Walker(anchor);
  const step = db.sqlite.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const { seen, going } = await db.read(() => {
      let seen = 0;
      let going = true;
      for (const row of step.iterate(after, stepRows) as IterableIterator<StoredRow>) {
        seen++;
        after = row.id;
        if (!walker.push(row)) {
          going = false;
          break;
        }
      }
      return { seen, going };
    });
    if (!going || seen < stepRows) break;
  }
  return walker.finish();
}
