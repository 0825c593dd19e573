import { z } from 'zod';
import {
  errorStatusesOf,
  needsToken,
  NoInput,
  type HeaderDoc,
  type RouteContract,
} from '../../src-shared/api/route-contract.js';
import type { Access } from '../../src-shared/authz.js';
import { ErrorBody } from '../../src-shared/errors.js';

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid (validation_failed, invalid_json, unknown_fields, name_immutable, duplicate_authorization: more than one Authorization header).',
  401: 'No usable token (token_missing, token_malformed, token_checksum_invalid, token_unknown, token_expired, …).',
  403: 'The caller may not do this (forbidden, not_same_group).',
  404: 'No such resource (not_found).',
  409: 'Conflict (name_taken, conflict, idempotent_replay: the Idempotency-Key was used already; details.token holds the token made then, never its secret).',
  413: 'The body is too large (payload_too_large).',
  415: 'The body is not JSON (unsupported_media_type).',
  422: 'Well-formed but refers to something that does not exist or cannot be (unprocessable).',
  429: 'Over the token’s requests-per-second cap, or too many refused requests with a token this server refuses (rate_limited); wait Retry-After seconds.',
  500: 'A fault on the server (internal); details.errorId names the line it wrote to its error log.',
};

/**
 * Answers any request can get before or outside its route: the header section over 16 KB (431), a
 * request that did not arrive in time (408), the server shutting down (503, with Retry-After).
 */
const ANY_REQUEST_STATUSES: Record<number, string> = {
  408: 'The request did not arrive in full within the server’s time limit (request_timeout); the connection is closed.',
  431: 'The request headers are over 16 KB (headers_too_large).',
  503: 'The server is shutting down (unavailable), or (readyz) cannot reach its database (not_ready); details.errorId as for 500. Try again after Retry-After.',
};

/** Headers every answer with this status carries. */
const ERROR_HEADERS: Record<number, Record<string, JsonSchema>> = {
  401: {
    'WWW-Authenticate': { description: 'The scheme to use: Bearer.', schema: { type: 'string' } },
  },
  429: {
    'Retry-After': {
      description: 'Whole seconds (at least 1) until the token may make another request.',
      schema: { type: 'integer', minimum: 1 },
    },
  },
  503: {
    'Retry-After': {
      description: 'Whole seconds to wait before trying again.',
      schema: { type: 'integer', minimum: 1 },
    },
  },
};

function headerObjects(headers: readonly HeaderDoc[]): Record<string, JsonSchema> {
  return Object.fromEntries(
    headers.map((h) => [h.name, { description: h.description, schema: h.schema ?? { type: 'string' } }]),
  );
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** Path or query parameters, one entry per property of the object schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema || schema === NoInput) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * Who may call a route, as the contract declares it (`x-access`): `public`, `authenticated`, `person`, or
 * the permission or role it needs and whether the caller must share a group with the account.
 */
function accessDoc(access: Access): JsonSchema | string {
  if (typeof access === 'string') return access;
  const sameGroup = access.sameGroup !== undefined;
  if ('role' in access) return { role: access.role, sameGroup };
  return { permission: access.permission, ...(access.orRole ? { orRole: access.orRole } : {}), sameGroup };
}

/**
 * An OpenAPI 3.1 document built from the REST contract (src-shared/api/contract.ts): each route's
 * operationId, path, schemas, statuses and headers as the table has them.
 */
export function buildOpenApi(contract: Readonly<Record<string, RouteContract>>, version: string): JsonSchema {
  const schemas: Record<string, JsonSchema> = { ErrorBody: jsonSchema(ErrorBody, 'output') };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorRef = { $ref: '#/components/schemas/ErrorBody' };

  for (const [operationId, route] of Object.entries(contract)) {
    const auth = needsToken(route);
    const noContent = route.response.status === 204;
    if (!noContent) schemas[route.response.name] ??= jsonSchema(route.response.schema, 'output');
    const successHeaders = route.responseHeaders?.length ? { headers: headerObjects(route.responseHeaders) } : {};
    const responses: Record<string, JsonSchema> = {
      [String(route.response.status)]: noContent
        ? { description: route.response.description, ...successHeaders }
        : {
            description: route.response.description,
            ...successHeaders,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.response.name}` } } },
          },
    };
    const bodyErrors = route.body ? [413, 415] : [];
    // Any authenticated request can meet its token's max RPS.
    const statuses = new Set([
      ...errorStatusesOf(route),
      ...bodyErrors,
      ...(auth ? [401, 429] : []),
      500,
      ...Object.keys(ANY_REQUEST_STATUSES).map(Number),
    ]);
    for (const status of [...statuses].sort()) {
      const headers = ERROR_HEADERS[status];
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status] ?? ANY_REQUEST_STATUSES[status] ?? 'Error.',
        ...(headers ? { headers } : {}),
        content: { 'application/json': { schema: errorRef } },
      };
    }
    responses.default = { description: 'Any other error.', content: { 'application/json': { schema: errorRef } } };

    const operation: JsonSchema = {
      operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.deprecated ? { deprecated: true } : {}),
      security: auth ? [{ bearer: [] }, { basic: [] }] : [],
      'x-access': accessDoc(route.access),
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...(route.headers ?? []).map((h) => ({
          name: h.name,
          in: 'header',
          required: h.required ?? false,
          description: h.description,
          schema: h.schema ?? { type: 'string' },
        })),
      ],
      responses,
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'TokenDesk API',
      version,
      description: 'Service accounts and their API tokens. Every error has the ErrorBody shape.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A TokenDesk token (tdk_sa_… or tdk_pt_…).' },
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'Service accounts with Basic Auth enabled: token name or id as user, secret as password.',
        },
      },
    },
  };
}
