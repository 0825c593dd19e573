import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import type { Store } from '../store/store.js';

/** How one kind of resource is written in the audit trail. */
export interface Audited<T> {
  /** e.g. `service_account`; the action is written `<resourceType>.<verb>`. */
  resourceType: string;
  /** Its id and name, and the member the change is about (see AuditEntry.subjectId; null for a group). */
  identify(value: T): { resourceId: string; resourceName: string; subjectId: string | null };
  /** What the trail keeps of it before and after a change. */
  fields(value: T): Record<string, unknown>;
  /** Defaults to the caller's domain. */
  domainId?: string;
}

/**
 * Writes the audit row for one change to a resource made by `caller`: `before` is null for a create,
 * `after` null for a delete. The actor and address come from the request. Call it inside the change's
 * transaction, so the change and its row commit together.
 */
export function recordChange<T>(
  store: Store,
  caller: Caller,
  request: FastifyRequest,
  change: { audited: Audited<T>; verb: string; before: T | null; after: T | null },
): Promise<void> {
  const { audited, verb, before, after } = change;
  return store.audit.record({
    domainId: audited.domainId ?? caller.domainId,
    actorId: caller.memberId,
    actorName: caller.memberName,
    action: `${audited.resourceType}.${verb}`,
    resourceType: audited.resourceType,
    ...audited.identify((after ?? before)!),
    before: before && audited.fields(before),
    after: after && audited.fields(after),
    clientAddress: request.ip,
  });
}
