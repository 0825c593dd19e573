import { auditPage, type AuditViewer } from '../audit/audit-query.js';
import type { Caller } from '../auth/caller.js';
import type { HandlerModule } from '../http/route.js';
import type { Store } from '../store/store.js';
import { callerDomain } from './scope.js';

/** Outside the Admin role, the trail is narrowed to what the same-group rule lets the caller see. */
function viewerOf(caller: Caller): AuditViewer | undefined {
  if (caller.roles.includes('Admin')) return undefined;
  return { memberId: caller.memberId, groupIds: [...caller.groupIds] };
}

/** The domain's audit trail: who changed what, newest first, never a secret. */
export function auditHandlers(store: Store) {
  return {
    listAuditEvents: {
      handler: async ({ params, query, caller }) =>
        auditPage(store.sql, (await callerDomain(store, caller, params.domain)).id, query, viewerOf(caller)),
    },
  } satisfies HandlerModule;
}
