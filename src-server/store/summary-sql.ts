import { integer, json, jsonArray, jsonGroupArray, jsonObject, perDialect, stringAgg, text } from '../db/json-sql.js';
import type { Dialect } from '../db/sql.js';

/** A token that is not deleted: its name is taken (the unique index says the same). */
export const LIVE_TOKEN = 'deleted_at IS NULL';

/**
 * A token the lists show, at `@now`: not deleted, and not a rotated-out token that has stopped
 * working. A rotated-out token's expires_at is the end of its grace (or its own earlier expiry), so it
 * drops out exactly when next_expiry passes, which is when readers recompute a stored summary.
 */
export function listedToken(alias: string): string {
  return `${alias}.deleted_at IS NULL AND (${alias}.replaced_by IS NULL OR ${alias}.expires_at > @now)`;
}

/**
 * SQL for an account's list summary, as correlated subqueries on `m.id` with `@now` the current time
 * as ISO text (fixed-width ISO text compares like the instants it names).
 */
export const TOKEN_COUNT_SQL = `(SELECT count(*) FROM tokens t WHERE t.member_id = m.id AND ${listedToken('t')})`;

export const NEXT_EXPIRY_SQL = `(SELECT min(t.expires_at) FROM tokens t
  WHERE t.member_id = m.id AND ${listedToken('t')} AND t.expires_at > @now)`;

/** One token's TokenMeta as a JSON object, with exactly TokenMeta's keys in order; EXPIRED derived at `@now`. */
export function tokenMetaJson(dialect: Dialect, alias: string): string {
  const t = alias;
  return jsonObject(dialect, {
    id: text(`${t}.id`),
    name: text(`${t}.name`),
    status: text(
      `CASE WHEN ${t}.leaked_at IS NOT NULL THEN 'REVOKED_LEAKED'
        WHEN ${t}.expires_at IS NOT NULL AND ${t}.expires_at <= @now THEN 'EXPIRED' ELSE ${t}.status END`,
    ),
    expiresAt: text(`${t}.expires_at`),
    roles: json(`${t}.roles`),
    maxRps: integer(`${t}.max_rps`),
    hint: text(`${t}.hint`),
    createdAt: text(`${t}.created_at`),
    createdBy: text(`${t}.created_by`),
    lastUsedAt: text(`${t}.last_used_at`),
    lastUsedFrom: text(`${t}.last_used_from`),
    replacedBy: text(`${t}.replaced_by`),
    leak: json(
      `CASE WHEN ${t}.leaked_at IS NOT NULL THEN ${jsonObject(dialect, {
        reportedAt: text(`${t}.leaked_at`),
        reportedBy: text(`${t}.leak_reported_by`),
        source: text(`${t}.leak_source`),
        url: text(`${t}.leak_url`),
      })} END`,
    ),
  });
}

/** The stored summary is exact while its next_expiry is still ahead (see STORED_TOKENS_JSON). */
export const FRESH_SUMMARY = '(m.next_expiry IS NULL OR m.next_expiry > @now)';
export const NEXT_EXPIRY_COLUMN = `CASE WHEN ${FRESH_SUMMARY} THEN m.next_expiry ELSE ${NEXT_EXPIRY_SQL} END`;
/** A rotated-out token leaves the count when its grace ends, which also moves next_expiry. */
export const TOKEN_COUNT_COLUMN = `CASE WHEN ${FRESH_SUMMARY} THEN m.token_count ELSE ${TOKEN_COUNT_SQL} END`;
export const CLEAR_TOKEN_LIST_SQL = 'DELETE FROM token_list WHERE member_id = @id';

/** The statements and columns that build JSON, for one dialect (json-sql.ts). */
export const summarySql = perDialect((d: Dialect) => {
  /** TokenMeta[] as JSON, in created_at, id order. */
  const TOKENS_JSON_SQL = `(SELECT ${jsonGroupArray(d, json(tokenMetaJson(d, 't')), 't.created_at, t.id')}
  FROM tokens t WHERE t.member_id = m.id AND ${listedToken('t')})`;
  const ROLES_JSON_SQL = `(SELECT ${jsonGroupArray(d, text('r.role'))} FROM member_roles r WHERE r.member_id = m.id)`;
  const GROUPS_JSON_SQL = `(SELECT ${jsonGroupArray(d, json(jsonArray(d, [text('g.id'), text('g.name')])), 'g.name')}
  FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.member_id = m.id)`;
  /**
   * Once next_expiry has passed, the stored summary is recomputed by the reader. While fresh, the
   * stored token list is the account's token_list rows (one TokenMeta JSON object per listed token,
   * keyed in list order), joined into the array text: one range of one index, no JSON parsing.
   */
  const STORED_TOKENS_JSON = `(SELECT '[' || coalesce(${stringAgg(d, 'l.meta', ',', 'l.created_at, l.token_id')}, '') || ']'
  FROM token_list l WHERE l.member_id = m.id)`;
  return {
    /** Recomputes an account's whole summary: its columns, then its token_list rows (see TokenSummary.recompute). */
    REFRESH_SUMMARY_SQL: `UPDATE members AS m SET
  token_count = ${TOKEN_COUNT_SQL},
  next_expiry = ${NEXT_EXPIRY_SQL},
  roles_json = ${ROLES_JSON_SQL},
  groups_json = ${GROUPS_JSON_SQL}
WHERE m.id = @id`,
    FILL_TOKEN_LIST_SQL: `INSERT INTO token_list (member_id, created_at, token_id, meta)
  SELECT t.member_id, t.created_at, t.id, ${tokenMetaJson(d, 't')} FROM tokens t WHERE t.member_id = @id AND ${listedToken('t')}`,
    TOKENS_JSON_SQL,
    TOKENS_JSON_COLUMN: `CASE WHEN ${FRESH_SUMMARY} THEN ${STORED_TOKENS_JSON} ELSE ${TOKENS_JSON_SQL} END`,
  };
});
