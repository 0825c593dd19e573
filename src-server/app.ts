import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate } from './auth/authenticate.js';
import { installErrorHandling } from './http/errors.js';
import { buildOpenApi } from './http/openapi.js';
import { registerRoute, type AnyRouteSpec } from './http/route.js';
import { serviceAccountRoutes } from './routes/service-accounts.js';
import { systemRoutes } from './routes/system.js';
import { tokenRoutes } from './routes/tokens.js';
import type { Store } from './store/store.js';
import { SERVER_VERSION } from './version.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  store: Store;
  log?: boolean;
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
      ? { level: 'info', redact: { paths: ['req.headers.authorization', 'headers.authorization'], remove: true } }
      : false,
    // Our own error handler answers every failure; keep Fastify from closing on a bad request silently.
    return503OnClosing: true,
  });
  installErrorHandling(app, BODY_LIMIT_BYTES);
  // Server-Timing lets clients and benchmarks see time spent in the server, apart from the network.
  const started = new WeakMap<object, number>();
  app.addHook('onRequest', async (request) => {
    started.set(request, performance.now());
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const start = started.get(request);
    if (start !== undefined) void reply.header('Server-Timing', `app;dur=${(performance.now() - start).toFixed(1)}`);
    return payload;
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
    ...tokenRoutes(store),
  );
  const deps = {
    authenticate: (request: { headers: { authorization?: string | undefined }; ip: string }) =>
      authenticate(store, request.headers.authorization, request.ip),
    validateAllResponses: options.validateAllResponses ?? false,
  };
  for (const route of routes) registerRoute(app, route, deps);
  return { app, routes };
}
