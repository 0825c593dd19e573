import type { SORT_KEYS } from '../../src-shared/api/service-accounts.js';
import { NEXT_EXPIRY_COLUMN, TOKEN_COUNT_COLUMN, TOKENS_JSON_COLUMN } from './summary-sql.js';

export type SortKey = (typeof SORT_KEYS)[number];

export const SORTS: Record<SortKey, { column: string; desc: boolean }> = {
  name: { column: 'm.name', desc: false },
  '-name': { column: 'm.name', desc: true },
  createdAt: { column: 'm.created_at', desc: false },
  '-createdAt': { column: 'm.created_at', desc: true },
  updatedAt: { column: 'm.updated_at', desc: false },
  '-updatedAt': { column: 'm.updated_at', desc: true },
};

/** A page row, fetched as an array (cheaper than an object per row on 1,000-row pages). */
export type AccountRow = [
  id: string,
  name: string,
  description: string,
  enabled: 0 | 1,
  basicAuthEnabled: 0 | 1,
  createdBy: string,
  createdAt: string,
  updatedBy: string,
  updatedAt: string,
  seq: number,
  tokenCount: number,
  nextExpiry: string | null,
  /** JSON array of role names. */
  roles: string,
  /** JSON array of [groupId, groupName], ordered by name. */
  groups: string,
  /** With include=tokens: JSON array of TokenMeta, or null when the caller may not see them. */
  tokens?: string | null,
];

/**
 * A page row: the account and its stored summary (see the members table), so a 1,000-account page is
 * one indexed scan rather than thousands of subqueries.
 */
export const ACCOUNT_COLUMNS = `m.id, m.name, m.description, m.enabled, m.basic_auth_enabled, m.created_by, m.created_at,
  m.updated_by, m.updated_at, m.seq, ${TOKEN_COUNT_COLUMN}, ${NEXT_EXPIRY_COLUMN}, m.roles_json, m.groups_json`;

/**
 * With include=tokens: the account's TokenMeta array as JSON, only for accounts sharing one of
 * `@viewerGroups` (a JSON array of group ids); null for the others (the same-group rule).
 */
export const VISIBLE_TOKENS_COLUMN = `CASE WHEN EXISTS (
    SELECT 1 FROM group_members v WHERE v.member_id = m.id AND v.group_id IN (SELECT value FROM json_each(@viewerGroups))
  ) THEN ${TOKENS_JSON_COLUMN} END`;

/**
 * A list page row: the account's ServiceAccount object as JSON text, built by SQLite from its stored
 * list_head (see schema-008) and the summary's count and next expiry (which the clock can move), so a
 * page reads one string per account. The object is left open: the caller closes it, or adds tokens.
 */
export const LIST_ITEM_OPEN = `m.list_head || ',"tokenCount":' || (${TOKEN_COUNT_COLUMN})
  || ',"nextExpiry":' || json_quote(${NEXT_EXPIRY_COLUMN})`;

/** A page row as [the account's JSON text, its seq] (seq keys a changes walk's cursor). */
export type ListItemRow = [item: string, seq: number];

/** A list page's row columns: ListItemRow, with the tokens embedded (or null, when hidden) if asked. */
export function listItemColumns(withTokens: boolean): string {
  const close = withTokens ? `',"tokens":' || coalesce(${VISIBLE_TOKENS_COLUMN}, 'null') || '}'` : `'}'`;
  return `${LIST_ITEM_OPEN} || ${close}, m.seq`;
}
