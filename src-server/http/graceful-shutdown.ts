import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

export interface GracefulShutdown {
  /**
   * Stops accepting connections and waits for the requests being answered; requests that arrive
   * meanwhile on connections already open get 503. Past `drainTimeoutMs` (when given) the remaining
   * connections are cut. Resolves, once the server is closed, to the number of requests cut.
   */
  close(drainTimeoutMs?: number): Promise<number>;
}

/**
 * How the server stops (SIGTERM, SIGINT, or a test's close): a load balancer or systemd waits for
 * in-flight requests instead of seeing them reset, and a client that sends more on a kept-alive
 * connection learns in the API's shape that this instance is going away.
 */
export function installGracefulShutdown(app: FastifyInstance): GracefulShutdown {
  let closing = false;
  const inFlight = new Set<object>();
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // Fastify's own return503OnClosing answer has another shape, so the app turns it off and this
  // answers instead, with the connection closed after it.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!closing) {
      inFlight.add(request);
      return done();
    }
    done(
      new HttpError(503, 'unavailable', 'The server is shutting down. Try again in a moment.', undefined, {
        connection: 'close',
        'retry-after': '1',
      }),
    );
  });
  // Node closes the connections that are idle when the server starts closing, but not one that goes
  // idle later: a kept-alive connection whose in-flight request was answered would hold the close up
  // until its keep-alive timeout. Closing idle connections again after each answer ends that, while a
  // request already pipelined behind the answer still gets its 503 (its connection is not idle).
  const settled = (request: object, done: () => void) => {
    inFlight.delete(request);
    if (closing) setImmediate(() => app.server.closeIdleConnections());
    done();
  };
  app.addHook('onResponse', (request, _reply, done) => settled(request, done));
  app.addHook('onRequestAbort', (request, done) => settled(request, done));

  return {
    close: async (drainTimeoutMs) => {
      let cut = 0;
      const timer =
        drainTimeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              cut = inFlight.size;
              app.server.closeAllConnections();
            }, drainTimeoutMs);
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
      return cut;
    },
  };
}
