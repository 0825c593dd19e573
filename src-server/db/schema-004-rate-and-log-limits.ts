/**
 * Refused requests are counted, not logged one row each: a request_logs row with a `bucket` (the
 * second, as ISO text to the second) stands for `count` refused requests (status >= 400) of one token
 * with one status in that second, so a flood of refused requests writes a few rows, not thousands.
 * A successful request keeps its own row (bucket NULL, count 1).
 *
 * Tokens carry the id of the first token of their rotation chain (`lineage_id`), so a rotated token
 * and its replacement share one rate-limit bucket. Existing chains are followed through replaced_by.
 *
 * Expiries stored past year 9999 (`+010000-…`, before the API refused them) are clamped to the last
 * instant the API allows, and the summaries that hold them are marked stale so readers recompute them.
 */
export const RATE_AND_LOG_LIMITS_SCHEMA = `
ALTER TABLE request_logs ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1);
ALTER TABLE request_logs ADD COLUMN bucket TEXT;
CREATE UNIQUE INDEX request_logs_refusals ON request_logs (token_id, status, bucket) WHERE bucket IS NOT NULL;

ALTER TABLE tokens ADD COLUMN lineage_id TEXT;
WITH RECURSIVE chain(id, root) AS (
  SELECT t.id, t.id FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM tokens p WHERE p.replaced_by = t.id)
  UNION
  SELECT t.replaced_by, chain.root FROM chain JOIN tokens t ON t.id = chain.id WHERE t.replaced_by IS NOT NULL
)
UPDATE tokens SET lineage_id = coalesce((SELECT root FROM chain WHERE chain.id = tokens.id), id);

UPDATE tokens SET expires_at = '9999-12-31T23:59:59.999Z' WHERE expires_at LIKE '+%';
UPDATE members SET next_expiry = '0000-01-01T00:00:00.000Z'
  WHERE next_expiry LIKE '+%' OR tokens_json LIKE '%"expiresAt":"+%';
`;
