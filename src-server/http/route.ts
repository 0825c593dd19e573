import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BodyOut, OperationId, ParamsOut, QueryOut, ResponseIn } from '../../src-shared/api/contract.js';
import { NoInput, needsToken, type RouteContract } from '../../src-shared/api/route-contract.js';
import { mayCall } from '../../src-shared/authz.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import { UniqueViolation } from '../db/sql.js';
import { parseInput } from './validate.js';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Set on every route but the `public` ones. */
  caller: Caller;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * What the server supplies for one route of the REST contract (src-shared/api/contract.ts): its handler,
 * and the checks that need the database. Path, schemas, status and the access rule come from the
 * contract, so a route module cannot spell its own.
 */
export interface RouteImpl<P = unknown, Q = unknown, B = unknown, R = unknown> {
  /**
   * Scope checks that need the database (the domain, the account, a shared group), run after the
   * contract's access rule and before the body is read, so a caller who may not act gets 403/404
   * whatever they sent.
   */
  authorize?(ctx: { caller: Caller; params: P; query: Q; request: FastifyRequest }): void | Promise<void>;
  /** Checks on the raw body before schema parsing, for refusals that carry their own code. */
  checkBody?(raw: unknown): void;
  // Method syntax on purpose: it lets a specific route stand in the registry's ServerRoute list.
  // A write route's (any method but GET) runs inside a transaction, with its answer's check.
  handler(ctx: RouteContext<P, Q, B>): R | RawJson | Promise<R | RawJson>;
}

/** The implementation of one contract entry, typed from its schemas. */
export type HandlerOf<Op extends OperationId> = RouteImpl<ParamsOut<Op>, QueryOut<Op>, BodyOut<Op>, ResponseIn<Op>>;

/** A route module's handlers: some entries of the contract, each typed from its own schemas. */
export type HandlerModule = { [Op in OperationId]?: HandlerOf<Op> };

/** A route as the server registers it: its contract entry with the server's implementation. */
export interface ServerRoute extends RouteContract, RouteImpl {
  operationId: string;
}

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

export interface RouteDeps {
  authenticate(request: FastifyRequest): Promise<Caller>;
  /** Also check pre-serialised (RawJson) GET responses against their schema. Everything else always is. */
  validateAllResponses: boolean;
  /**
   * Runs `fn` in one write transaction (`store.transaction`). Handlers' own `store.transaction` calls
   * nest inside it as savepoints.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * A create checks that its name is free, then inserts. Two server instances (or, on PostgreSQL, two
 * requests of one) can both pass the check before either commits, and the later insert breaks the
 * UNIQUE index. The write rolled back whole, so it runs once more: its check now sees the committed row
 * and answers its own 409 name_taken, word for word what a later request gets, instead of a 500.
 */
async function onceMoreAfterUniqueRace<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    return write();
  }
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
function answerOf(route: ServerRoute, result: unknown, checkRaw: boolean): Answer {
  if (route.response.status === 204) {
    route.response.schema.parse(result);
    return { kind: 'empty' };
  }
  if (result instanceof RawJson) {
    if (checkRaw) route.response.schema.parse(JSON.parse(result.text));
    return { kind: 'text', text: result.text };
  }
  return { kind: 'value', value: route.response.schema.parse(result) };
}

/**
 * The input of a route that takes none: an empty object needs no schema run (this is on every call of
 * such a route, /me among them); anything else goes through NoInput for its refusal.
 */
function noInput(value: unknown, part: 'params' | 'query'): unknown {
  if (value && typeof value === 'object' && Object.keys(value).length === 0) return {};
  return parseInput(NoInput, value, part);
}

export function registerRoute(app: FastifyInstance, route: ServerRoute, deps: RouteDeps): void {
  const writes = route.method !== 'GET';
  const withToken = needsToken(route);
  app.route({
    method: route.method,
    url: fastifyPath(route.path),
    ...(route.bodyLimitBytes ? { bodyLimit: route.bodyLimitBytes } : {}),
    handler: async (request, reply) => {
      if (route.fixedHeaders) void reply.headers(route.fixedHeaders);
      // Authenticate before reading input, so an anonymous caller learns nothing from validation errors.
      // Public routes never read ctx.caller; typing it as always present keeps every other handler free
      // of null checks.
      const caller = withToken ? await deps.authenticate(request) : (undefined as unknown as Caller);
      const params: unknown = route.params
        ? parseInput(route.params, request.params, 'params')
        : noInput(request.params, 'params');
      const query: unknown = route.query
        ? parseInput(route.query, request.query, 'query')
        : noInput(request.query, 'query');
      // The contract's access rule, the same way for reads and writes; its shared-group half needs the
      // account, which the route's own checks look up.
      if (withToken) enforce(mayCall(actorOf(caller), route.access));
      await route.authorize?.({ caller, params, query, request });
      route.checkBody?.(request.body);
      const body: unknown = route.body ? parseInput(route.body, request.body, 'body') : undefined;
      const ctx = { params, query, body, caller, request, reply };
      const answer = writes
        ? // No answer can fail its schema after its write committed (the client would get a 500 for a
          // change that happened, a token whose secret is lost): handler and check run in one
          // transaction, and a failing check rolls the write back.
          await onceMoreAfterUniqueRace(() =>
            deps.transaction(async () => answerOf(route, await route.handler(ctx), true)),
          )
        : answerOf(route, await route.handler(ctx), deps.validateAllResponses);
      void reply.code(route.response.status);
      if (answer.kind === 'empty') return reply.send();
      if (answer.kind === 'text') return reply.type('application/json; charset=utf-8').send(answer.text);
      return reply.send(answer.value);
    },
  });
}
