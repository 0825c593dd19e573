import type { TokenPolicyResponse } from '../../src-shared/api/token-policy.js';
import type { TokenPolicy } from '../../src-shared/token-policy.js';
import { recordChange } from '../audit/record-change.js';
import type { HandlerModule } from '../http/route.js';
import { policyViolations } from '../policy/violations.js';
import type { Store } from '../store/store.js';
import { callerDomain } from './scope.js';

/** A domain's token policy: read by whoever sees service accounts, set by Admins, audited. */
export function tokenPolicyHandlers(store: Store) {
  const answer = async (domainId: string): Promise<TokenPolicyResponse> => ({
    ...(await store.policies.get(domainId)),
    autoSuspend: await store.policies.autoSuspendState(domainId),
  });
  return {
    getTokenPolicy: {
      handler: async ({ caller, params }) => answer((await callerDomain(store, caller, params.domain)).id),
    },
    putTokenPolicy: {
      handler: async ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          const before = await store.policies.get(domain.id);
          await store.policies.set(domain.id, body, caller.memberName);
          await recordChange<TokenPolicy>(store, caller, request, {
            audited: {
              resourceType: 'token_policy',
              domainId: domain.id,
              identify: () => ({ resourceId: domain.id, resourceName: domain.name, subjectId: null }),
              fields: (policy) => ({ ...policy }),
            },
            verb: 'update',
            before: before.policy,
            after: body,
          });
          return answer(domain.id);
        }),
    },
    listPolicyViolations: {
      handler: async ({ caller, params }) => {
        const domain = await callerDomain(store, caller, params.domain);
        const { policy } = await store.policies.get(domain.id);
        return { items: await policyViolations(store, caller, domain.id, policy) };
      },
    },
  } satisfies HandlerModule;
}
