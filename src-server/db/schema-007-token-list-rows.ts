/**
 * An account's token list for list pages moves from one JSON text on the account (members.tokens_json)
 * to one row per token, in list order (created_at, id). Every token write rewrote that whole text, so
 * on an account with thousands of tokens each created token cost hundreds of kilobytes of writes; a
 * row per token makes a token write cost one row. Pages join the rows back into the same JSON text
 * (TOKENS_JSON_COLUMN), so every answer stays byte for byte what it was: the rows are the stored
 * objects themselves, copied as they are.
 */
export const TOKEN_LIST_ROWS_SCHEMA = `
CREATE TABLE token_list (
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  token_id TEXT NOT NULL,
  -- The token's TokenMeta as JSON, with its status as of when the account's next_expiry was computed.
  meta TEXT NOT NULL,
  PRIMARY KEY (member_id, created_at, token_id)
) STRICT, WITHOUT ROWID;
INSERT INTO token_list (member_id, created_at, token_id, meta)
  SELECT m.id, json_extract(j.value, '$.createdAt'), json_extract(j.value, '$.id'), j.value
  FROM members m, json_each(m.tokens_json) j;
ALTER TABLE members DROP COLUMN tokens_json;
`;
