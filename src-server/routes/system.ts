import { z } from 'zod';
import { Health, Me } from '../../src-shared/api/models.js';
import { RoleListResponse } from '../../src-shared/api/service-accounts.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import { BUILT_IN_ROLES } from '../../src-shared/roles.js';
import { defineRoute, type AnyRouteSpec } from '../http/route.js';
import { isoOf } from '../store/time.js';
import type { Clock } from '../store/time.js';

/** The OpenAPI document is any JSON object; its own structure is OpenAPI's, not ours. */
const OpenApiDocument = z.record(z.string(), z.unknown());

export function systemRoutes(deps: {
  now: Clock;
  version: string;
  openapi: () => Record<string, unknown>;
}): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/healthz`,
      operationId: 'getHealth',
      summary: 'Server health and version (no token needed)',
      auth: false,
      response: { status: 200, name: 'Health', schema: Health, description: 'The server is up.' },
      errors: [],
      handler: () => ({ status: 'ok' as const, version: deps.version, time: isoOf(deps.now()) }),
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/me`,
      operationId: 'getMe',
      summary: 'The member the token belongs to, with roles, groups and permissions',
      auth: true,
      response: { status: 200, name: 'Me', schema: Me, description: 'The caller.' },
      errors: [],
      handler: ({ caller }) => ({
        id: caller.memberId,
        name: caller.memberName,
        type: caller.type,
        domain: caller.domainName,
        roles: caller.roles,
        groups: caller.groups.map((g) => g.name),
        permissions: caller.permissions,
      }),
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/roles`,
      operationId: 'listRoles',
      summary: 'The built-in roles and the permissions each grants',
      auth: true,
      response: { status: 200, name: 'RoleListResponse', schema: RoleListResponse, description: 'All roles.' },
      errors: [],
      handler: () => ({
        items: BUILT_IN_ROLES.map((r) => ({
          name: r.name,
          description: r.description,
          permissions: [...r.permissions],
        })),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/openapi.json`,
      operationId: 'getOpenApi',
      summary: 'This API as an OpenAPI 3.1 document, generated from the same zod schemas the app uses',
      auth: false,
      response: { status: 200, name: 'OpenApiDocument', schema: OpenApiDocument, description: 'The document.' },
      errors: [],
      handler: () => deps.openapi(),
    }),
  ];
}
