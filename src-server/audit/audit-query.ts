import type { AuditEvent, AuditPage } from '../../src-shared/api/directory.js';
import { jsonTextElements, perDialect } from '../db/json-sql.js';
import { named } from '../db/named.js';
import type { Sql } from '../db/sql.js';
import { decodePageCursor, encodePageCursor, filtersFingerprint } from '../store/page-cursor.js';

export interface AuditFilter {
  actor?: string | undefined;
  resourceType?: string | undefined;
  action?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Who is reading, for callers outside the Admin role: their member id and their groups' ids now.
 * Undefined for an Admin, who sees the whole trail.
 */
export interface AuditViewer {
  memberId: string;
  groupIds: readonly string[];
}

/**
 * What a non-Admin reader may see: events they made themselves; events about a service account or its
 * tokens when they share a group with that account now (the same-group rule, so the trail shows no
 * more than the token list does); personal-token events of their own tokens only; and the rest
 * (members, groups), which member.read shows anyway. In SQL, so keyset pages stay full.
 */
const visibleToViewer = perDialect(
  (d) => `(actor_id = @viewer
  OR target_type NOT IN ('service_account', 'token', 'personal_token')
  OR (target_type = 'personal_token' AND subject_id = @viewer)
  OR (target_type IN ('service_account', 'token') AND EXISTS (
    SELECT 1 FROM group_members gm
    WHERE gm.member_id = audit_events.subject_id AND gm.group_id IN (${jsonTextElements(d, '@viewerGroups')}))))`,
);

interface Row {
  id: number;
  at: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target_name: string | null;
  details: string;
}

type Args = Record<string, string | number>;

/**
 * One newest-first page of a domain's audit trail, keyset-paged on (at, id) along
 * audit_events_by_time; filters are exact matches on the actor's name, resource type and action, and
 * `viewer` narrows it to what a non-Admin caller may see.
 */
export async function auditPage(
  sql: Sql,
  domainId: string,
  filter: AuditFilter,
  viewer?: AuditViewer,
): Promise<AuditPage> {
  const f = filtersFingerprint({ d: domainId, a: filter.actor, r: filter.resourceType, x: filter.action });
  const where = ['domain_id = @domain'];
  const args: Args = { domain: domainId, limit: filter.limit + 1 };
  if (filter.actor !== undefined) {
    where.push('actor_name = @actor');
    args.actor = filter.actor;
  }
  if (filter.resourceType !== undefined) {
    where.push('target_type = @type');
    args.type = filter.resourceType;
  }
  if (filter.action !== undefined) {
    where.push('action = @action');
    args.action = filter.action;
  }
  if (viewer) {
    where.push(visibleToViewer(sql.dialect));
    args.viewer = viewer.memberId;
    args.viewerGroups = JSON.stringify(viewer.groupIds);
  }
  if (filter.cursor !== undefined) {
    const after = decodePageCursor(filter.cursor, f);
    where.push('(at < @at OR (at = @at AND id < @id))');
    args.at = after.at;
    args.id = after.id;
  }
  const text = `SELECT id, at, actor_name, action, target_type, target_id, target_name, details FROM audit_events
    WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT @limit`;
  const rows = await sql.all<Row>(...named(text, args));
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((row): AuditEvent => {
      const details = JSON.parse(row.details) as { before?: unknown; after?: unknown };
      return {
        id: String(row.id),
        at: row.at,
        actor: row.actor_name,
        action: row.action,
        resourceType: row.target_type,
        resourceId: row.target_id ?? '',
        resourceName: row.target_name ?? '',
        before: (details.before ?? null) as AuditEvent['before'],
        after: (details.after ?? null) as AuditEvent['after'],
      };
    }),
    nextCursor: more && last ? encodePageCursor(last.at, last.id, f) : null,
  };
}
