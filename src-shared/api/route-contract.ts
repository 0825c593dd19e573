import { z } from 'zod';
import type { Access } from '../authz.js';

/** Every path of the REST API starts here. */
export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Routes without parameters or query still reject unknown query keys. */
export const NoInput = z.object({}).strict();

/** The response schema of a 204 route: nothing is sent. */
export const NoContent = z.void();

/** The answer of every DELETE: 204, nothing sent. */
export const DELETED = { status: 204, name: 'NoContent', schema: NoContent, description: 'Deleted.' } as const;

export interface HeaderDoc {
  name: string;
  description: string;
  required?: boolean;
  /** JSON Schema of the value; a string when left out. */
  schema?: Record<string, unknown>;
}

/**
 * One route of the REST API as both sides see it. Its schemas drive the server's request parsing and
 * answer check, the app's typed calls and the OpenAPI document, so the three cannot drift apart.
 */
export interface RouteContract {
  method: HttpMethod;
  /** The full path, `{param}` for each path parameter. */
  path: string;
  summary: string;
  description?: string;
  /** Who may call it (src-shared/authz.ts holds the rules). */
  access: Access;
  /** Path parameters; left out, the route has none. */
  params?: z.ZodType;
  /** Query parameters; left out, the route takes none (any is a 400). */
  query?: z.ZodType;
  body?: z.ZodType;
  /** A larger request-body limit than the server's default (64 KB), for a route that takes a long list. */
  bodyLimitBytes?: number;
  /** Status 204 sends no body: use `NoContent` as the schema. `name` names it in the OpenAPI components. */
  response: { status: number; name: string; schema: z.ZodType; description: string };
  /**
   * Error statuses this route can answer with beyond those its declaration implies (see
   * errorStatusesOf): a conflict (409), a refused change (422), a 404 the path does not explain.
   */
  errors?: readonly number[];
  /** Request headers the route reads. */
  headers?: readonly HeaderDoc[];
  /** Headers the success answer carries, for the document. */
  responseHeaders?: readonly HeaderDoc[];
  /** Still served, but replaced by another route (OpenAPI `deprecated`). */
  deprecated?: boolean;
  /** Headers set on every answer of this route, errors included (e.g. `Deprecation`). */
  fixedHeaders?: Readonly<Record<string, string>>;
}

/** Whether a route needs a token at all. */
export function needsToken(route: Pick<RouteContract, 'access'>): boolean {
  return route.access !== 'public';
}

/**
 * Every error status a route can answer with, for the document: a malformed request (400) on any route,
 * a refusal (403) where its access rule can refuse, a missing domain, account or token (404) where
 * its path names one, and the route's own `errors`.
 */
export function errorStatusesOf(route: Pick<RouteContract, 'access' | 'params' | 'errors'>): number[] {
  const refusable = route.access !== 'public' && route.access !== 'authenticated';
  const implied = [400, ...(refusable ? [403] : []), ...(route.params ? [404] : [])];
  return [...new Set([...implied, ...(route.errors ?? [])])].sort((a, b) => a - b);
}
