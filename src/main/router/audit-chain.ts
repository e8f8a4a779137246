import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type Database, prepared } from '../db/database';
import type { Schema } from '../db/schema';

/**
 * The audit log's hash chain (migration 0004): what a row's hash covers, and where a new row links
 * in. The router appends with it; the audit feature verifies with it (src/main/audit/chain.ts). It
 * lives with the router because the router writes every audit row and may import no feature.
 */

/** An audit row's content as stored: exactly the columns its hash covers. */
export type AuditRowContent = Omit<Selectable<Schema['audit_log']>, 'prev_hash' | 'row_hash'>;

/** The setting row migration 0004 wrote: rows before the chain and the last of their ids. */
export const CHAIN_START_KEY = 'audit.chain_start';

/**
 * One canonical text per row: a JSON array in a fixed column order (no key order to agree on),
 * values as SQLite returns them (text, integers, null). Storing a value under another type
 * (an id as text) changes the text, and so the hash.
 */
export function canonicalAuditRow(r: AuditRowContent): string {
  return JSON.stringify([
    r.id,
    r.at,
    r.user_id,
    r.session_id,
    r.action,
    r.entity,
    r.entity_id,
    r.before,
    r.after,
  ]);
}

export function auditRowHash(prevHash: string, row: AuditRowContent): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalAuditRow(row)}`)
    .digest('hex');
}

/** The prev_hash of the first chained row: derived from the anchor's stored text, so editing it shows. */
export function chainGenesis(anchorText: string): string {
  return createHash('sha256').update(`audit_log genesis\n${anchorText}`).digest('hex');
}

const lastRow = prepared()((db) =>
  db.selectFrom('audit_log').select(['id', 'row_hash']).orderBy('id', 'desc').limit(1),
);
const anchorRow = prepared()((db) =>
  db.selectFrom('setting').select('value').where('key', '=', CHAIN_START_KEY),
);

export function readChainAnchor(db: Database): string {
  const anchor = db.first(anchorRow)?.value;
  if (anchor === undefined) throw new Error(`audit_log has no chain anchor (${CHAIN_START_KEY})`);
  return anchor;
}

/**
 * Where the next row links in: the last row's id and hash, read inside the caller's write
 * transaction (BEGIN IMMEDIATE holds the write lock, so no other computer can append between this
 * read and the insert, and the chain cannot fork). Re-read on every write rather than cached: one
 * primary-key seek, and always right whoever wrote last. A last row without a hash is either a row
 * from before the chain (then the chain starts at the genesis) or a forged one, which the verifier
 * reports either way.
 */
export function chainHead(db: Database): { id: number; hash: string } {
  const last = db.first(lastRow);
  return { id: last?.id ?? 0, hash: last?.row_hash ?? chainGenesis(readChainAnchor(db)) };
}
