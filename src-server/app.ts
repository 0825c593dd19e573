import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IdentifiedToken } from './auth/authenticate.js';
import { requestGate } from './auth/request-gate.js';
import { MemoryRateStore, type RateStore } from './cluster/rate-store.js';
import { installAccessLog } from './http/access-log.js';
import { clientErrorHandler } from './http/client-errors.js';
import { connectionLimits, fastifyLimitOptions, type ConnectionLimits } from './http/connection-limits.js';
import { errorBody, installErrorHandling } from './http/errors.js';
import { restContract } from '../src-shared/api/contract.js';
import { buildOpenApi } from './http/openapi.js';
import { installGracefulShutdown, type GracefulShutdown } from './http/graceful-shutdown.js';
import { installRequestGuards } from './http/request-guards.js';
import { serverOptions, type TlsFiles } from './http/tls.js';
import { registerRoute, type ServerRoute } from './http/route.js';
import { serverRoutes } from './http/server-routes.js';
import { loggedPath, type ErrorLog } from './http/server-error-log.js';
import { routeModules } from './routes/modules.js';
import type { Store } from './store/store.js';
import { SERVER_VERSION } from './version.js';

/** Every body this API takes is a small JSON object; anything near this size is not a real request. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  store: Store;
  log?: boolean;
  /** Where the log goes when `log` is on (default stdout); tests capture it to look for secrets. */
  logStream?: NodeJS.WritableStream;
  /** Where every 5xx is reported, `--log` or not (default stderr). */
  errorLog?: ErrorLog;
  /**
   * Also check pre-serialised list pages against their schema (costs as much as the page). Left out,
   * it follows CHECK_ALL_RESPONSES_ENV, which the test runner sets, so no test server goes without it.
   */
  validateAllResponses?: boolean;
  /** Timeouts and the connection cap (defaults: DEFAULT_CONNECTION_LIMITS). */
  limits?: Partial<ConnectionLimits>;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: TlsFiles;
  /** Where max-RPS buckets live (default: this process's memory); the caller closes it. */
  rateStore?: RateStore;
  /**
   * The proxies (addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`) whose
   * X-Forwarded-For is believed for the client address (`--trust-proxy`); none by default.
   */
  trustProxy?: readonly string[];
}

/** Set to 1 (the Vitest config does) and every server checks every answer against its schema. */
export const CHECK_ALL_RESPONSES_ENV = 'TOKENDESK_CHECK_ALL_RESPONSES';

export interface BuiltApp {
  app: FastifyInstance;
  /** Every route of the REST contract with its handler, as registered. */
  routes: ServerRoute[];
  /** Registers one more route the way every route is (tests plant faulty ones through it). */
  register(route: ServerRoute): void;
  /** Closes the app, letting requests in flight finish (within a timeout when given). */
  shutdown: GracefulShutdown;
}

/** Builds the Fastify app (not yet listening) with every route, so tests can add a route before listen. */
export function buildApp(options: AppOptions): BuiltApp {
  const { store } = options;
  const limits = connectionLimits(options.limits);
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    ...serverOptions(fastifyLimitOptions(limits), options.tls),
    // `--log` writes its own one line per request (access-log.ts); Fastify's logger stays off.
    logger: false,
    // Only named proxies may say who the client is: otherwise anyone could pick the address that rate
    // limits, the request log and "last used from" record.
    ...(options.trustProxy?.length ? { trustProxy: [...options.trustProxy] } : {}),
    // Unique across instances and restarts, so a line can be matched to a report from any of them.
    genReqId: () => randomUUID(),
    // Requests arriving while the server closes get request-guards' 503 in the API's shape instead.
    return503OnClosing: false,
    clientErrorHandler,
    // Errors Fastify raises before routing (an undecodable URL, an over-long path parameter) would
    // otherwise get Fastify's own body; they are the client's, so 400 in our shape.
    frameworkErrors: (error, _request, reply) => {
      const message =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A path segment is longer than this API accepts.'
          : 'The URL is not valid: it has a malformed percent-encoding.';
      // The framework-error hook types its reply for a route schema it does not have.
      void (reply as unknown as FastifyReply).code(400).send(errorBody('validation_failed', message));
    },
  });
  app.server.maxConnections = limits.maxConnections;
  installErrorHandling(app, { bodyLimit: BODY_LIMIT_BYTES, errorLog: options.errorLog ?? process.stderr });
  installRequestGuards(app);
  const shutdown = installGracefulShutdown(app);
  // JSON is the only body this API reads; Fastify's built-in text/plain parser would hand a route a
  // string, so without it any other type is a 415.
  app.removeContentTypeParser('text/plain');
  // Server-Timing lets clients and benchmarks see time spent in the server, apart from the network.
  const started = new WeakMap<object, number>();
  app.addHook('onRequest', (request, _reply, done) => {
    started.set(request, performance.now());
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const start = started.get(request);
    if (start !== undefined) void reply.header('Server-Timing', `app;dur=${(performance.now() - start).toFixed(1)}`);
    done(null, payload);
  });

  let openapi: Record<string, unknown> | undefined;
  const rates = options.rateStore ?? new MemoryRateStore(store.now);
  const routes = serverRoutes(
    routeModules(store, {
      rates,
      now: store.now,
      version: SERVER_VERSION,
      openapi: () => (openapi ??= buildOpenApi(restContract, SERVER_VERSION)),
    }),
  );

  // The token each request presented, once known, for the request log (service-account tokens only).
  // Queued in onSend, before the answer leaves: whoever holds the answer can rely on the entry being
  // queued (a flush then writes it), which onResponse, after the answer, would not promise.
  const presentedBy = new WeakMap<FastifyRequest, IdentifiedToken>();
  app.addHook('onSend', (request, reply, payload, done) => {
    const token = presentedBy.get(request);
    if (token?.kind === 'sa') {
      store.requestLog.add({
        memberId: token.memberId,
        tokenId: token.tokenId,
        method: request.method,
        path: loggedPath(request),
        status: reply.statusCode,
        clientAddress: request.ip,
      });
    }
    done(null, payload);
  });
  if (options.log) installAccessLog(app, options.logStream ?? process.stdout, (request) => presentedBy.get(request));
  app.addHook('onClose', async () => {
    await store.requestLog.flush();
  });

  const deps = {
    authenticate: requestGate(store, (request, token) => presentedBy.set(request, token), rates),
    validateAllResponses: options.validateAllResponses ?? process.env[CHECK_ALL_RESPONSES_ENV] === '1',
    transaction: <T>(fn: () => Promise<T>): Promise<T> => store.transaction(fn),
  };
  for (const route of routes) registerRoute(app, route, deps);
  return { app, routes, register: (route) => registerRoute(app, route, deps), shutdown };
}
