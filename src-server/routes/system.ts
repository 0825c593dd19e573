import { Me } from '../../src-shared/api/models.js';
import { BUILT_IN_ROLES } from '../../src-shared/roles.js';
import type { Caller } from '../auth/caller.js';
import { RawJson, type HandlerModule } from '../http/route.js';
import { isoOf } from '../store/time.js';
import type { Clock } from '../store/time.js';

/** Health, readiness, the caller, the roles and the OpenAPI document. */
export function systemHandlers(deps: {
  now: Clock;
  version: string;
  openapi: () => Record<string, unknown>;
  /** Resolves when the database answers; throws readyz's 503 otherwise (cluster/readiness.ts). */
  ready: () => Promise<void>;
}) {
  return {
    getHealth: {
      handler: () => ({ status: 'ok' as const, version: deps.version, time: isoOf(deps.now()) }),
    },
    getReady: {
      handler: async () => {
        await deps.ready();
        return { status: 'ready' as const };
      },
    },
    getMe: { handler: ({ caller }) => meBody(caller) },
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

/**
 * The /me answer of each Caller, checked and serialised once. The authenticator builds a new Caller
 * whenever the authorization version moves (any role, group, enabled or token change) and shares one
 * Caller between a token's requests until then, so an answer kept by its Caller is never older than
 * what authorizes the request it answers; it goes when the Caller does.
 */
const meBodies = new WeakMap<Caller, RawJson>();

function meBody(caller: Caller): RawJson {
  let body = meBodies.get(caller);
  if (!body) {
    const me = Me.parse({
      id: caller.memberId,
      name: caller.memberName,
      type: caller.type,
      domain: caller.domainName,
      roles: caller.roles,
      groups: caller.groups.map((g) => g.name),
      permissions: caller.effective,
      tokenId: caller.tokenId,
    });
    body = new RawJson(JSON.stringify(me));
    meBodies.set(caller, body);
  }
  return body;
}
