import { ACCESS } from '../../authz.js';
import { TokenPolicy } from '../../token-policy.js';
import { DomainParams } from '../params.js';
import { API_PREFIX, type RouteContract } from '../route-contract.js';
import { PolicyViolationList, TokenPolicyResponse } from '../token-policy.js';

const POLICY = {
  status: 200,
  name: 'TokenPolicyResponse',
  schema: TokenPolicyResponse,
  description: 'The policy in force, who set it and when, and what auto-suspend last did.',
} as const;

/** A domain's token policy and the tokens that break it. */
export const tokenPolicyRoutes = {
  getTokenPolicy: {
    method: 'GET',
    path: `${API_PREFIX}/domains/{domain}/token-policy`,
    summary: 'The domain’s token policy and the state of auto-suspend (service_account.read)',
    description:
      'A domain that never set one has the default: no lifetime caps, no count cap, no auto-suspend, and ' +
      'tokens that never expire allowed for every role but Admin.',
    access: ACCESS.readTokenPolicy,
    params: DomainParams,
    response: POLICY,
  },
  putTokenPolicy: {
    method: 'PUT',
    path: `${API_PREFIX}/domains/{domain}/token-policy`,
    summary: 'Replace the domain’s token policy (the Admin role)',
    description:
      'The whole document, every field. Existing tokens are never changed by it: those that break the new ' +
      'policy are listed by `…/token-policy/violations`. Create, rotate, reactivate and expiry changes are ' +
      'checked against it (422 policy_violation). Audited as `token_policy.update`.',
    access: ACCESS.setTokenPolicy,
    params: DomainParams,
    body: TokenPolicy,
    response: POLICY,
  },
  listPolicyViolations: {
    method: 'GET',
    path: `${API_PREFIX}/domains/{domain}/token-policy/violations`,
    summary: 'Tokens and accounts that break the policy in force (service_account.read)',
    description:
      'Outside the Admin role, only service accounts the caller shares a group with; Admins also see ' +
      'people’s personal tokens. The lifetime rule counts the days a token still has from now.',
    access: ACCESS.readTokenPolicy,
    params: DomainParams,
    response: {
      status: 200,
      name: 'PolicyViolationList',
      schema: PolicyViolationList,
      description: 'Every breach, by account then token.',
    },
  },
} as const satisfies Record<string, RouteContract>;
