/**
 * The whole data model, so later features add behaviour rather than tables.
 * Times are ISO 8601 UTC strings of fixed width (`2026-01-01T00:00:00.000Z`, as Date#toISOString
 * writes them): they sort and compare as text in the same order as in time, and go to the API as they
 * are, which saves a conversion per timestamp on every list page. `seq` values come from `domains.last_seq`: every change to a service account or one of
 * its tokens gives that account the next value, and a deletion writes a tombstone with the next value,
 * which is what `changesSince` sync reads.
 */
export const INITIAL_SCHEMA = `
CREATE TABLE domains (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  last_seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('HUMAN', 'SERVICE_ACCOUNT')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  -- lower-cased description for case-insensitive search (SQLite's own lower() is ASCII-only)
  description_lc TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  basic_auth_enabled INTEGER NOT NULL DEFAULT 0 CHECK (basic_auth_enabled IN (0, 1)),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seq INTEGER NOT NULL DEFAULT 0,
  -- Summary for list pages, recomputed by the store in the same transaction as every change to the
  -- account, its roles, groups or tokens (the same moments seq moves). token_count counts live tokens;
  -- next_expiry and the statuses in tokens_json (TokenMeta[] as JSON) hold until next_expiry passes,
  -- after which readers recompute them. roles_json: role names; groups_json: [[id, name], ...].
  token_count INTEGER NOT NULL DEFAULT 0,
  next_expiry TEXT,
  tokens_json TEXT NOT NULL DEFAULT '[]',
  roles_json TEXT NOT NULL DEFAULT '[]',
  groups_json TEXT NOT NULL DEFAULT '[]',
  UNIQUE (domain_id, name)
) STRICT;
CREATE INDEX members_by_name ON members (domain_id, type, name, id);
CREATE INDEX members_by_created ON members (domain_id, type, created_at, id);
CREATE INDEX members_by_updated ON members (domain_id, type, updated_at, id);
CREATE INDEX members_by_seq ON members (domain_id, type, seq);

CREATE TABLE member_roles (
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('Admin', 'Power User', 'Deployment', 'Viewer')),
  PRIMARY KEY (member_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_roles_by_role ON member_roles (role, member_id);

CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (domain_id, name)
) STRICT;

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (group_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_by_member ON group_members (member_id, group_id);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('sa', 'pt')),
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED')),
  expires_at TEXT,
  max_rps INTEGER CHECK (max_rps IS NULL OR max_rps > 0),
  roles TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles)),
  -- SHA-256 hex of the secret; the secret itself is never stored
  digest TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  last_used_from TEXT,
  deleted_at TEXT,
  grace_until TEXT,
  replaced_by TEXT REFERENCES tokens(id) ON DELETE SET NULL
) STRICT;
CREATE UNIQUE INDEX tokens_live_name ON tokens (member_id, name) WHERE deleted_at IS NULL;
CREATE INDEX tokens_by_member ON tokens (member_id, deleted_at, expires_at);
-- The foreign key from replaced_by needs an index, or deleting tokens scans the table once per row.
CREATE INDEX tokens_by_replaced_by ON tokens (replaced_by) WHERE replaced_by IS NOT NULL;

CREATE TABLE sa_tombstones (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  seq INTEGER NOT NULL,
  deleted_by TEXT NOT NULL,
  deleted_at TEXT NOT NULL
) STRICT;
CREATE INDEX sa_tombstones_by_seq ON sa_tombstones (domain_id, seq);

-- No foreign keys: the audit trail outlives what it talks about.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain_id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT,
  target_name TEXT,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  client_address TEXT
) STRICT;
CREATE INDEX audit_events_by_time ON audit_events (domain_id, at, id);

CREATE TABLE request_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  token_id TEXT,
  at TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  client_address TEXT
) STRICT;
CREATE INDEX request_logs_by_member ON request_logs (member_id, at, id);

-- Replays of a token-creating POST: the stored response never holds the secret.
CREATE TABLE idempotency_keys (
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL CHECK (json_valid(response)),
  resource_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (member_id, key)
) STRICT;
CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
`;
