import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticate, type IdentifiedToken } from './auth/authenticate.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { errorBody, HttpError, installErrorHandling } from './http/errors.js';
import { buildOpenApi } from './http/openapi.js';
import { registerRoute, type AnyRouteSpec } from './http/route.js';
import { auditRoutes } from './routes/audit.js';
import { groupRoutes } from './routes/groups.js';
import { memberRoutes } from './routes/members.js';
import { personalTokenRoutes } from './routes/personal-tokens.js';
import { directoryRoutes } from './routes/directory.js';
import { requestLogRoutes } from './routes/request-logs.js';
import { serviceAccountWriteRoutes } from './routes/service-account-writes.js';
import { serviceAccountRoutes } from './routes/service-accounts.js';
import { systemRoutes } from './routes/system.js';
import { tokenWriteRoutes } from './routes/token-writes.js';
import { tokenRoutes } from './routes/tokens.js';
import type { Store } from './store/store.js';
import { SERVER_VERSION } from './version.js';

/** Every body this API takes is a small JSON object; anything near this size is not a real request. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  store: Store;
  log?: boolean;
  /** Where the log goes when `log` is on (default stdout); tests capture it to look for secrets. */
  logStream?: NodeJS.WritableStream;
  /** Also check pre-serialised list pages against their schema (tests; costs as much as the page). */
  validateAllResponses?: boolean;
}

/** Builds the Fastify app (not yet listening) with every route, so tests can add a route before listen. */
export function buildApp(options: AppOptions): { app: FastifyInstance; routes: AnyRouteSpec[] } {
  const { store } = options;
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Pino's request serializer logs method, url and addresses, never headers; redact anyway in case a
    // future serializer adds them, because the Authorization header carries a token.
    logger: options.log
      ? {
          level: 'info',
          redact: { paths: ['req.headers.authorization', 'headers.authorization'], remove: true },
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    return503OnClosing: true,
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
  installErrorHandling(app, BODY_LIMIT_BYTES);
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
  const routes: AnyRouteSpec[] = [];
  routes.push(
    ...systemRoutes({
      now: store.now,
      version: SERVER_VERSION,
      openapi: () => (openapi ??= buildOpenApi(routes, SERVER_VERSION)),
    }),
    ...serviceAccountRoutes(store),
    ...serviceAccountWriteRoutes(store),
    ...tokenRoutes(store),
    ...tokenWriteRoutes(store),
    ...directoryRoutes(store),
    ...requestLogRoutes(store),
    ...auditRoutes(store),
    ...personalTokenRoutes(store),
    ...memberRoutes(store),
    ...groupRoutes(store),
  );

  // The token each request presented, once known, for the request log (service-account tokens only).
  const presentedBy = new WeakMap<FastifyRequest, IdentifiedToken>();
  const limiter = new RateLimiter(store.now);
  app.addHook('onResponse', (request, reply, done) => {
    const token = presentedBy.get(request);
    if (token?.kind === 'sa') {
      store.requestLog.add({
        memberId: token.memberId,
        tokenId: token.tokenId,
        method: request.method,
        path: request.url.split('?', 1)[0] ?? '',
        status: reply.statusCode,
        clientAddress: request.ip,
      });
    }
    done();
  });
  app.addHook('onClose', (_app, done) => {
    store.requestLog.flush();
    done();
  });

  const deps = {
    authenticate: (request: FastifyRequest) => {
      const caller = authenticate(store, request.headers.authorization, request.ip, (token) =>
        presentedBy.set(request, token),
      );
      // Max RPS is checked once the token is known to be usable: refused requests do not use it up.
      const decision = limiter.take(caller.tokenId, caller.maxRps);
      if (!decision.allowed) {
        const seconds = decision.retryAfterSeconds;
        throw new HttpError(
          429,
          'rate_limited',
          `This token allows ${caller.maxRps} request${caller.maxRps === 1 ? '' : 's'} per second. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
          { maxRps: caller.maxRps, retryAfterSeconds: seconds },
          { 'Retry-After': String(seconds) },
        );
      }
      return caller;
    },
    validateAllResponses: options.validateAllResponses ?? false,
  };
  for (const route of routes) registerRoute(app, route, deps);
  return { app, routes };
}
