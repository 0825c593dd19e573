import { z } from 'zod';
import { Health, Me, Ready } from '../models.js';
import { API_PREFIX, type RouteContract } from '../route-contract.js';
import { RoleListResponse } from '../service-accounts.js';

/** The OpenAPI document is any JSON object; its own structure is OpenAPI's, not ours. */
const OpenApiDocument = z.record(z.string(), z.unknown());

/** Health, the caller, the roles and this API's own description. */
export const systemRoutes = {
  getHealth: {
    method: 'GET',
    path: `${API_PREFIX}/healthz`,
    summary: 'Server health and version (no token needed)',
    access: 'public',
    response: { status: 200, name: 'Health', schema: Health, description: 'The server is up.' },
  },
  getReady: {
    method: 'GET',
    path: `${API_PREFIX}/readyz`,
    summary: 'Whether this instance can reach its database (no token needed)',
    description:
      'For load balancers: 200 when a trivial query answers within 2 seconds, else 503 not_ready with Retry-After. ' +
      'healthz says the process is up; readyz says it can serve.',
    access: 'public',
    response: { status: 200, name: 'Ready', schema: Ready, description: 'This instance reaches its database.' },
  },
  getMe: {
    method: 'GET',
    path: `${API_PREFIX}/me`,
    summary: 'The member the token belongs to, with roles, groups and permissions',
    access: 'authenticated',
    response: { status: 200, name: 'Me', schema: Me, description: 'The caller.' },
  },
  listRoles: {
    method: 'GET',
    path: `${API_PREFIX}/roles`,
    summary: 'The built-in roles and the permissions each grants',
    access: 'authenticated',
    response: { status: 200, name: 'RoleListResponse', schema: RoleListResponse, description: 'All roles.' },
  },
  getOpenApi: {
    method: 'GET',
    path: `${API_PREFIX}/openapi.json`,
    summary: 'This API as an OpenAPI 3.1 document, generated from the same zod schemas the app uses',
    access: 'public',
    response: { status: 200, name: 'OpenApiDocument', schema: OpenApiDocument, description: 'The document.' },
  },
} as const satisfies Record<string, RouteContract>;
