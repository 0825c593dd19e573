import type { SORT_KEYS } from '../../src-shared/api/service-accounts.js';
import type { MemberRow } from './members.js';
import {
  FRESH_SUMMARY,
  NEXT_EXPIRY_COLUMN,
  NEXT_EXPIRY_SQL,
  TOKEN_COUNT_COLUMN,
  TOKEN_COUNT_SQL,
  TOKENS_JSON_COLUMN,
} from './summary-sql.js';

export type SortKey = (typeof SORT_KEYS)[number];

export const SORTS: Record<SortKey, { column: string; desc: boolean }> = {
  name: { column: 'm.name', desc: false },
  '-name': { column: 'm.name', desc: true },
  createdAt: { column: 'm.created_at', desc: false },
  '-createdAt': { column: 'm.created_at', desc: true },
  updatedAt: { column: 'm.updated_at', desc: false },
  '-updatedAt': { column: 'm.updated_at', desc: true },
};

/** A single account's row: a member row without what every service account shares (its domain, its type). */
export type AccountRow = Omit<MemberRow, 'domain_id' | 'type'>;

/**
 * A page row: the account and its stored summary (see the members table), so a 1,000-account page is
 * one indexed scan rather than thousands of subqueries.
 */
export const ACCOUNT_COLUMNS = `m.id, m.name, m.description, m.enabled, m.basic_auth_enabled, m.created_by, m.created_at,
  m.updated_by, m.updated_at, m.seq, ${TOKEN_COUNT_COLUMN} AS token_count, ${NEXT_EXPIRY_COLUMN} AS next_expiry,
  m.roles_json, m.groups_json,
  m.grants, m.denies`;

/**
 * With include=tokens: the account's TokenMeta array as JSON, only for accounts sharing one of
 * `@viewerGroups` (a JSON array of group ids); null for the others (the same-group rule).
 */
export const VISIBLE_TOKENS_COLUMN = `CASE WHEN EXISTS (
    SELECT 1 FROM group_members v WHERE v.member_id = m.id AND v.group_id IN (SELECT value FROM json_each(@viewerGroups))
  ) THEN ${TOKENS_JSON_COLUMN} END`;

/**
 * A list page row: the account's ServiceAccount object as JSON text, as stored (members.list_item, see
 * schema-008) while the summary is fresh. Once its next_expiry has passed, tokenCount and nextExpiry
 * (the item's last two fields) are recomputed. `,"tokenCount":` marks where they start: inside a JSON
 * string a quote is escaped, so the text cannot occur earlier in the item.
 */
export const LIST_ITEM_COLUMN = `CASE WHEN ${FRESH_SUMMARY} THEN m.list_item ELSE
  substr(m.list_item, 1, instr(m.list_item, ',"tokenCount":') - 1)
  || ',"tokenCount":' || ${TOKEN_COUNT_SQL} || ',"nextExpiry":' || json_quote(${NEXT_EXPIRY_SQL}) || '}' END`;

/** A page row: the account's JSON text and its seq (seq keys a changes walk's cursor). */
export interface ListItemRow {
  item: string;
  seq: number;
}

/** A list page's row columns (ListItemRow); with tokens, the item gains them (null when hidden). */
export function listItemColumns(withTokens: boolean): string {
  const item = withTokens
    ? `rtrim(${LIST_ITEM_COLUMN}, '}') || ',"tokens":' || coalesce(${VISIBLE_TOKENS_COLUMN}, 'null') || '}'`
    : LIST_ITEM_COLUMN;
  return `${item} AS item, m.seq`;
}
