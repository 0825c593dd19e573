/** PostgreSQL's migration 13 (see schema-013-token-policy.ts). */
const TEXT = 'TEXT COLLATE "C"';

export const PG_TOKEN_POLICY_SCHEMA = `
ALTER TABLE tokens ADD COLUMN leaked_at ${TEXT};
ALTER TABLE tokens ADD COLUMN leak_reported_by ${TEXT};
ALTER TABLE tokens ADD COLUMN leak_source ${TEXT};
ALTER TABLE tokens ADD COLUMN leak_url ${TEXT};
ALTER TABLE tokens ADD COLUMN reactivated_at ${TEXT};
CREATE TRIGGER auth_token_leaked AFTER UPDATE OF leaked_at ON tokens
  FOR EACH ROW EXECUTE FUNCTION td_bump_auth_version();

CREATE TABLE token_policies (
  domain_id ${TEXT} PRIMARY KEY REFERENCES domains(id) ON DELETE CASCADE,
  policy ${TEXT} NOT NULL CHECK (td_json_valid(policy)),
  updated_at ${TEXT} NOT NULL,
  updated_by ${TEXT} NOT NULL
);

CREATE TABLE auto_suspend_runs (
  domain_id ${TEXT} PRIMARY KEY REFERENCES domains(id) ON DELETE CASCADE,
  last_run_at ${TEXT} NOT NULL,
  last_suspended BIGINT NOT NULL,
  total_suspended BIGINT NOT NULL
);

UPDATE token_list SET meta = substr(meta, 1, length(meta) - 1) || ',"leak":null}';
`;
