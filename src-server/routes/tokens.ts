import { API_PREFIX } from '../../src-shared/api/paths.js';
import { TokenListResponse } from '../../src-shared/api/service-accounts.js';
import { canManageTokens } from '../../src-shared/authz.js';
import { actorOf, enforce, enforcePermission, requireRole, type Caller } from '../auth/caller.js';
import { defineRoute, type AnyRouteSpec } from '../http/route.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { tokenMetaOf } from '../store/tokens.js';
import { AccountParams, accountNotFound, callerDomain, DomainAccountParams } from './scope.js';

const RESPONSE = {
  status: 200,
  name: 'TokenListResponse',
  schema: TokenListResponse,
  description: 'Token metadata; secrets are never returned here.',
} as const;

/**
 * Token endpoints at the two levels of seed 002: domain level needs access_token.manage, admin level
 * the Admin role, and both need a group shared with the service account.
 */
export function tokenRoutes(store: Store): AnyRouteSpec[] {
  const listFor = (caller: Caller, domain: DomainRow, id: string): TokenListResponse => {
    const view = store.serviceAccounts.get(domain.id, id);
    if (!view) throw accountNotFound(id, domain.name);
    // The shared rule the app checks ahead of time: access_token.manage (or Admin) and a shared group.
    enforce(canManageTokens(actorOf(caller), view.account));
    const now = isoOf(store.now());
    return { items: store.tokens.listLive(id).map((t) => tokenMetaOf(t, now)) };
  };

  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/domains/{domain}/auth/service-accounts/{id}/tokens`,
      operationId: 'listServiceAccountTokens',
      summary: 'List a service account’s tokens (domain level: access_token.manage and a shared group)',
      auth: true,
      params: DomainAccountParams,
      response: RESPONSE,
      errors: [403, 404],
      handler: ({ params, caller }) => {
        enforcePermission(caller, canManageTokens);
        return listFor(caller, callerDomain(store, caller, params.domain), params.id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/auth/service-accounts/{id}/tokens`,
      operationId: 'adminListServiceAccountTokens',
      summary: 'List a service account’s tokens (admin level: Admin role and a shared group)',
      auth: true,
      params: AccountParams,
      response: RESPONSE,
      errors: [403, 404],
      handler: ({ params, caller }) => {
        requireRole(caller, 'Admin');
        const domain = store.domains.byId(caller.domainId);
        if (!domain) throw accountNotFound(params.id, caller.domainName);
        return listFor(caller, domain, params.id);
      },
    }),
  ];
}
