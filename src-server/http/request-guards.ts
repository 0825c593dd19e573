import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

/**
 * Checks every request meets before routing. Thrown HttpErrors reach the error handler, so the answer
 * has the API's shape.
 */
export function installRequestGuards(app: FastifyInstance): void {
  // Node keeps only the first Authorization header in `request.headers`; a proxy in front may keep the
  // last. Two credentials in one request would be judged by whichever reader looks, so refuse them.
  app.addHook('onRequest', (request, _reply, done) => {
    let seen = 0;
    const raw = request.raw.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]!.toLowerCase() === 'authorization') seen++;
    }
    if (seen > 1) {
      done(
        new HttpError(
          400,
          'duplicate_authorization',
          'The request has more than one Authorization header. Send your token in exactly one.',
        ),
      );
      return;
    }
    done();
  });

  // Requests that arrive on open connections while the server shuts down get a 503 in the API's shape
  // (Fastify's own return503OnClosing answer has another shape), and the connection is closed.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, _reply, done) => {
    if (!closing) return done();
    done(
      new HttpError(503, 'unavailable', 'The server is shutting down. Try again in a moment.', undefined, {
        connection: 'close',
        'retry-after': '1',
      }),
    );
  });
}
