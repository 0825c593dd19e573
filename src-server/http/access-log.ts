import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { redactingStream } from './redacting-stream.js';
import { loggedPath } from './server-error-log.js';

/** Who made a request, once authentication has said (ids only: never the token itself). */
export interface KnownCaller {
  memberId: string;
  tokenId: string;
}

/**
 * `--log`: exactly one JSON line per answered request, written when the answer has gone out. Fastify's
 * own request logging writes two lines per request (one on arrival, one on completion) and chooses its
 * fields itself; this line holds only what an operator needs and nothing that can carry a secret: the
 * route's pattern, the path without its query (redacted), never a header. Every line also passes the
 * redacting stream, for a secret a client put where a path segment goes.
 */
export function installAccessLog(
  app: FastifyInstance,
  target: NodeJS.WritableStream,
  callerOf: (request: FastifyRequest) => KnownCaller | undefined,
): void {
  const out = redactingStream(target);
  // A socket's peer address is read from the OS on first use and then kept: read it as the connection
  // opens, because by the time the answer is logged a client that hung up with a reset (a load
  // balancer's health check may) has no address left to read.
  const remember = (socket: Socket) => void socket.remoteAddress;
  app.server.on('connection', remember);
  app.server.on('secureConnection', remember);
  app.addHook('onResponse', (request, reply, done) => {
    const caller = callerOf(request);
    const line = {
      time: new Date().toISOString(),
      level: reply.statusCode >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId: request.id,
      method: request.method,
      // The pattern (`/api/v1/domains/:domain/…`) groups requests by route; null when nothing matched.
      route: request.routeOptions.url ?? null,
      path: loggedPath(request),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      clientAddress: request.ip ?? null,
      ...(caller ? { memberId: caller.memberId, tokenId: caller.tokenId } : {}),
    };
    out.write(`${JSON.stringify(line)}\n`);
    done();
  });
}
