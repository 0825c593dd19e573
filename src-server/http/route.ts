import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import { parseInput } from './validate.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Routes without parameters or query still reject unknown query keys. */
export const NoInput = z.object({}).strict();

/** The response schema of a 204 route: the handler returns nothing and nothing is sent. */
export const NoContent = z.void();

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Set on routes with `auth: true`. */
  caller: Caller;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One route: its schemas drive request parsing, response shaping and the OpenAPI document, so the
 * three cannot drift apart.
 */
export interface RouteSpec<
  P extends z.ZodType = typeof NoInput,
  Q extends z.ZodType = typeof NoInput,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI-style path with `{param}` placeholders. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  auth: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Status 204 sends no body: use `NoContent` as the schema. */
  response: { status: number; name: string; schema: R; description: string };
  /** Error statuses this route can answer with, for the document. */
  errors: number[];
  /** Request headers the route reads, for the document. */
  headers?: HeaderDoc[];
  /** Headers the success answer carries, for the document. */
  responseHeaders?: HeaderDoc[];
  /** Still served, but replaced by another route (OpenAPI `deprecated`). */
  deprecated?: boolean;
  /** Headers set on every answer of this route, errors included (e.g. `Deprecation`). */
  fixedHeaders?: Record<string, string>;
  /**
   * Permission and scope checks, run after authentication and path/query parsing but before the body
   * is read, so a caller who may not act gets 403/404 whatever they sent.
   */
  authorize?(ctx: { caller: Caller; params: z.output<P>; query: z.output<Q> }): void;
  /** Checks on the raw body before schema parsing, for refusals that carry their own code. */
  checkBody?(raw: unknown): void;
  // Method syntax on purpose: it lets a specific route stand in the registry's AnyRouteSpec list.
  // A write route's (any method but GET) must be synchronous: it runs inside a transaction.
  handler(
    ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>,
  ): z.input<R> | RawJson | Promise<z.input<R> | RawJson>;
}

export interface HeaderDoc {
  name: string;
  description: string;
  required?: boolean;
  /** JSON Schema of the value; a string when left out. */
  schema?: Record<string, unknown>;
}

/** The registry's view of a route: each was type-checked with its own schemas where it was defined. */
export type AnyRouteSpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/**
 * A response already serialised as JSON (a large list page assembled from SQLite-built JSON). A GET
 * route's is parsed and checked against the route's schema only when `validateAllResponses` is on
 * (tests), since parsing it would cost as much as building it; a write route's always is.
 */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec<P, Q, B, R> {
  return spec;
}

export interface RouteDeps {
  authenticate(request: FastifyRequest): Caller;
  /** Also check pre-serialised (RawJson) GET responses against their schema. Everything else always is. */
  validateAllResponses: boolean;
  /**
   * Runs `fn` in one write transaction (`store.transaction`). Handlers' own `store.transaction` calls
   * nest inside it as savepoints.
   */
  transaction<T>(fn: () => T): T;
}

export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** What a route sends: nothing (204), JSON text as it is, or a value for Fastify to serialise. */
type Answer = { kind: 'empty' } | { kind: 'text'; text: string } | { kind: 'value'; value: unknown };

/**
 * Checks a handler's result against the route's response schema. Parsing shapes the output (unknown
 * keys dropped) and turns a server bug into a 500, not bad data. A RawJson page is checked only when
 * asked (`checkRaw`), since parsing it costs as much as building it.
 */
function answerOf(spec: AnyRouteSpec, result: unknown, checkRaw: boolean): Answer {
  if (spec.response.status === 204) {
    spec.response.schema.parse(result);
    return { kind: 'empty' };
  }
  if (result instanceof RawJson) {
    if (checkRaw) spec.response.schema.parse(JSON.parse(result.text));
    return { kind: 'text', text: result.text };
  }
  return { kind: 'value', value: spec.response.schema.parse(result) };
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function registerRoute(app: FastifyInstance, spec: AnyRouteSpec, deps: RouteDeps): void {
  const writes = spec.method !== 'GET';
  // A write's answer is checked inside its transaction (below), which cannot span an await.
  if (writes && spec.handler.constructor.name === 'AsyncFunction') {
    throw new Error(`${spec.operationId}: a write route's handler must be synchronous`);
  }
  app.route({
    method: spec.method,
    url: fastifyPath(spec.path),
    handler: async (request, reply) => {
      if (spec.fixedHeaders) void reply.headers(spec.fixedHeaders);
      // Authenticate before reading input, so an anonymous caller learns nothing from validation errors.
      // Routes declared with `auth: false` never read ctx.caller; typing it as always present keeps
      // every authenticated handler free of null checks.
      const caller = spec.auth ? deps.authenticate(request) : (undefined as unknown as Caller);
      const params: unknown = parseInput(spec.params ?? NoInput, request.params, 'params');
      const query: unknown = parseInput(spec.query ?? NoInput, request.query, 'query');
      spec.authorize?.({ caller, params, query });
      spec.checkBody?.(request.body);
      const body: unknown = spec.body ? parseInput(spec.body, request.body, 'body') : undefined;
      const ctx = { params, query, body, caller, request, reply };
      const answer = writes
        ? // No answer can fail its schema after its write committed (the client would get a 500 for a
          // change that happened, a token whose secret is lost): handler and check run in one
          // transaction, and a failing check rolls the write back.
          deps.transaction(() => {
            const result = spec.handler(ctx);
            if (isThenable(result)) throw new Error(`${spec.operationId}: a write route's handler returned a promise`);
            return answerOf(spec, result, true);
          })
        : answerOf(spec, await spec.handler(ctx), deps.validateAllResponses);
      void reply.code(spec.response.status);
      if (answer.kind === 'empty') return reply.send();
      if (answer.kind === 'text') return reply.type('application/json; charset=utf-8').send(answer.text);
      return reply.send(answer.value);
    },
  });
}
