/**
 * Issue 15: token policy and leak response.
 *
 * - A token revoked as leaked keeps its row (a later use answers 401 token_leaked) with when, who
 *   reported it, and the report's source and URL as plain text. Its status reads REVOKED_LEAKED, which
 *   nothing turns back; the column joins the authorization version's triggers.
 * - `reactivated_at`: when a suspended token was made active again, so auto-suspend counts its idle
 *   days from then, not from a last use before it was suspended.
 * - `token_policies`: a domain's policy as JSON (a domain without a row has the default), and
 *   `auto_suspend_runs`: what the background job did last, per domain, so the API can show it.
 * - Stored token-list rows gain the new last key of TokenMeta, `"leak":null`, so a list page stays byte
 *   for byte what a single read gives.
 */
export const TOKEN_POLICY_SCHEMA = `
ALTER TABLE tokens ADD COLUMN leaked_at TEXT;
ALTER TABLE tokens ADD COLUMN leak_reported_by TEXT;
ALTER TABLE tokens ADD COLUMN leak_source TEXT;
ALTER TABLE tokens ADD COLUMN leak_url TEXT;
ALTER TABLE tokens ADD COLUMN reactivated_at TEXT;
CREATE TRIGGER auth_token_leaked AFTER UPDATE OF leaked_at ON tokens
BEGIN UPDATE auth_state SET version = version + 1 WHERE id = 1; END;

CREATE TABLE token_policies (
  domain_id TEXT PRIMARY KEY REFERENCES domains(id) ON DELETE CASCADE,
  policy TEXT NOT NULL CHECK (json_valid(policy)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE auto_suspend_runs (
  domain_id TEXT PRIMARY KEY REFERENCES domains(id) ON DELETE CASCADE,
  last_run_at TEXT NOT NULL,
  last_suspended INTEGER NOT NULL,
  total_suspended INTEGER NOT NULL
) STRICT;

UPDATE token_list SET meta = substr(meta, 1, length(meta) - 1) || ',"leak":null}';
`;
