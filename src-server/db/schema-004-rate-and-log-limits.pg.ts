/**
 * PostgreSQL's migration 4 (see schema-004-rate-and-log-limits.ts). A token reached by two chains
 * (never made by the store) takes the smaller root: PostgreSQL refuses a scalar subquery with two rows,
 * where SQLite takes whichever comes first.
 */
export const PG_RATE_AND_LOG_LIMITS_SCHEMA = `
ALTER TABLE request_logs ADD COLUMN count BIGINT NOT NULL DEFAULT 1 CHECK (count >= 1);
ALTER TABLE request_logs ADD COLUMN bucket TEXT COLLATE "C";
CREATE UNIQUE INDEX request_logs_refusals ON request_logs (token_id, status, bucket) WHERE bucket IS NOT NULL;

ALTER TABLE tokens ADD COLUMN lineage_id TEXT COLLATE "C";
WITH RECURSIVE chain(id, root) AS (
  SELECT t.id, t.id FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM tokens p WHERE p.replaced_by = t.id)
  UNION
  SELECT t.replaced_by, chain.root FROM chain JOIN tokens t ON t.id = chain.id WHERE t.replaced_by IS NOT NULL
)
UPDATE tokens SET lineage_id = coalesce((SELECT min(root) FROM chain WHERE chain.id = tokens.id), id);

UPDATE tokens SET expires_at = '9999-12-31T23:59:59.999Z' WHERE expires_at LIKE '+%';
UPDATE members SET next_expiry = '0000-01-01T00:00:00.000Z'
  WHERE next_expiry LIKE '+%' OR tokens_json LIKE '%"expiresAt":"+%';
`;
