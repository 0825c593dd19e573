import { AuditPage, AuditQuery } from '../../src-shared/api/directory.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import { auditPage, type AuditViewer } from '../audit/audit-query.js';
import { requirePermission, type Caller } from '../auth/caller.js';
import { defineRoute, type AnyRouteSpec } from '../http/route.js';
import type { Store } from '../store/store.js';
import { callerDomain, DomainParams } from './scope.js';

/** Outside the Admin role, the trail is narrowed to what the same-group rule lets the caller see. */
function viewerOf(caller: Caller): AuditViewer | undefined {
  if (caller.roles.includes('Admin')) return undefined;
  return { memberId: caller.memberId, groupIds: [...caller.groupIds] };
}

/** The domain's audit trail (audit.read): who changed what, newest first, never a secret. */
export function auditRoutes(store: Store): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/domains/{domain}/audit`,
      operationId: 'listAuditEvents',
      summary: 'The audit trail of a domain, newest first, filtered by actor, resource type or action (audit.read)',
      description:
        'Pages follow `nextCursor` until it is null; a cursor is only valid with the same filters. Outside the ' +
        'Admin role, events about a service account or its tokens are listed only when the caller shares a group ' +
        'with the account, personal-token events only for the caller’s own tokens, and the caller’s own events always.',
      auth: true,
      params: DomainParams,
      query: AuditQuery,
      response: { status: 200, name: 'AuditPage', schema: AuditPage, description: 'One page of audit events.' },
      errors: [400, 403, 404],
      authorize: ({ caller }) => requirePermission(caller, 'audit.read'),
      handler: ({ params, query, caller }) =>
        auditPage(store.db, callerDomain(store, caller, params.domain).id, query, viewerOf(caller)),
    }),
  ];
}
