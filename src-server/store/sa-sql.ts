import type { SORT_KEYS } from '../../src-shared/api/service-accounts.js';
import { jsonQuote, jsonTextElements, perDialect, position } from '../db/json-sql.js';
import type { Dialect } from '../db/sql.js';
import type { MemberRow } from './members.js';
import {
  FRESH_SUMMARY,
  NEXT_EXPIRY_COLUMN,
  NEXT_EXPIRY_SQL,
  summarySql,
  TOKEN_COUNT_COLUMN,
  TOKEN_COUNT_SQL,
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

/** A page row: the account's JSON text and its seq (seq keys a changes walk's cursor). */
export interface ListItemRow {
  item: string;
  seq: number;
}

/**
 * A list page's row columns (ListItemRow); with tokens, the item gains them (null when hidden).
 *
 * The item is the account's ServiceAccount object as JSON text, as stored (members.list_item, see
 * schema-008) while the summary is fresh. Once its next_expiry has passed, tokenCount and nextExpiry
 * (the item's last two fields) are recomputed. `,"tokenCount":` marks where they start: inside a JSON
 * string a quote is escaped, so the text cannot occur earlier in the item.
 *
 * With include=tokens the account's TokenMeta array is added, only for accounts sharing one of
 * `@viewerGroups` (a JSON array of group ids); null for the others (the same-group rule).
 */
export const listItemColumns = perDialect((d: Dialect) => {
  const marker = `${position(d, 'm.list_item', `',"tokenCount":'`)} - 1`;
  // SQLite's substr(x, 1, -1) is '' where PostgreSQL refuses a negative length.
  const head = `substr(m.list_item, 1, ${d === 'sqlite' ? marker : `greatest(${marker}, 0)`})`;
  const item = `CASE WHEN ${FRESH_SUMMARY} THEN m.list_item ELSE
  ${head}
  || ',"tokenCount":' || ${TOKEN_COUNT_SQL} || ',"nextExpiry":' || ${jsonQuote(d, NEXT_EXPIRY_SQL)} || '}' END`;
  const visibleTokens = `CASE WHEN EXISTS (
    SELECT 1 FROM group_members v WHERE v.member_id = m.id AND v.group_id IN (${jsonTextElements(d, '@viewerGroups')})
  ) THEN ${summarySql(d).TOKENS_JSON_COLUMN} END`;
  const withTokens = `rtrim(${item}, '}') || ',"tokens":' || coalesce(${visibleTokens}, 'null') || '}'`;
  return { plain: `${item} AS item, m.seq`, withTokens: `${withTokens} AS item, m.seq` };
});
