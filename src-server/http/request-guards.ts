import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

/**
 * Checks every request meets before routing (the shutdown's 503 is graceful-shutdown.ts). Thrown HttpErrors reach the error handler, so the answer
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
}
