import type { SORT_KEYS } from '../../src-shared/api/service-accounts.js';
import { LIVE_TOKEN } from './tokens.js';

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
 * Accounts with their token count, next expiry, roles and groups in one statement: the correlated
 * subqueries are index lookups per row, and the aggregates come back as short JSON texts.
 * `@now` is the current time as ISO text; `t.expires_at > @now` compares instants.
 */
export const ACCOUNT_COLUMNS = `m.id, m.name, m.description, m.enabled, m.basic_auth_enabled, m.created_by, m.created_at,
  m.updated_by, m.updated_at, m.seq,
  (SELECT count(*) FROM tokens t WHERE t.member_id = m.id AND t.${LIVE_TOKEN}),
  (SELECT min(t.expires_at) FROM tokens t WHERE t.member_id = m.id AND t.${LIVE_TOKEN} AND t.expires_at > @now),
  (SELECT json_group_array(r.role) FROM member_roles r WHERE r.member_id = m.id),
  (SELECT json_group_array(json_array(g.id, g.name) ORDER BY g.name)
     FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.member_id = m.id)`;

/**
 * The account's live tokens as a JSON array of TokenMeta, built by SQLite: on a 1,000-account page
 * this avoids turning 5,000 rows into JavaScript objects only to serialise them again. The keys are
 * exactly TokenMeta's; EXPIRED is derived here as everywhere else. Roles are stored sorted.
 * Only for accounts sharing one of `@viewerGroups` (a JSON array of group ids); others get null.
 */
export const TOKENS_JSON_COLUMN = `CASE WHEN EXISTS (
    SELECT 1 FROM group_members v WHERE v.member_id = m.id AND v.group_id IN (SELECT value FROM json_each(@viewerGroups))
  ) THEN (
    SELECT json_group_array(json_object(
      'id', t.id, 'name', t.name,
      'status', CASE WHEN t.expires_at IS NOT NULL AND t.expires_at <= @now THEN 'EXPIRED' ELSE t.status END,
      'expiresAt', t.expires_at, 'roles', json(t.roles), 'maxRps', t.max_rps, 'hint', t.hint,
      'createdAt', t.created_at, 'createdBy', t.created_by, 'lastUsedAt', t.last_used_at,
      'lastUsedFrom', t.last_used_from) ORDER BY t.created_at, t.id)
    FROM tokens t WHERE t.member_id = m.id AND t.${LIVE_TOKEN}
  ) END`;
