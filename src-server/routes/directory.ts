import { GroupListResponse, MemberListResponse } from '../../src-shared/api/directory.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import { requirePermission } from '../auth/caller.js';
import { defineRoute, type AnyRouteSpec } from '../http/route.js';
import type { Store } from '../store/store.js';
import { callerDomain, DomainParams } from './scope.js';

/** Groups and people of a domain, for the app's group and member pickers (member.read). */
export function directoryRoutes(store: Store): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/domains/{domain}/groups`,
      operationId: 'listGroups',
      summary: 'The groups of a domain, with how many people and service accounts each holds (member.read)',
      auth: true,
      params: DomainParams,
      response: { status: 200, name: 'GroupListResponse', schema: GroupListResponse, description: 'Every group.' },
      errors: [403, 404],
      handler: ({ params, caller }) => {
        requirePermission(caller, 'member.read');
        return { items: store.directory.groups(callerDomain(store, caller, params.domain).id) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/domains/{domain}/members`,
      operationId: 'listMembers',
      summary: 'The people of a domain, with roles and groups; service accounts are not listed (member.read)',
      auth: true,
      params: DomainParams,
      response: {
        status: 200,
        name: 'MemberListResponse',
        schema: MemberListResponse,
        description: 'Every human member.',
      },
      errors: [403, 404],
      handler: ({ params, caller }) => {
        requirePermission(caller, 'member.read');
        return { items: store.directory.humans(callerDomain(store, caller, params.domain).id) };
      },
    }),
  ];
}
