-- The audit log becomes append-only and hash-chained (issue 7, "A tamper-evident journal").
--
-- Each row written from now on carries prev_hash (the row_hash of the row before it) and row_hash
-- (hex SHA-256 over prev_hash and the row's own content; src/main/router/audit-chain.ts defines the
-- serialization). The router computes both in the write transaction that inserts the row.
--
-- Rows written before this migration are NOT chained: SQLite has no SHA-256, and sealing them later
-- from TypeScript would need the UPDATE trigger below to let unsealed rows be changed — a hole — and
-- would certify content nobody can vouch for (before this migration a plain SQLite connection could
-- edit it without a trace). Instead the migration records a genesis anchor: how many rows came before
-- the chain and the last of their ids. The first chained row's prev_hash is derived from that anchor
-- (a hash of its stored text), so moving or editing the anchor breaks the chain, and the verifier
-- checks that exactly that many unchained rows, all up to that id, are still there. Their content is
-- reported as "before the chain" rather than verified.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;

INSERT INTO setting (key, value)
  SELECT 'audit.chain_start', json_object('rows', count(*), 'lastId', coalesce(max(id), 0)) FROM audit_log;

-- Append-only. Triggers do not stop someone who drops them first (anyone with write access to the
-- file can); the hash chain is what makes that visible. They stop every accidental or casual edit.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'журнал изменений нельзя изменять');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'журнал изменений нельзя изменять');
END;

-- The anchor is as fixed as the log it anchors.
CREATE TRIGGER audit_chain_start_no_update BEFORE UPDATE ON setting WHEN OLD.key = 'audit.chain_start'
BEGIN
  SELECT RAISE(ABORT, 'журнал изменений нельзя изменять');
END;

CREATE TRIGGER audit_chain_start_no_delete BEFORE DELETE ON setting WHEN OLD.key = 'audit.chain_start'
BEGIN
  SELECT RAISE(ABORT, 'журнал изменений нельзя изменять');
END;
