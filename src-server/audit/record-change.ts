import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import type { Store } from '../store/store.js';

/** One change to one resource, as a route sees it; the actor and address come from the request. */
export interface Change {
  /** e.g. `service_account`; the action is written `<resourceType>.<verb>`. */
  resourceType: string;
  verb: string;
  resourceId: string;
  resourceName: string;
  /** The member the change is about (see AuditEntry.subjectId); null for a group. */
  subjectId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Defaults to the caller's domain. */
  domainId?: string;
}

/** Writes the audit row for a change made by `caller`; call it inside the change's transaction. */
export function recordChange(store: Store, caller: Caller, request: FastifyRequest, change: Change): void {
  store.audit.record({
    domainId: change.domainId ?? caller.domainId,
    actorId: caller.memberId,
    actorName: caller.memberName,
    action: `${change.resourceType}.${change.verb}`,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    resourceName: change.resourceName,
    subjectId: change.subjectId,
    before: change.before,
    after: change.after,
    clientAddress: request.ip,
  });
}
