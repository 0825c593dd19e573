import { BUILT_IN_ROLES } from '../../src-shared/roles.js';
import type { HandlerModule } from '../http/route.js';
import { isoOf } from '../store/time.js';
import type { Clock } from '../store/time.js';

/** Health, the caller, the roles and the OpenAPI document. */
export function systemHandlers(deps: { now: Clock; version: string; openapi: () => Record<string, unknown> }) {
  return {
    getHealth: {
      handler: () => ({ status: 'ok' as const, version: deps.version, time: isoOf(deps.now()) }),
    },
    getMe: {
      handler: ({ caller }) => ({
        id: caller.memberId,
        name: caller.memberName,
        type: caller.type,
        domain: caller.domainName,
        roles: caller.roles,
        groups: caller.groups.map((g) => g.name),
        permissions: caller.permissions,
        tokenId: caller.tokenId,
      }),
    },
    listRoles: {
      handler: () => ({
        items: BUILT_IN_ROLES.map((r) => ({
          name: r.name,
          description: r.description,
          permissions: [...r.permissions],
        })),
      }),
    },
    getOpenApi: { handler: () => deps.openapi() },
  } satisfies HandlerModule;
}
