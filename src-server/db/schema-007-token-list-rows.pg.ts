/**
 * PostgreSQL's migration 7 (see schema-007-token-list-rows.ts). SQLite's json_each gives each element
 * as compact JSON text; json_array_elements gives it as written, so td_json_compact removes the
 * whitespace between tokens the same way (escapes and number spellings stay as they are on both).
 */
export const PG_TOKEN_LIST_ROWS_SCHEMA = `
CREATE FUNCTION td_json_compact(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT regexp_replace(value, '("(?:[^"\\\\]|\\\\.)*")|[ \\t\\n\\r]+', '\\1', 'g')
$$;

CREATE TABLE token_list (
  member_id TEXT COLLATE "C" NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at TEXT COLLATE "C" NOT NULL,
  token_id TEXT COLLATE "C" NOT NULL,
  meta TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (member_id, created_at, token_id)
);
INSERT INTO token_list (member_id, created_at, token_id, meta)
  SELECT m.id, j.value ->> 'createdAt', j.value ->> 'id', td_json_compact(j.value::text)
  FROM members m, json_array_elements(m.tokens_json::json) j(value);
ALTER TABLE members DROP COLUMN tokens_json;
`;
